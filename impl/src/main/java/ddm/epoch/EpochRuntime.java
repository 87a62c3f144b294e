package ddm.epoch;

import ddm.epoch.Message.Barrier;
import ddm.epoch.Message.EndOfStream;
import ddm.epoch.Message.Record;
import ddm.epoch.Snapshots.TaskSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same sources, tasks and coordinator on threads, for throughput: one thread per node, an {@link InputGate} per
 * task, and a timer thread that starts an epoch every {@code intervalMillis} (0: never) and/or the first source
 * starting one every {@code everyRecords} records. Each node thread performs its node's actions as the simulator
 * does: store a snapshot durably, then acknowledge it; the coordinator completes epochs in order. Sources are finite:
 * a source that runs out keeps injecting the barriers of new epochs until every source has run out; then no epoch
 * starts any more, each source injects the barriers of the epochs already started (so every started epoch completes)
 * and sends end-of-stream; a task ends once all its inputs ended. No failures here:
 * recovery is exercised in the simulator.
 */
public final class EpochRuntime {

    public record Settings(int capacity, long intervalMillis, long everyRecords) {}

    /**
     * How a recorder hooks into a run (the conformance validator): the last epoch the coordinator starts (the spec's
     * MaxEpoch; later triggers are ignored), the tasks' factory, and a listener told of every node (coordinator,
     * sources, tasks) as it is built, before it takes a step.
     */
    public record Hooks(int maxEpoch, EpochSimulation.TaskFactory tasks, java.util.function.Consumer<Object> built) {
        public static final Hooks NONE = new Hooks(Integer.MAX_VALUE, Task::new, node -> {});
    }

    /**
     * What a run measured: wall time, records emitted, each sink's output, per completed epoch the checkpoint bytes
     * stored and the records a Chandy-Lamport snapshot would have logged as channel state (those a task consumed
     * between the first and the last barrier of the epoch on its inputs), and every task's alignment times (ns from
     * the first barrier of an epoch to its aligned snapshot).
     */
    public record Result(double seconds, long records, Map<String, List<String>> sinkOutputs, int completedEpochs,
                         List<Long> checkpointBytes, List<Long> inFlightRecords, List<Long> alignmentNanos) {
        public double recordsPerSecond() {
            return records / seconds;
        }
    }

    private final Dataflow dataflow;
    private final Map<String, List<long[]>> input;
    private final Settings settings;
    private final CheckpointStore store;
    private final Coordinator coordinator;
    private final Hooks hooks;
    private final Map<String, InputGate<Message>> gates = new HashMap<>();
    private final Object trigger = new Object();
    private boolean stopStarting;
    private int finishedSources;
    private final AtomicLong sinceLastEpoch = new AtomicLong();
    private final Map<Integer, AtomicLong> inFlight = new ConcurrentHashMap<>();
    private final List<Long> alignment = Collections.synchronizedList(new ArrayList<>());

    public EpochRuntime(Dataflow dataflow, Map<String, List<long[]>> input, Settings settings, CheckpointStore store) {
        this(dataflow, input, settings, store, Hooks.NONE);
    }

    public EpochRuntime(Dataflow dataflow, Map<String, List<long[]>> input, Settings settings, CheckpointStore store,
                        Hooks hooks) {
        this.dataflow = dataflow;
        this.input = input;
        this.settings = settings;
        this.store = store;
        this.hooks = hooks;
        this.coordinator = new Coordinator(dataflow.tasks(), hooks.maxEpoch());
        hooks.built().accept(coordinator);
        for (String t : dataflow.tasks()) gates.put(t, new InputGate<>(dataflow.ins(t).size(), settings.capacity()));
    }

    public Result run() throws InterruptedException {
        Map<String, Task> tasks = new TreeMap<>();
        List<Thread> threads = new ArrayList<>();
        for (String t : dataflow.tasks()) {
            Task task = hooks.tasks().create(t, dataflow.ins(t), Operator.of(dataflow.kind(t)));
            hooks.built().accept(task);
            tasks.put(t, task);
            threads.add(new Thread(() -> runTask(task), "task-" + t));
        }
        long records = 0;
        for (String s : dataflow.sources()) {
            Source src = new Source(s, input.getOrDefault(s, List.of()));
            hooks.built().accept(src);
            records += src.size();
            threads.add(new Thread(() -> runSource(src), "source-" + s));
        }
        Thread timer = new Thread(this::runTimer, "checkpoint-timer");
        timer.setDaemon(true);
        long t0 = System.nanoTime();
        if (settings.intervalMillis() > 0) timer.start();
        for (Thread th : threads) th.start();
        for (Thread th : threads) th.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        timer.interrupt();
        Map<String, List<String>> sinks = new TreeMap<>();
        for (Task t : tasks.values()) {
            if (t.operator() instanceof Operator.Collect c) sinks.put(t.name(), c.output());
        }
        List<Long> bytes = new ArrayList<>(), logged = new ArrayList<>();
        for (int e = 1; e <= coordinator.lastCompleted(); e++) {
            bytes.add(store.bytes(e));
            logged.add(inFlight.getOrDefault(e, new AtomicLong()).get());
        }
        return new Result(seconds, records, sinks, coordinator.lastCompleted(), bytes, logged, List.copyOf(alignment));
    }

