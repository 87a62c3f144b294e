package ddm.epoch;

import ddm.epoch.EpochEvent.AlignedSnapshot;
import ddm.epoch.EpochEvent.CompleteEpoch;
import ddm.epoch.EpochEvent.InjectBarrier;
import ddm.epoch.EpochEvent.Process;
import ddm.epoch.EpochEvent.RcvBarrier;
import ddm.epoch.EpochEvent.Recover;
import ddm.epoch.EpochEvent.SourceEmit;
import ddm.epoch.EpochEvent.StartEpoch;
import ddm.epoch.Message.Record;
import ddm.epoch.Snapshots.SourceOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The dataflow in a deterministic simulator: the channels (FIFO queues, bounded by {@code capacity} records), the
 * sources, tasks and coordinator, the checkpoint store and the failure count. The caller chooses every event
 * ({@link #step}); {@link #enabled} lists the events the current state allows, which are exactly the spec's enabled
 * actions as long as no channel is full. A failure is the event {@code Recover}, bounded by {@code maxFailures}.
 *
 * <p>Each event is performed whole or refused ({@link ActionRefused}) with nothing changed: guards are checked first,
 * then the node's method runs and its outputs are appended to the output channels, its snapshot stored and then
 * acknowledged to the coordinator (the spec's {@code AlignedSnapshot} is atomic, so acknowledgement is immediate here).
 */
public class EpochSimulation {

    /** Makes a task; tests pass a factory of deliberately broken tasks. */
    public interface TaskFactory {
        Task create(String name, List<Channel> ins, Operator operator);
    }

    /**
     * @param input      each source's records {@code {key, value}}
     * @param maxEpoch   the coordinator starts epochs 1 .. maxEpoch
     * @param capacity   records a channel holds before its sender waits (backpressure); barriers do not count
     */
    public record Config(Dataflow dataflow, Map<String, List<long[]>> input, int maxEpoch, int maxFailures,
                         int capacity, TaskFactory taskFactory, Coordinator.Factory coordinatorFactory) {
        public Config(Dataflow dataflow, Map<String, List<long[]>> input, int maxEpoch, int maxFailures) {
            this(dataflow, input, maxEpoch, maxFailures, 1 << 20, Task::new, Coordinator::new);
        }

        public Config withTaskFactory(TaskFactory f) {
            return new Config(dataflow, input, maxEpoch, maxFailures, capacity, f, coordinatorFactory);
        }

        public Config withCoordinatorFactory(Coordinator.Factory f) {
            return new Config(dataflow, input, maxEpoch, maxFailures, capacity, taskFactory, f);
        }

        public Config withCapacity(int c) {
            return new Config(dataflow, input, maxEpoch, maxFailures, c, taskFactory, coordinatorFactory);
        }
    }

    protected final Config config;
    protected final Dataflow dataflow;
    protected final Map<Channel, ArrayDeque<Message>> chan = new LinkedHashMap<>();
    protected final Map<String, Source> sources = new LinkedHashMap<>();
    protected final Map<String, Task> tasks = new LinkedHashMap<>();
    protected final Coordinator coordinator;
    protected final CheckpointStore store;
    protected int failures;
    private final List<EpochEvent> trace = new ArrayList<>();

    public EpochSimulation(Config config) {
        this(config, new MemoryCheckpointStore());
    }

    public EpochSimulation(Config config, CheckpointStore store) {
        this.config = config;
        this.dataflow = config.dataflow();
        this.store = store;
        for (Channel c : dataflow.channels()) chan.put(c, new ArrayDeque<>());
        for (String s : dataflow.sources()) sources.put(s, new Source(s, config.input().getOrDefault(s, List.of())));
        for (String t : dataflow.tasks()) {
            tasks.put(t, config.taskFactory().create(t, dataflow.ins(t), Operator.of(dataflow.kind(t))));
        }
        this.coordinator = config.coordinatorFactory().create(dataflow.tasks(), config.maxEpoch());
    }

    public Config config() {
        return config;
    }

    public Dataflow dataflow() {
        return dataflow;
    }

    public Source source(String s) {
        return sources.get(s);
    }

    public Task task(String t) {
        return tasks.get(t);
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public CheckpointStore store() {
        return store;
    }

    public int failures() {
        return failures;
    }

    /** The messages on channel c, oldest first. */
    public List<Message> chan(Channel c) {
        return List.copyOf(chan.get(c));
    }

    /** The events performed so far. */
    public List<EpochEvent> trace() {
        return Collections.unmodifiableList(trace);
    }

    /** Every event enabled now, in a fixed order. */
    public List<EpochEvent> enabled() {
        List<EpochEvent> all = new ArrayList<>();
        for (int e = 1; e <= config.maxEpoch(); e++) {
            all.add(new StartEpoch(e));
            all.add(new CompleteEpoch(e));
        }
        for (String s : sources.keySet()) {
            all.add(new SourceEmit(s));
            all.add(new InjectBarrier(s));
        }
        for (String t : tasks.keySet()) {
            for (Channel c : dataflow.ins(t)) {
                all.add(new Process(t, c));
                all.add(new RcvBarrier(t, c));
            }
            all.add(new AlignedSnapshot(t));
        }
        all.add(new Recover());
        return all.stream().filter(e -> refusal(e).isEmpty()).toList();
    }

    /** Why {@code event} is not enabled now, or empty if it is. */
    public Optional<String> refusal(EpochEvent event) {
        if (event instanceof StartEpoch x) return coordinator.startEpochRefusal(x.e());
        if (event instanceof CompleteEpoch x) return coordinator.completeEpochRefusal(x.e());
        if (event instanceof SourceEmit x) {
            return known(sources, x.s()).or(() -> sources.get(x.s()).sourceEmitRefusal()).or(() -> outputsFull(x.s()));
        }
        if (event instanceof InjectBarrier x) {
            return known(sources, x.s()).or(() -> sources.get(x.s()).injectBarrierRefusal(coordinator.started()));
        }
        if (event instanceof Process x) return headRefusal(x.t(), x.c(), Record.class).or(() -> outputsFull(x.t()));
        if (event instanceof RcvBarrier x) return headRefusal(x.t(), x.c(), Message.Barrier.class);
        if (event instanceof AlignedSnapshot x) {
            return known(tasks, x.t()).or(() -> tasks.get(x.t()).alignedSnapshotRefusal());
        }
        return failures < config.maxFailures() ? Optional.empty()
                : Optional.of("the failure budget (" + config.maxFailures() + ") is spent");
    }

    /** Performs {@code event}, or refuses it with nothing changed. */
    public final void step(EpochEvent event) {
        Optional<String> why = refusal(event);
        if (why.isPresent()) throw new ActionRefused(event.toString(), why.get());
        if (event instanceof StartEpoch x) {
            coordinator.startEpoch(x.e());
        } else if (event instanceof CompleteEpoch x) {
            coordinator.completeEpoch(x.e());
        } else if (event instanceof SourceEmit x) {
            broadcast(x.s(), sources.get(x.s()).sourceEmit());
        } else if (event instanceof InjectBarrier x) {
            Source s = sources.get(x.s());
            SourceOffset o = s.injectBarrier(coordinator.started());
            store.put(o);
            broadcast(x.s(), s.barrier());
        } else if (event instanceof Process x) {
            Record r = (Record) chan.get(x.c()).peekFirst();
            Optional<Record> out = tasks.get(x.t()).process(x.c(), r);
            chan.get(x.c()).pollFirst();
            out.ifPresent(m -> broadcast(x.t(), m));
            storeAndAcknowledge(tasks.get(x.t()));
        } else if (event instanceof RcvBarrier x) {
            tasks.get(x.t()).rcvBarrier(x.c(), (Message.Barrier) chan.get(x.c()).peekFirst());
            chan.get(x.c()).pollFirst();
        } else if (event instanceof AlignedSnapshot x) {
            Message.Barrier b = tasks.get(x.t()).alignedSnapshot();
            storeAndAcknowledge(tasks.get(x.t()));
            broadcast(x.t(), b);
        } else {
            recover();
        }
        trace.add(event);
    }

    /**
     * {@code Recover}: the dataflow fails and restarts from the last completed epoch l. In-flight messages are lost,
     * every task restores its snapshot of l, every source rewinds to its barrier position for l, and the epochs after
     * l are aborted (their parts discarded, their numbers reused). Test subclasses override this to seed bugs.
     */
    protected void recover() {
        failures++;
        loseInFlight();
        int l = new Recovery(coordinator, List.copyOf(tasks.values()), List.copyOf(sources.values())).recover(store);
        store.discardAfter(l);
    }

    protected final void loseInFlight() {
        for (ArrayDeque<Message> q : chan.values()) q.clear();
    }

    /** Runs random enabled events (failures only while {@code failuresAllowed}) until none is left or the limit. */
    public int runRandomly(Random random, int maxSteps, boolean failuresAllowed) {
        int n = 0;
        while (n < maxSteps) {
            List<EpochEvent> en = enabled().stream().filter(e -> failuresAllowed || !(e instanceof Recover)).toList();
            if (en.isEmpty()) break;
            step(en.get(random.nextInt(en.size())));
            n++;
        }
        return n;
    }

    /** Stores the task's new snapshots durably, then acknowledges each to the coordinator. */
    private void storeAndAcknowledge(Task t) {
        for (Snapshots.TaskSnapshot s : t.takeSnapshotsToStore()) {
            store.put(s);
            coordinator.acknowledge(t.name(), s.epoch());
        }
    }

    private void broadcast(String node, Message m) {
        for (Channel c : dataflow.outs(node)) chan.get(c).addLast(m);
    }

    private Optional<String> outputsFull(String node) {
        for (Channel c : dataflow.outs(node)) {
            long records = chan.get(c).stream().filter(m -> m instanceof Record).count();
            if (records >= config.capacity()) return Optional.of(c + " is full (backpressure)");
        }
        return Optional.empty();
    }

    private Optional<String> headRefusal(String t, Channel c, Class<? extends Message> kind) {
        Optional<String> unknown = known(tasks, t);
        if (unknown.isPresent()) return unknown;
        if (!chan.containsKey(c)) return Optional.of(c + " is not a channel");
        Optional<String> gate = tasks.get(t).inputRefusal(c);
        if (gate.isPresent()) return gate;
        Message head = chan.get(c).peekFirst();
        if (head == null) return Optional.of(c + " is empty");
        if (!kind.isInstance(head)) return Optional.of("the head of " + c + " is " + head);
        return Optional.empty();
    }

    private static Optional<String> known(Map<String, ?> nodes, String n) {
        return nodes.containsKey(n) ? Optional.empty() : Optional.of("no such node " + n);
    }

    // The spec's actions by name, for readers of the spec and the conformance view.

    /** Implements {@code EpochAlignment!StartEpoch(e)}. */
    public void startEpoch(int e) {
        step(new StartEpoch(e));
    }

    /** Implements {@code EpochAlignment!CompleteEpoch(e)}. */
    public void completeEpoch(int e) {
        step(new CompleteEpoch(e));
    }

    /** Implements {@code EpochAlignment!SourceEmit(s)}. */
    public void sourceEmit(String s) {
        step(new SourceEmit(s));
    }

    /** Implements {@code EpochAlignment!InjectBarrier(s)}. */
    public void injectBarrier(String s) {
        step(new InjectBarrier(s));
    }

    /** Implements {@code EpochAlignment!Process(t, c)}. */
    public void process(String t, Channel c) {
        step(new Process(t, c));
    }

    /** Implements {@code EpochAlignment!RcvBarrier(t, c)}. */
    public void rcvBarrier(String t, Channel c) {
        step(new RcvBarrier(t, c));
    }

    /** Implements {@code EpochAlignment!AlignedSnapshot(t)}. */
    public void alignedSnapshot(String t) {
        step(new AlignedSnapshot(t));
    }

    /** Implements {@code EpochAlignment!Recover}. */
    public void recoverFromFailure() {
        step(new Recover());
    }
}
