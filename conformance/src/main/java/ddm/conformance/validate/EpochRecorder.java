package ddm.conformance.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.epoch.Channel;
import ddm.epoch.CheckpointStore;
import ddm.epoch.Coordinator;
import ddm.epoch.Dataflow;
import ddm.epoch.EpochAlignmentSystem;
import ddm.epoch.Message;
import ddm.epoch.Message.Barrier;
import ddm.epoch.Message.Record;
import ddm.epoch.Recovery;
import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Snapshots.TaskSnapshot;
import ddm.epoch.Source;
import ddm.epoch.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records a threaded run of {@link ddm.epoch.EpochRuntime} as one trace of {@code EpochAlignment.tla}.
 *
 * <p>Each step is an advised action method of a node of the run (table {@link #ACTIONS}) that returned: the
 * coordinator's {@code startEpoch}/{@code completeEpoch} (parameter {@code e}), a source's {@code sourceEmit} and
 * {@code injectBarrier} ({@code s}), a task's {@code process}, {@code rcvBarrier} ({@code t}, {@code c}) and
 * {@code alignedSnapshot} ({@code t}), and the {@link Recovery}'s {@code recover} ({@code Recover}, no parameters: the
 * runtime performs the whole restore in that one call, with every node thread stopped, as the spec's Recover is one
 * atomic action). The state after it is the spec's variables, computed by the simulator's abstraction function
 * ({@link EpochAlignmentSystem#abstraction(EpochAlignmentSystem.Readings)}) from these readings:
 * <ul>
 *   <li>{@code emitted}, {@code recorded}, {@code count}, {@code blocked}: read from the sources and tasks (every
 *       change to them is an advised step, so under the recording lock);
 *   <li>{@code chan}: per channel, the messages the recorded steps sent on it (what a step returned, broadcast on
 *       its node's outputs) and the recorded steps did not yet take from it. The runtime hands a message to the
 *       input gate after the step, outside the lock; the spec's step is atomic, so it counts as sent at the step.
 *       A task's step must take the message at the head of the recorded channel, else it is a problem;
 *   <li>{@code snap}, {@code offset}: what the nodes recorded, at the step that recorded it (a task's count when its
 *       recorded epoch grows, a source's returned offset), since the runtime stores it after the step;
 *       {@link #storeAgrees} checks the checkpoint store against them after the run;
 *   <li>{@code started}, {@code completed}: from the coordinator's steps' arguments (the recorder does not call the
 *       coordinator at its steps, since a coordinator step holds its monitor while it waits for the recording lock);
 *   <li>{@code acked}: a task's recorded epoch at the step that records it (the runtime acknowledges it to the
 *       coordinator within the step, after the method returns), and at {@code Recover} what the coordinator says:
 *       the coordinator's own bookkeeping, read where no step can be under way;
 *   <li>at {@code Recover}: {@code failures} grows by one, every channel is emptied (the runtime drops its input
 *       gates), {@code snap} and {@code offset} keep only the epochs up to each node's restored {@code recorded}, and
 *       {@code started} and {@code acked} are read from the coordinator (safe there: the runtime recovers with every
 *       node thread stopped and epoch starts held off, so no thread holds the coordinator's monitor). The node
 *       states are read from the nodes, so a recovery that restores the wrong epoch, or a coordinator that keeps or
 *       forgets acknowledgements across it, shows in the step's state.
 * </ul>
 */
public final class EpochRecorder implements Recording.Sink {

    /** Advised method name to spec action name. */
    public static final Map<String, String> ACTIONS = Map.of(
            "startEpoch", "StartEpoch", "completeEpoch", "CompleteEpoch", "sourceEmit", "SourceEmit",
            "injectBarrier", "InjectBarrier", "process", "Process", "rcvBarrier", "RcvBarrier",
            "alignedSnapshot", "AlignedSnapshot");

    /** The advised method of {@link Recovery}: the spec's {@code Recover}. */
    public static final String RECOVER = "recover";

    /** Advises the epoch node classes (once per JVM). */
    public static void advise() {
        Set<String> methods = ACTIONS.keySet();
        Recording.advise(Coordinator.class, methods);
        Recording.advise(Source.class, methods);
        Recording.advise(Task.class, methods);
        Recording.advise(Recovery.class, Set.of(RECOVER));
    }

    private final Dataflow dataflow;
    private final int maxEpoch;
    private final Map<Object, String> owned = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, Source> sources = Collections.synchronizedMap(new HashMap<>());
    private final Map<String, Task> tasks = Collections.synchronizedMap(new HashMap<>());
    private final Map<Channel, ArrayDeque<Message>> chan = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Map<String, Long>>> snap = new TreeMap<>();
    private final Map<String, Map<Integer, Integer>> offset = new TreeMap<>();
    private final Map<String, Integer> taskRecorded = new HashMap<>();
    private final Map<String, Integer> acked = new TreeMap<>();
    private int started;
    private int failures;
    private Coordinator coordinator;
    private final Set<Long> completed = new TreeSet<>();
    private final List<Map<String, Object>> states = new ArrayList<>();
    private final List<Label> steps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public EpochRecorder(Dataflow dataflow, int maxEpoch) {
        this.dataflow = dataflow;
        this.maxEpoch = maxEpoch;
        for (Channel c : dataflow.channels()) chan.put(c, new ArrayDeque<>());
        for (String s : dataflow.sources()) offset.put(s, new TreeMap<>());
        for (String t : dataflow.tasks()) {
            snap.put(t, new TreeMap<>());
            taskRecorded.put(t, 0);
            acked.put(t, 0);
        }
        states.add(abstraction());
    }

    /** Registers a node of the run as the runtime builds it: pass this as the runtime's hooks' listener. */
    public void built(Object node) {
        if (node instanceof Coordinator c) {
            coordinator = c;
            owned.put(node, "coordinator");
        } else if (node instanceof Recovery) {
            owned.put(node, "recovery");
        } else if (node instanceof Source s) {
            sources.put(s.name(), s);
            owned.put(s, s.name());
        } else if (node instanceof Task t) {
            tasks.put(t.name(), t);
            owned.put(t, t.name());
        }
    }

    @Override
    public boolean owns(Object node) {
        return owned.containsKey(node);
    }

    @Override
    public void step(Object node, String method, Object[] args, Object returned) {
        if (node instanceof Recovery) {
            if (method.equals(RECOVER)) recovered();
            return;
        }
        String action = ACTIONS.get(method);
        if (action == null) return;
        String who = owned.get(node);
        Map<String, Object> params = new LinkedHashMap<>();
        if (node instanceof Coordinator) {
            int e = (Integer) args[0];
            params.put("e", (long) e);
            if (action.equals("StartEpoch")) started = e;
            else completed.add((long) e);
        } else if (node instanceof Source) {
            params.put("s", who);
            if (returned instanceof Record r) {
                broadcast(who, r);
            } else if (returned instanceof SourceOffset o) {
                offset.get(who).put(o.epoch(), o.offset());
                broadcast(who, new Barrier(o.epoch()));
            }
        } else if (node instanceof Task task) {
            params.put("t", who);
            if (args.length == 2 && args[0] instanceof Channel c && args[1] instanceof Message m) {
                params.put("c", c.spec());
                Message head = chan.get(c).pollFirst();
                if (head == null || !m.spec().equals(head.spec())) {
                    problems.add("step " + (steps.size() + 1) + ": " + action + "(" + who + ", " + c + ") took "
                            + m.spec() + " but the recorded head of " + c + " is "
                            + (head == null ? "nothing (the channel is empty)" : head.spec()));
                }
            }
            if (returned instanceof Optional<?> out && out.isPresent() && out.get() instanceof Record r) {
                broadcast(who, r);
            } else if (returned instanceof Barrier b) {
                broadcast(who, b);
            }
            for (int e = taskRecorded.get(who) + 1; e <= task.recorded(); e++) {
                snap.get(who).put(e, new TreeMap<>(task.consumed()));
                acked.put(who, e);
            }
            taskRecorded.put(who, task.recorded());
        } else {
            return;
        }
        steps.add(new Label(action, params));
        states.add(abstraction());
    }

    /** {@code Recover}: the whole dataflow restarted; read where each node restarted from. */
    private void recovered() {
        failures++;
        chan.values().forEach(ArrayDeque::clear);
        tasks.forEach((t, task) -> {
            snap.get(t).keySet().removeIf(e -> e > task.recorded());
            taskRecorded.put(t, task.recorded());
        });
        sources.forEach((s, src) -> offset.get(s).keySet().removeIf(e -> e > src.recorded()));
        started = coordinator.started();
        acked.clear();
        acked.putAll(coordinator.acknowledged());
        steps.add(new Label("Recover", Map.of()));
        states.add(abstraction());
    }

    private void broadcast(String node, Message m) {
        for (Channel c : dataflow.outs(node)) chan.get(c).addLast(m);
    }

    /**
     * The spec's variables now (called with the recording lock held, or before the run), by the abstraction the
     * simulator uses, reading channels, {@code snap}, {@code offset}, {@code started}, {@code completed} and
     * {@code failures} from the recorded steps and the rest from the nodes.
     */
    private Map<String, Object> abstraction() {
        return Values.canonicalState(EpochAlignmentSystem.abstraction(new EpochAlignmentSystem.Readings() {
            @Override public Dataflow dataflow() { return dataflow; }
            @Override public int maxEpoch() { return maxEpoch; }
            @Override public Collection<Message> chan(Channel c) { return chan.get(c); }
            @Override public Optional<Source> source(String s) { return Optional.ofNullable(sources.get(s)); }
            @Override public Optional<Task> task(String t) { return Optional.ofNullable(tasks.get(t)); }
            @Override public long offset(String s, int e) { return offset.get(s).getOrDefault(e, 0); }
            @Override public Map<String, Long> snap(String t, int e) { return snap.get(t).getOrDefault(e, Map.of()); }
            @Override public long started() { return started; }
            @Override public Set<Long> completed() { return completed; }
            @Override public Map<String, Integer> acked() { return acked; }
            @Override public long failures() { return failures; }
        }));
    }

    /** Steps recorded so far. */
    public synchronized long steps() {
        return steps.size();
    }

    /** Where the recording disagreed with the runtime (a task took a message that was not the channel's head). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The run as one ITF trace with the model's {@code constants}; call after the run. */
    public ItfTrace trace(Map<String, Object> constants, String source) {
        List<String> vars = new ArrayList<>(states.get(0).keySet());
        List<ObjectNode> json = new ArrayList<>();
        for (Map<String, Object> s : states) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            vars.forEach(v -> o.set(v, ItfValues.encode(s.get(v))));
            json.add(o);
        }
        return new ItfTrace(source, constants, vars, List.copyOf(states), json, List.copyOf(steps));
    }

    /**
     * Checks the checkpoint store after the run against the recorded snap and offset: every part a node recorded
     * must be stored as recorded. Returns the disagreements, as messages.
     */
    public List<String> storeAgrees(CheckpointStore store) {
        Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
        offset.forEach((s, byEpoch) -> {
            Map<Integer, Long> o = new TreeMap<>();
            byEpoch.forEach((e, x) -> o.put(e, (long) x));
            offsets.put(s, o);
        });
        return storeAgrees(store, snap, offsets);
    }

    /**
     * The check of {@link #storeAgrees(CheckpointStore)} for any recorder: {@code snap} (task to epoch to counts) and
     * {@code offset} (source to epoch to offset) as recorded.
     */
    static List<String> storeAgrees(CheckpointStore store, Map<String, ? extends Map<Integer, Map<String, Long>>> snap,
                                    Map<String, ? extends Map<Integer, Long>> offset) {
        List<String> out = new ArrayList<>();
        snap.forEach((t, byEpoch) -> byEpoch.forEach((e, consumed) -> {
            Optional<TaskSnapshot> stored = store.task(t, e);
            if (stored.isEmpty() || !stored.get().consumed().equals(consumed)) {
                out.add(t + "'s stored snapshot of epoch " + e + " is " + stored.map(TaskSnapshot::consumed)
                        .map(Object::toString).orElse("missing") + ", recorded " + consumed);
            }
        }));
        offset.forEach((s, byEpoch) -> byEpoch.forEach((e, o) -> {
            Optional<SourceOffset> stored = store.source(s, e);
            if (stored.isEmpty() || stored.get().offset() != o.longValue()) {
                out.add(s + "'s stored offset of epoch " + e + " is " + stored.map(x -> "" + x.offset())
                        .orElse("missing") + ", recorded " + o);
            }
        }));
        return out;
    }
}
