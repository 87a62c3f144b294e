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
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The same sources, tasks and coordinator on threads, for throughput: one thread per node, an {@link InputGate} per
 * task, and a timer thread that starts an epoch every {@code intervalMillis} (0: never) and/or the first source
 * starting one every {@code everyRecords} records. Each node thread performs its node's actions as the simulator
 * does: store a snapshot durably, then acknowledge it; the coordinator completes epochs in order. Sources are finite:
 * a source that runs out keeps injecting the barriers of new epochs until every source has run out; then no epoch
 * starts any more, each source injects the barriers of the epochs already started (so every started epoch completes)
 * and sends end-of-stream; a task ends once all its inputs ended.
 *
 * <p>Failures ({@code Recover}). A failure takes the whole job down, as Flink's restart-all strategy does: at the
 * node steps listed in {@link Settings#failAtSteps} (the n-th step of any source or task, counted over the run) the
 * runtime stops every node thread at a step boundary, performs {@link Recovery#recover} (every node restarts from the
 * last completed checkpoint), empties the channels (new input gates), discards the aborted epochs' parts from the store
 * and starts the node threads again. A step, with the storing and acknowledging of what it recorded, holds the read
 * side of {@link #steps} (in a run with failures planned); a failure takes the write side, so it waits for the steps under way and no step begins until
 * the restore is done, and only then interrupts the threads (which wait on channels or on an epoch to start, never
 * inside a step, so a store is never interrupted mid-write). The coordinator's StartEpoch steps happen under
 * {@link #trigger}, which the restore holds too.
 */
public final class EpochRuntime {

    /**
     * @param failAtSteps the node steps (1 = the run's first source or task step) after which the job fails and
     *                    recovers, ascending; steps the run never reaches cause no failure
     */
    public record Settings(int capacity, long intervalMillis, long everyRecords, List<Long> failAtSteps) {
        public Settings {
            failAtSteps = List.copyOf(failAtSteps);
        }

        /** No failures. */
        public Settings(int capacity, long intervalMillis, long everyRecords) {
            this(capacity, intervalMillis, everyRecords, List.of());
        }
    }

    /**
     * How a recorder hooks into a run (the conformance validator): the last epoch the coordinator starts (the spec's
     * MaxEpoch; later triggers are ignored), the tasks' factory, a listener told of every node (coordinator,
     * sources, tasks, and the recovery step over them all) as it is built, before it takes a step, and the factories
     * of the recovery step and the coordinator.
     */
    public record Hooks(int maxEpoch, EpochSimulation.TaskFactory tasks, java.util.function.Consumer<Object> built,
                        Recovery.Factory recovery, Coordinator.Factory coordinator) {
        public static final Hooks NONE = new Hooks(Integer.MAX_VALUE, Task::new, node -> {});

        public Hooks(int maxEpoch, EpochSimulation.TaskFactory tasks, java.util.function.Consumer<Object> built) {
            this(maxEpoch, tasks, built, Recovery::new);
        }

        public Hooks(int maxEpoch, EpochSimulation.TaskFactory tasks, java.util.function.Consumer<Object> built,
                     Recovery.Factory recovery) {
            this(maxEpoch, tasks, built, recovery, Coordinator::new);
        }
    }

    /**
     * What a run measured: wall time, records emitted, each sink's output, per completed epoch the checkpoint bytes
     * stored and the records a Chandy-Lamport snapshot would have logged as channel state (those a task consumed
     * between the first and the last barrier of the epoch on its inputs), and every task's alignment times (ns from
     * the first barrier of an epoch to its aligned snapshot), and the failures the run recovered from.
     */
    public record Result(double seconds, long records, Map<String, List<String>> sinkOutputs, int completedEpochs,
                         List<Long> checkpointBytes, List<Long> inFlightRecords, List<Long> alignmentNanos,
                         int failures) {
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
    private volatile Map<String, InputGate<Message>> gates;
    private final Object trigger = new Object();
    private final ReentrantReadWriteLock steps = new ReentrantReadWriteLock();
    private final AtomicLong stepCount = new AtomicLong();
    private final Object runState = new Object();
    private int running;
    private boolean failRequested;
    private int failures;
    private volatile long nextFailAt;
    private final boolean mayFail;
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
        this.coordinator = hooks.coordinator().create(dataflow.tasks(), hooks.maxEpoch());
        hooks.built().accept(coordinator);
        this.gates = newGates();
        this.nextFailAt = failAt(0);
        this.mayFail = !settings.failAtSteps().isEmpty();
    }

    /** Empty input gates: the channels of a fresh start, or after a failure lost what was in flight. */
    private Map<String, InputGate<Message>> newGates() {
        Map<String, InputGate<Message>> g = new HashMap<>();
        for (String t : dataflow.tasks()) g.put(t, new InputGate<>(dataflow.ins(t).size(), settings.capacity()));
        return g;
    }

    /** The step count of failure number {@code i} (0-based), or never. */
    private long failAt(int i) {
        return i < settings.failAtSteps().size() ? settings.failAtSteps().get(i) : Long.MAX_VALUE;
    }

    public Result run() throws InterruptedException {
        Map<String, Task> tasks = new TreeMap<>();
        for (String t : dataflow.tasks()) {
            Task task = hooks.tasks().create(t, dataflow.ins(t), Operator.of(dataflow.kind(t)));
            hooks.built().accept(task);
            tasks.put(t, task);
        }
        long records = 0;
        List<Source> sources = new ArrayList<>();
        for (String s : dataflow.sources()) {
            Source src = new Source(s, input.getOrDefault(s, List.of()));
            hooks.built().accept(src);
            records += src.size();
            sources.add(src);
        }
        Recovery recovery = hooks.recovery().create(coordinator, List.copyOf(tasks.values()), sources);
        hooks.built().accept(recovery);
        Thread timer = new Thread(this::runTimer, "checkpoint-timer");
        timer.setDaemon(true);
        long t0 = System.nanoTime();
        if (settings.intervalMillis() > 0) timer.start();
        while (true) {
            List<Thread> threads = startNodes(tasks.values(), sources);
            if (!awaitEndOrFailure()) break;
            failAndRecover(threads, recovery);
        }
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
        return new Result(seconds, records, sinks, coordinator.lastCompleted(), bytes, logged, List.copyOf(alignment),
                failures);
    }

    /** Starts one thread per node (at the start, and again after each failure). */
    private List<Thread> startNodes(Iterable<Task> tasks, List<Source> sources) {
        List<Thread> threads = new ArrayList<>();
        for (Task task : tasks) threads.add(new Thread(() -> runTask(task), "task-" + task.name()));
        for (Source src : sources) threads.add(new Thread(() -> runSource(src), "source-" + src.name()));
        synchronized (runState) {
            running = threads.size();
        }
        for (Thread th : threads) th.start();
        return threads;
    }

    /** Waits until every node thread ended (false) or a failure is due while some still run (true). */
    private boolean awaitEndOrFailure() throws InterruptedException {
        synchronized (runState) {
            while (running > 0 && !failRequested) runState.wait();
            return running > 0;
        }
    }

    /** A node thread ended (its node finished, or a failure stopped it). */
    private void nodeEnded() {
        synchronized (runState) {
            running--;
            runState.notifyAll();
        }
    }

    /**
     * A node step begins: it holds the read side of {@link #steps} until {@link #endStep}. Only a run with failures
     * planned takes the lock (and counts steps): a failure-free run pays nothing for recovery, since its threads share
     * no lock word on every step.
     */
    private void beginStep() throws InterruptedException {
        if (mayFail) steps.readLock().lockInterruptibly();
    }

    private void endStep() {
        if (mayFail) steps.readLock().unlock();
    }

    /** A node step is done (called with no lock held): counts it, and calls for the failure due at this count. */
    private void stepped() {
        if (mayFail && stepCount.incrementAndGet() >= nextFailAt) {
            synchronized (runState) {
                failRequested = true;
                runState.notifyAll();
            }
        }
    }

    /**
     * {@code Recover} on threads: waits for the steps under way, stops every node thread, restarts the nodes from the
     * last completed checkpoint with empty channels, discards the aborted epochs' parts. The node threads are started
     * again by the caller.
     */
    private void failAndRecover(List<Thread> threads, Recovery recovery) throws InterruptedException {
        steps.writeLock().lock();
        try {
            for (Thread th : threads) th.interrupt();
            for (Thread th : threads) th.join();
            synchronized (trigger) {
                int l = recovery.recover(store);
                store.discardAfter(l);
                gates = newGates();
                stopStarting = false;
                finishedSources = 0;
                sinceLastEpoch.set(0);
                failures++;
                nextFailAt = failAt(failures);
                synchronized (runState) {
                    failRequested = false;
                }
            }
        } finally {
            steps.writeLock().unlock();
        }
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
            while (true) {
                injectStartedBarriers(s, coordinator.started());
                Record r;
                beginStep();
                try {
                    if (s.sourceEmitRefusal().isPresent()) break;
                    r = s.sourceEmit();
                } finally {
                    endStep();
                }
                stepped();
                send(s.name(), r);
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
        } finally {
            nodeEnded();
        }
    }

    /** InjectBarrier for each started epoch the source has not injected: store its offset, then send the barrier. */
    private void injectStartedBarriers(Source s, int started) throws InterruptedException {
        while (true) {
            Barrier b;
            beginStep();
            try {
                if (s.injectBarrierRefusal(started).isPresent()) return;
                store.put(s.injectBarrier(started));
                b = s.barrier();
            } finally {
                endStep();
            }
            stepped();
            send(s.name(), b);
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
                    Optional<Record> out;
                    beginStep();
                    try {
                        if (!task.blocked().isEmpty()) {
                            inFlight.computeIfAbsent(task.recorded() + 1, e -> new AtomicLong()).incrementAndGet();
                        }
                        out = task.process(c, r);
                        storeAndAcknowledge(task);
                    } finally {
                        endStep();
                    }
                    stepped();
                    if (out.isPresent()) send(task.name(), out.get());
                } else if (in.message() instanceof Barrier b) {
                    if (task.blocked().isEmpty()) alignStart = System.nanoTime();
                    beginStep();
                    try {
                        task.rcvBarrier(c, b);
                        gate.block(in.channel());
                    } finally {
                        endStep();
                    }
                    stepped();
                    if (task.alignedSnapshotRefusal().isEmpty()) {
                        Barrier forward;
                        beginStep();
                        try {
                            forward = task.alignedSnapshot();
                            storeAndAcknowledge(task);
                        } finally {
                            endStep();
                        }
                        stepped();
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
        } finally {
            nodeEnded();
        }
    }

    /** Stores the task's new snapshots durably, then acknowledges each (part of the step that recorded them). */
    private void storeAndAcknowledge(Task task) {
        for (TaskSnapshot snap : task.takeSnapshotsToStore()) {
            store.put(snap);
            acknowledge(task.name(), snap.epoch());
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
