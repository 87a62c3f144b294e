package ddm.flink;

import ddm.conformance.validate.NodeEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's steps as {@code EpochAlignment.tla}'s actions, in per-node logs: one node per Flink subtask (its own task
 * thread logs it) and one for the checkpoint coordinator. The advice ({@link FlinkAdvice}) calls the static hooks
 * below from Flink's own threads; each hook works on the stepping node's state only, and the nodes share nothing but
 * {@link NodeEvents}'s send table (a concurrent map: a FIFO channel's k-th spec message taken is its k-th sent) and the
 * map from Flink's checkpoint ids to epochs. The coordinator's steps come from several Flink threads and are
 * serialized on the coordinator's own monitor, which no task thread ever takes.
 *
 * <p>The abstraction (the spec broadcasts every record, Flink partitions by key): each node's spec records in an
 * epoch stand for its Flink records of that epoch. A source's first Flink record of an epoch is {@code SourceEmit(s)}
 * (the spec's record then goes out on every output channel). A task's first Flink record from channel c in an epoch
 * is {@code Process(t, c)}; when the barrier arrives on c, the spec records the sender put on c before it that the
 * task has not consumed (those whose Flink records went to another subtask) are consumed first, each a
 * {@code Process(t, c)}, then the barrier is {@code RcvBarrier(t, c)}. The spec records a task sends are one per
 * {@code Process}. So a task that takes a Flink record from a channel that the spec has blocked (data after the
 * barrier, consumed before the snapshot) takes a {@code Process(t, c)} that the spec refuses. The logs carry the
 * actions and their parameters only (the PARAMS level): the spec's counts of such abstract records say nothing
 * about Flink's keyed state.
 *
 * <p>Failure and restore: a subtask whose record processing throws logs {@code Fail} (a marker: the spec's failure
 * is part of its {@code Recover}); the coordinator's restore after it is {@code Recover}, a global step (Flink has
 * ended every old subtask attempt by then, and starts the new ones after it), which logs the epoch restored. The
 * new attempts are new nodes of the same names, whose message keys carry the number of recoveries before them.
 */
public class FlinkSteps extends NodeEvents {

    /** The coordinator's node name. */
    public static final String COORDINATOR = "coordinator";

    /**
     * The recorders of the current run: several record one run at once (the seeded recorders derive from it). An
     * array, replaced whole: the record hooks run for every record Flink moves, and must not allocate.
     */
    private static volatile FlinkSteps[] active = new FlinkSteps[0];
    private static final Pattern SUBTASK = Pattern.compile("^(.*) \\((\\d+)/(\\d+)\\)#(\\d+)$");

    private final int parallelism;
    private final Map<Long, Long> epochOfCheckpoint = new ConcurrentHashMap<>();
    /** The spec index of barrier e on channel c: ("bar", c, e) -> n, written by the sender before Flink sends. */
    private final Map<List<Object>, Long> barrierIndex = new ConcurrentHashMap<>();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<String> anomalies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger completed = new AtomicInteger();
    private final Object coordinatorToken = new Object();
    private long started;
    private volatile long lastCompletedEpoch;
    /** Recoveries so far: a node made after the k-th numbers its messages anew (the spec empties every channel). */
    private volatile int recoveries;
    /** The epoch the last recovery restored: what a subtask attempt made after it has recorded. */
    private volatile long restoredEpoch;
    private final AtomicInteger failuresSeen = new AtomicInteger();
    private final AtomicInteger blockedTakes = new AtomicInteger();

    /** A node's own bookkeeping, touched by its own thread only (the coordinator's: under its monitor). */
    protected static final class Node {
        final String name;
        final Object token = new Object();
        final List<List<Object>> ins = new ArrayList<>(), outs = new ArrayList<>();
        final Map<List<Object>, Long> consumed = new HashMap<>(), sent = new HashMap<>();
        final Set<List<Object>> processedInEpoch = new HashSet<>();
        /** The input channels the spec has blocked: barrier taken, snapshot not yet. */
        final Set<List<Object>> blocked = new HashSet<>();
        boolean emittedInEpoch;
        long recorded;
        /** The recoveries before this node (a Flink subtask attempt) was made: part of its message keys. */
        final int incarnation;

