package ddm.conformance.validate;

import ddm.conformance.events.EventModel;
import ddm.epoch.Channel;
import ddm.epoch.Coordinator;
import ddm.epoch.Dataflow;
import ddm.epoch.Message;
import ddm.epoch.Message.Barrier;
import ddm.epoch.Message.Record;
import ddm.epoch.Recovery;
import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Source;
import ddm.epoch.Task;
import ddm.trace.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records a threaded epoch-alignment run as per-node logs of {@code EpochAlignment.tla}'s steps: the per-node
 * counterpart of {@link EpochRecorder}, with the same actions and parameters. A source logs {@code emitted[s]},
 * {@code recorded[s]} and its row of {@code offset}; a task {@code count[t]}, {@code recorded[t]} and its row of
 * {@code snap} (what it recorded, at the step that recorded it); the coordinator {@code started} and
 * {@code completed}, and at {@code Recover} its acknowledgements {@code acked} too (read where every thread is
 * stopped; between recoveries the search computes them from the tasks' recording steps). {@code chan} and
 * {@code blocked} are the search's to fill.
 *
 * <p>Message edges: channels are FIFO, so the k-th message a task takes from a channel was the k-th sent on it (since
 * the last recovery, which empties them); a source's barrier for epoch e follows the coordinator's StartEpoch(e)
 * (the source reads it from the coordinator); and CompleteEpoch(e) follows every task's snapshot of e (the tasks
 * acknowledge it). Recover is a global step ({@link NodeEvents}): the runtime takes it with every thread stopped, and
 * it logs the whole restored job, every channel empty.
 */
public final class EpochEvents extends NodeEvents {

    /** PARTIAL logs what the nodes recorded (recorded, snap, offset) and nothing of their counts; chan is the network. */
    public static final EventModel MODEL = new EventModel(Set.of(), Set.of(), Set.of(), Set.of("chan"),
            Set.of("recorded", "snap", "offset"));

    private final Dataflow dataflow;
    private final int maxEpoch;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private volatile Coordinator coordinator;
    /** Recoveries so far: messages are numbered per channel anew after each (the channels are emptied). */
    private volatile int failures;

    /** A node's own bookkeeping, touched by its thread only (or by the global step, all threads stopped). */
    private static final class Own {
        final Map<Integer, Map<String, Long>> snap = new TreeMap<>();
        final Map<Integer, Long> offset = new TreeMap<>();
        int recordedSeen;
        int incarnation;
        final Map<Channel, Long> sent = new HashMap<>(), received = new HashMap<>();
    }

    private final Map<String, Own> own = new ConcurrentHashMap<>();

    public EpochEvents(Dataflow dataflow, int maxEpoch) {
        this.dataflow = dataflow;
        this.maxEpoch = maxEpoch;
    }

    /** Registers a node of the run as the runtime builds it: pass this as the runtime's hooks' listener. */
    public void built(Object node) {
        if (node instanceof Coordinator c) {
            coordinator = c;
            register(c, "coordinator");
        } else if (node instanceof Recovery r) {
            register(r, "recovery");
        } else if (node instanceof Source s) {
            sources.put(s.name(), s);
            own.put(s.name(), new Own());
            register(s, s.name());
        } else if (node instanceof Task t) {
            tasks.put(t.name(), t);
            own.put(t.name(), new Own());
            register(t, t.name());
        }
    }

    @Override
    protected boolean global(Object node, String method) {
        return node instanceof Recovery;
    }

    @Override
    protected Step describe(Object node, String name, String method, Object[] args, Object returned) {
        if (node instanceof Recovery) return method.equals(EpochRecorder.RECOVER) ? recovered() : null;
        String action = EpochRecorder.ACTIONS.get(method);
        if (action == null) return null;
        Map<String, Object> params = new LinkedHashMap<>();
        List<Var> vars = new ArrayList<>();
        List<Object> sent = new ArrayList<>(), sentKeys = new ArrayList<>(), received = new ArrayList<>();
        List<Object> consumed = new ArrayList<>();
        if (node instanceof Coordinator c) {
            int e = (Integer) args[0];
            params.put("e", (long) e);
            if (action.equals("StartEpoch")) {
                sentKeys.add(List.of("start", failures, e));
            } else {
                for (String t : dataflow.tasks()) consumed.add(List.of("ack", failures, t, e));
            }
            vars.addAll(coordinatorVars(c, false));
            return new Step(action, params, null, vars, sent, received, sentKeys, consumed);
        }
        Own o = own.get(name);
        if (o.incarnation != failures) {
            o.incarnation = failures;
            o.sent.clear();
            o.received.clear();
        }
        if (node instanceof Source s) {
            params.put("s", name);
            Message out = null;
            if (returned instanceof Record r) {
                out = r;
            } else if (returned instanceof SourceOffset off) {
                o.offset.put(off.epoch(), (long) off.offset());
                consumed.add(List.of("start", failures, off.epoch()));
                out = new Barrier(off.epoch());
            }
            if (out != null) broadcast(name, o, out, sent, sentKeys);
            vars.addAll(sourceVars(name, s, o));
        } else {
            Task task = (Task) node;
            params.put("t", name);
            if (args.length == 2 && args[0] instanceof Channel c && args[1] instanceof Message m) {
                params.put("c", c.spec());
                consumed.add(List.of("msg", failures, c, o.received.merge(c, 1L, Long::sum)));
                received.add(m.spec());
            }
            if (returned instanceof Optional<?> out && out.isPresent() && out.get() instanceof Record r) {
                broadcast(name, o, r, sent, sentKeys);
            } else if (returned instanceof Barrier b) {
                broadcast(name, o, b, sent, sentKeys);
            }
            for (int e = o.recordedSeen + 1; e <= task.recorded(); e++) {
                o.snap.put(e, new TreeMap<>(task.consumed()));
                sentKeys.add(List.of("ack", failures, name, e));
            }
            o.recordedSeen = task.recorded();
            vars.addAll(taskVars(name, task, o));
        }
        return new Step(action, params, null, vars, sent, received, sentKeys, consumed);
    }