    /** StartEpoch(started + 1), unless every source has run out or it would be beyond the last epoch. */
    private void startNextEpoch() {
        synchronized (trigger) {
            if (stopStarting || coordinator.startEpochRefusal(coordinator.started() + 1).isPresent()) return;
            coordinator.startEpoch(coordinator.started() + 1);
            sinceLastEpoch.set(0);
            trigger.notifyAll();
        }
    }

    private void runTimer() {
        try {
            while (true) {
                Thread.sleep(settings.intervalMillis());
                startNextEpoch();
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    private void runSource(Source s) {
        try {
            while (s.sourceEmitRefusal().isEmpty()) {
                injectStartedBarriers(s, coordinator.started());
                send(s.name(), s.sourceEmit());
                if (Coordinator.everyRecords(sinceLastEpoch.incrementAndGet(), settings.everyRecords())) startNextEpoch();
            }
            // Out of input: keep taking part in epochs until every source is, then stop them and end the stream.
            boolean last;
            synchronized (trigger) {
                finishedSources++;
                stopStarting = finishedSources == dataflow.sources().size();
                trigger.notifyAll();
            }
            while (true) {
                int started;
                synchronized (trigger) {
                    last = stopStarting;
                    started = coordinator.started();
                    if (!last && s.injectBarrierRefusal(started).isPresent()) {
                        trigger.wait();
                        continue;
                    }
                }
                injectStartedBarriers(s, started);
                if (last) break;
            }
            send(s.name(), new EndOfStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void injectStartedBarriers(Source s, int started) throws InterruptedException {
        while (s.injectBarrierRefusal(started).isEmpty()) {
            store.put(s.injectBarrier(started));
            send(s.name(), s.barrier());
        }
    }

    private void runTask(Task task) {
        List<Channel> ins = dataflow.ins(task.name());
        InputGate<Message> gate = gates.get(task.name());
        int ended = 0;
        long alignStart = 0;
        try {
            while (ended < ins.size()) {
                InputGate.Taken<Message> in = gate.take();
                Channel c = ins.get(in.channel());
                if (in.message() instanceof Record r) {
                    if (!task.blocked().isEmpty()) {
                        inFlight.computeIfAbsent(task.recorded() + 1, e -> new AtomicLong()).incrementAndGet();
                    }
                    Optional<Record> out = task.process(c, r);
                    if (out.isPresent()) send(task.name(), out.get());
                } else if (in.message() instanceof Barrier b) {
                    if (task.blocked().isEmpty()) alignStart = System.nanoTime();
                    task.rcvBarrier(c, b);
                    gate.block(in.channel());
                    if (task.alignedSnapshotRefusal().isEmpty()) {
                        Barrier forward = task.alignedSnapshot();
                        for (TaskSnapshot snap : task.takeSnapshotsToStore()) {
                            store.put(snap);
                            acknowledge(task.name(), snap.epoch());
                        }
                        alignment.add(System.nanoTime() - alignStart);
                        send(task.name(), forward);
                        gate.unblockAll();
                    }
                } else {
                    ended++;
                }
            }
            send(task.name(), new EndOfStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The task's snapshot of {@code epoch} is durable; complete every epoch that now can be, in order. */
    private void acknowledge(String task, int epoch) {
        synchronized (coordinator) {
            coordinator.acknowledge(task, epoch);
            while (coordinator.completeEpochRefusal(coordinator.lastCompleted() + 1).isEmpty()) {
                coordinator.completeEpoch(coordinator.lastCompleted() + 1);
            }
        }
    }

    private void send(String node, Message m) throws InterruptedException {
        for (Channel c : dataflow.outs(node)) gates.get(c.to()).put(dataflow.ins(c.to()).indexOf(c), m);
    }
}