        Node(String name, int incarnation, long recorded) {
            this.name = name;
            this.incarnation = incarnation;
            this.recorded = recorded;
        }

        public String name() {
            return name;
        }

        public List<List<Object>> ins() {
            return ins;
        }

        public Set<List<Object>> blocked() {
            return blocked;
        }
    }

    /** Records a job of {@code parallelism} sources and counters (the shape of {@link FlinkJob}). */
    public FlinkSteps(int parallelism) {
        this.parallelism = parallelism;
        register(coordinatorToken, COORDINATOR);
    }

    /** The job's spec nodes: sources s0.., counters c0.., and the sum. */
    public List<String> sources() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) out.add("s" + i);
        return out;
    }

    public List<String> counters() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) out.add("c" + i);
        return out;
    }

    public List<String> tasks() {
        List<String> out = new ArrayList<>(counters());
        out.add("sum");
        return out;
    }

    static List<Object> edge(String from, String to) {
        return List.of(from, to);
    }

    /** Starts recording into this recorder (with any others recording the same run). */
    public void start() {
        synchronized (FlinkSteps.class) {
            List<FlinkSteps> now = new ArrayList<>(List.of(active));
            if (now.contains(this)) throw new IllegalStateException("this recorder is recording already");
            now.add(this);
            active = now.toArray(FlinkSteps[]::new);
        }
    }

    /** Stops recording; rethrows the first exception a hook met (the hooks keep it away from Flink's threads). */
    public void stop() {
        synchronized (FlinkSteps.class) {
            List<FlinkSteps> now = new ArrayList<>(List.of(active));
            now.remove(this);
            active = now.toArray(FlinkSteps[]::new);
        }
        Throwable t = failure.get();
        if (t != null) throw new IllegalStateException("the Flink recorder failed: " + t, t);
    }

    /** Checkpoints Flink completed while recording. */
    public int completedCheckpoints() {
        return completed.get();
    }

    /** Subtask failures logged ({@code Fail}). */
    public int failures() {
        return failuresSeen.get();
    }

    /** Restores logged ({@code Recover}). */
    public int recoveries() {
        return recoveries;
    }

    /**
     * Records Flink took from a channel the spec has blocked (barrier in, snapshot not yet): none in a correct run;
     * a run with a seeded bug stops once it has one, the step the validation must refuse.
     */
    public int blockedTakes() {
        return blockedTakes.get();
    }

    /** What the recorder saw that its abstraction does not allow for (a record on a channel it maps elsewhere...). */
    public List<String> anomalies() {
        synchronized (anomalies) {
            return List.copyOf(anomalies);
        }
    }

    /** {@code Recover} is a global step: Flink restores once every old subtask attempt has ended. */
    @Override
    protected boolean global(Object node, String method) {
        return method.equals("Recover");
    }

    @Override
    protected Step describe(Object node, String name, String method, Object[] args, Object returned) {
        return (Step) args[0];
    }

    /** Logs spec step {@code action} of {@code n}, consuming {@code consumed} and sending {@code sentKeys}. */
    protected final void log(Node n, String action, Map<String, Object> params, List<Object> consumed,
                             List<Object> sentKeys) {
        if (n.incarnation != recoveries) {
            // an attempt that a restore has replaced: Flink ends it before it restores, so this is the recorder's
            // mistake (or Flink's), never a step to log after the Recover that follows it
            anomalies.add(n.name + " (attempt before recovery " + recoveries + ") steps " + action + " after it");
            return;
        }
        step(n.token, action, new Object[] {new Step(action, params, null, List.of(), List.of(), List.of(), sentKeys,
                consumed)}, null);
    }

    private Map<String, Object> params(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(k1, v1);
        if (k2 != null) p.put(k2, v2);
        return p;
    }

    /** The keys of one spec message (record or barrier) sent on every output channel of {@code n}. */
    private List<Object> broadcast(Node n) {
        List<Object> keys = new ArrayList<>();
        for (List<Object> c : n.outs) keys.add(List.of("msg", n.incarnation, c, n.sent.merge(c, 1L, Long::sum)));
        return keys;
    }

    /** The node the current thread runs (a Flink subtask), made on its first step; null for other threads. */
    private Node current() {
        String thread = Thread.currentThread().getName();
        Node n = nodes.get(thread);
        if (n != null) return n;
        Matcher m = SUBTASK.matcher(thread);
        if (!m.matches()) return null;
        String op = m.group(1);
        int i = Integer.parseInt(m.group(2)) - 1;
        String name;
        Node node;
        int inc = recoveries;
        long at = restoredEpoch;
        if (op.startsWith("Source: ")) {
            node = new Node(name = "s" + i, inc, at);
            for (String c : counters()) node.outs.add(edge(name, c));
        } else if (op.startsWith(FlinkJob.COUNT)) {
            node = new Node(name = "c" + i, inc, at);
            for (String s : sources()) node.ins.add(edge(s, name));
            node.outs.add(edge(name, "sum"));
        } else if (op.startsWith(FlinkJob.SUM)) {
            node = new Node(name = "sum", inc, at);
            for (String c : counters()) node.ins.add(edge(c, name));
        } else {
            return null;
        }
        register(node.token, name);
        nodes.put(thread, node);
        return node;
    }

    private long epochOf(long checkpointId) {
        Long e = epochOfCheckpoint.get(checkpointId);
        if (e == null) throw new IllegalStateException("checkpoint " + checkpointId + " was never triggered");
        return e;
    }

    /** Input channel {@code channel} of task {@code n} (Flink numbers a gate's channels by upstream subtask). */
    private List<Object> input(Node n, int gate, int channel) {
        if (gate != 0 || channel < 0 || channel >= n.ins.size()) {
            throw new IllegalStateException(n.name + ": no input channel " + gate + "/" + channel);
        }
        return n.ins.get(channel);
    }

    // ---- the hooks, on Flink's threads ---------------------------------------------------------------------------

    private static void guarded(Runnable r, FlinkSteps s) {
        try {
            r.run();
        } catch (Throwable t) {
            s.failure.compareAndSet(null, t);
        }
    }

    /** A source subtask is about to write a record to the network. */
    public static void recordOut() {
        for (FlinkSteps s : active) {
            try {
                s.onRecordOut();
            } catch (Throwable t) {
                s.failure.compareAndSet(null, t);
            }
        }
    }

    /** A task took a record (or another stream element) from input channel (gate, channel). */
    public static void recordIn(int gate, int channel, Object value) {
        for (FlinkSteps s : active) {
            try {
                s.onRecordIn(gate, channel, value);
            } catch (Throwable t) {
                s.failure.compareAndSet(null, t);
            }
        }
    }

    /** A subtask's processing of a record threw: the job fails (Flink restarts it from its last checkpoint). */
    public static void failed(Throwable thrown) {
        for (FlinkSteps s : active) guarded(() -> s.onFailed(thrown), s);
    }

    /** The coordinator restored checkpoint {@code id} (-1: none, an empty start) to the job's new attempts. */
    public static void restored(long id) {
        for (FlinkSteps s : active) guarded(() -> s.onRestored(id), s);
    }

    /** A task took the barrier of checkpoint {@code id} from input channel (gate, channel). */
    public static void barrierIn(long id, int gate, int channel) {
        for (FlinkSteps s : active) guarded(() -> s.onBarrierIn(id, gate, channel), s);
    }

    /** A subtask checkpoints its state for checkpoint {@code id} (it broadcasts the barrier within). */
    public static void checkpointState(long id) {
        for (FlinkSteps s : active) guarded(() -> s.onCheckpointState(id), s);
    }

    /** The coordinator is about to trigger checkpoint {@code id} at the sources, unless it is disposed already. */
    public static void trigger(long id, org.apache.flink.runtime.checkpoint.PendingCheckpoint pending) {
        for (FlinkSteps s : active) guarded(() -> s.onTrigger(id, pending::isDisposed), s);
    }

    /** The coordinator completed checkpoint {@code id}. */
    public static void complete(long id) {
        for (FlinkSteps s : active) guarded(() -> s.onComplete(id), s);
    }

    // ---- the mapping ---------------------------------------------------------------------------------------------

    /** Implements the recording of {@code EpochAlignment!SourceEmit}: a source's first record of an epoch. */
    protected void onRecordOut() {
        Node n = current();
        if (n == null || !n.name.startsWith("s") || n.emittedInEpoch) return;
        n.emittedInEpoch = true;
        log(n, "SourceEmit", params("s", n.name, null, null), List.of(), broadcast(n));
    }

    /** Implements the recording of {@code EpochAlignment!Process}: a task's first record from c in an epoch. */
    protected void onRecordIn(int gate, int channel, Object value) {
        Node n = current();
        if (n == null || n.ins.isEmpty()) return;
        List<Object> c = input(n, gate, channel);
        // the record's tag is its upstream subtask's index, which is the channel's (compared without allocating)
        if (value instanceof org.apache.flink.api.java.tuple.Tuple t && !(t.getField(0) instanceof Integer k
                && k == channel)) {
            anomalies.add(n.name + " took a record of " + FlinkJob.origin(n.name, t) + " from channel " + c);
        }
        if (n.processedInEpoch.contains(c)) return;
        n.processedInEpoch.add(c);
        if (n.blocked.contains(c)) blockedTakes.incrementAndGet();
        process(n, c);
    }

    /** One {@code Process(t, c)}: the next spec message on c, one spec record out on every output. */
    protected final void process(Node n, List<Object> c) {
        long k = n.consumed.merge(c, 1L, Long::sum);
        log(n, "Process", params("t", n.name, "c", c), List.of(List.of("msg", n.incarnation, c, k)), broadcast(n));
    }

    /** Implements the recording of {@code EpochAlignment!RcvBarrier}, after the records the spec has before it. */
    protected void onBarrierIn(long id, int gate, int channel) {
        Node n = current();
        if (n == null || n.ins.isEmpty()) return;
        List<Object> c = input(n, gate, channel);
        long e = epochOf(id);
        Long at = barrierIndex.get(List.of("bar", n.incarnation, c, e));
        if (at == null) throw new IllegalStateException(n.name + ": barrier " + e + " on " + c + " was never sent");
        while (n.consumed.getOrDefault(c, 0L) < at - 1) process(n, c);
        receiveBarrier(n, c);
    }

    /** A seeded bug's hook: how a task takes the barrier on c (here: as the spec's {@code RcvBarrier}). */
    protected void receiveBarrier(Node n, List<Object> c) {
        rcvBarrier(n, c);
    }

    /** One {@code RcvBarrier(t, c)}: the next spec message on c is the barrier. */
    protected final void rcvBarrier(Node n, List<Object> c) {
        long k = n.consumed.merge(c, 1L, Long::sum);
        n.processedInEpoch.remove(c);
        n.blocked.add(c);
        log(n, "RcvBarrier", params("t", n.name, "c", c), List.of(List.of("msg", n.incarnation, c, k)), List.of());
    }

    /**
     * Implements the recording of {@code EpochAlignment!InjectBarrier} (at a source) and {@code AlignedSnapshot}
     * (at a task): Flink's {@code checkpointState} forwards the barrier and takes the synchronous snapshot in one
     * mailbox action, and the task's channels are resumed after it, with no record taken in between.
     */
    protected void onCheckpointState(long id) {
        Node n = current();
        if (n == null) return;
        long e = epochOf(id);
        if (e != n.recorded + 1) anomalies.add(n.name + " checkpoints epoch " + e + " after " + n.recorded);
        n.recorded = e;
        if (n.ins.isEmpty()) {
            n.emittedInEpoch = false;
            List<Object> keys = barrier(n, e);
            log(n, "InjectBarrier", params("s", n.name, null, null), List.of(List.of("start", n.incarnation, e)),
                    keys);
        } else {
            beforeSnapshot(n);
            List<Object> keys = barrier(n, e);
            keys.add(List.of("ack", n.incarnation, n.name, e));
            n.blocked.clear();
            log(n, "AlignedSnapshot", params("t", n.name, null, null), List.of(), keys);
            afterSnapshot(n);
        }
    }

    /** A seeded bug's hook: what a broken task does between alignment and its snapshot (here: nothing). */
    protected void beforeSnapshot(Node n) {}

    /** A seeded bug's hook: what a broken task does right after its snapshot (here: nothing). */
    protected void afterSnapshot(Node n) {}

    private List<Object> barrier(Node n, long e) {
        List<Object> keys = broadcast(n);
        for (Object k : keys) {
            List<?> key = (List<?>) k;
            barrierIndex.put(List.of("bar", n.incarnation, key.get(2), e), (Long) key.get(3));
        }
        return keys;
    }

    /**
     * Implements the recording of {@code EpochAlignment!StartEpoch}: the coordinator triggers the sources. Flink
     * sends the trigger from its timer thread after checking, without its lock, that the checkpoint is not disposed;
     * a failover's restore may abort it just then, and the trigger goes to subtask attempts that are gone. Checked
     * again here, under the monitor the restore is logged under: a checkpoint the restore aborted is no epoch.
     */
    protected void onTrigger(long id, java.util.function.BooleanSupplier disposed) {
        synchronized (coordinatorToken) {
            if (disposed.getAsBoolean()) return;
            long e = ++started;
            epochOfCheckpoint.put(id, e);
            step(coordinatorToken, "StartEpoch", new Object[] {new Step("StartEpoch", params("e", e, null, null),
                    null, List.of(), List.of(), List.of(), List.of(List.of("start", recoveries, e)), List.of())}, null);
        }
    }

    /** Implements the recording of {@code EpochAlignment!CompleteEpoch}: every task acknowledged epoch e. */
    protected void onComplete(long id) {
        synchronized (coordinatorToken) {
            long e = epochOf(id);
            List<Object> acks = new ArrayList<>();
            for (String t : tasks()) acks.add(List.of("ack", recoveries, t, e));
            step(coordinatorToken, "CompleteEpoch", new Object[] {new Step("CompleteEpoch", params("e", e, null, null),
                    null, List.of(), List.of(), List.of(), List.of(), acks)}, null);
            lastCompletedEpoch = e;
            completed.incrementAndGet();
        }
    }

    /**
     * The failure: a subtask's record processing threw. Logged as {@code Fail}, a marker on the failing node (the
     * spec has no step for the failure alone: its {@code Recover} is the failure and the restart together); the
     * next restore is the {@code Recover} that answers it.
     */
    protected void onFailed(Throwable thrown) {
        Node n = current();
        if (n == null) return;
        failuresSeen.incrementAndGet();
        if (n.incarnation != recoveries) return;
        step(n.token, "Fail", new Object[] {new Step("Fail", Map.of(), null, List.of(), List.of(), List.of(),
                List.of(), List.of())}, null);
    }

    /**
     * Implements the recording of {@code EpochAlignment!Recover}: the coordinator restored checkpoint {@code id}
     * (its epoch r; none: 0) to the job's new subtask attempts, after a failure. A global step: Flink restores once
     * every subtask attempt of the failed job has ended, and the new ones start after it. It logs what the restore
     * says, {@code started} and every node's {@code recorded} = r, which the spec's Recover sets to its last
     * completed epoch: a restore of any other checkpoint is refused at this step. The epochs after r are started
     * again (the spec reuses their numbers), and messages are numbered anew.
     */
    protected void onRestored(long id) {
        synchronized (coordinatorToken) {
            // the job's first start (before any step) restores nothing; every later restore answers a failure,
            // of a subtask (Fail logged) or of the job (the coordinator's: no subtask logs it)
            if (nodes.isEmpty() && started == 0) return;
            long r = id < 0 ? 0 : epochOf(id);
            List<ddm.trace.Var> vars = new ArrayList<>();
            vars.add(ddm.trace.Var.whole("started", r));
            List<String> all = new ArrayList<>(sources());
            all.addAll(tasks());
            for (String node : all) vars.add(ddm.trace.Var.at("recorded", node, r));
            restoredEpoch = r;
            started = r;
            recoveries++;
            step(coordinatorToken, "Recover", new Object[] {new Step("Recover", Map.of(), null, vars, List.of(),
                    List.of(), List.of(), List.of())}, null);
        }
    }
}