    /** The checkpoint store after the run against what the nodes logged they recorded ({@link EpochRecorder}'s). */
    public List<String> storeAgrees(ddm.epoch.CheckpointStore store) {
        Map<String, Map<Integer, Map<String, Long>>> snap = new TreeMap<>();
        Map<String, Map<Integer, Long>> offset = new TreeMap<>();
        tasks.keySet().forEach(t -> snap.put(t, own.get(t).snap));
        sources.keySet().forEach(s -> offset.put(s, own.get(s).offset));
        return EpochRecorder.storeAgrees(store, snap, offset);
    }

    private void broadcast(String node, Own o, Message m, List<Object> sent, List<Object> keys) {
        if (!dataflow.outs(node).isEmpty()) sent.add(m.spec());   // a sink's output leaves the dataflow
        for (Channel c : dataflow.outs(node)) keys.add(List.of("msg", failures, c, o.sent.merge(c, 1L, Long::sum)));
    }

    /** {@code Recover}: every node restored, every channel empty; all of it logged, the whole job being stopped. */
    private Step recovered() {
        failures++;
        List<Var> vars = new ArrayList<>();
        tasks.forEach((t, task) -> {
            Own o = own.get(t);
            o.snap.keySet().removeIf(e -> e > task.recorded());
            o.recordedSeen = task.recorded();
            vars.addAll(taskVars(t, task, o));
        });
        sources.forEach((s, src) -> {
            Own o = own.get(s);
            o.offset.keySet().removeIf(e -> e > src.recorded());
            vars.addAll(sourceVars(s, src, o));
        });
        vars.addAll(coordinatorVars(coordinator, true));
        for (Channel c : dataflow.channels()) vars.add(Var.at("chan", c.spec(), List.of()));
        vars.add(Var.whole("blocked", Set.of()));
        vars.add(Var.whole("failures", (long) failures));
        return new Step("Recover", Map.of(), null, vars, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * The coordinator's variables; its acknowledgements only {@code atRecover}: elsewhere a task's acknowledgement
     * can arrive while the coordinator steps, with no message edge to order the two.
     */
    private List<Var> coordinatorVars(Coordinator c, boolean atRecover) {
        Set<Long> completed = new TreeSet<>();
        for (long e = 1; e <= c.lastCompleted(); e++) completed.add(e);
        List<Var> vars = new ArrayList<>(List.of(Var.whole("started", (long) c.started()),
                Var.whole("completed", completed)));
        if (atRecover) {
            Map<Object, Object> acked = new HashMap<>();
            for (String t : dataflow.tasks()) acked.put(t, (long) c.acknowledged().getOrDefault(t, 0));
            vars.add(Var.whole("acked", acked));
        }
        return vars;
    }

    private List<Var> sourceVars(String name, Source s, Own o) {
        Map<Object, Object> row = new HashMap<>();
        for (int e = 1; e <= maxEpoch; e++) row.put((long) e, o.offset.getOrDefault(e, 0L));
        return List.of(Var.at("emitted", name, (long) s.emitted()), Var.at("recorded", name, (long) s.recorded()),
                Var.at("offset", name, row));
    }

    private List<Var> taskVars(String name, Task t, Own o) {
        Map<Object, Object> row = new HashMap<>();
        for (int e = 1; e <= maxEpoch; e++) row.put((long) e, perOrigin(o.snap.getOrDefault(e, Map.of())));
        return List.of(Var.at("count", name, perOrigin(t.consumed())), Var.at("recorded", name, (long) t.recorded()),
                Var.at("snap", name, row));
    }

    private Map<Object, Object> perOrigin(Map<String, Long> consumed) {
        Map<Object, Object> m = new HashMap<>();
        for (String s : dataflow.sources()) m.put(s, consumed.getOrDefault(s, 0L));
        return m;
    }
}
