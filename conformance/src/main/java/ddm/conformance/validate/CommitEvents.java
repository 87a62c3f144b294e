package ddm.conformance.validate;

import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import ddm.conformance.events.EventModel;
import ddm.trace.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records a threaded 2PC run as per-node logs of {@code TwoPhaseCommitRecovery.tla}'s steps, each node on its own
 * thread: the per-node counterpart of {@link CommitRecorder}, with the same actions and parameters.
 *
 * <p>Each node logs its own part of the spec state after each step: an RM {@code rmState[rm]}, {@code rmLog[rm]} and
 * {@code rmUp[rm]} in the step's transaction; the TM {@code tmState}, {@code tmPrepared}, {@code tmLog} and
 * {@code tmUp}. {@code rmLog} and {@code tmLog} are the last record the node's steps handed its driver to force in
 * that transaction (what the node itself knows of its log); on recovery they are rebuilt from the records the node
 * recovered from, which is what survived. A crash or a recovery names no transaction; a crash logs only that the node
 * is down (its image in each transaction is the spec's to say), and a recovery logs, for each transaction the node
 * had stepped in, the state its log rebuilt there.
 * The network is not logged: {@code msgs} and {@code crashes} are left for the search to fill. The TM's Begin is
 * logged as a marker (the spec's Init for the TM), so that a TM crash after it counts in that transaction.
 */
public final class CommitEvents extends NodeEvents {

    /**
     * What validating these logs needs beyond the spec: the TM's Begin is a marker; an RM asks again and the TM
     * answers again on every timeout, where the spec sends each query and answer once; PARTIAL logs the nodes'
     * states and nothing else.
     */
    public static final EventModel MODEL = new EventModel(Set.of("Begin"), Set.of("RMCrash", "TMCrash"),
            Set.of("RMAskOutcome", "TMRcvQuery"), Set.of("msgs"), Set.of("rmState", "tmState"));

    /** Per node, per transaction, the kind of the last record its steps asked to force: its own view of its log. */
    private final Map<String, Map<Long, String>> lastRecord = new ConcurrentHashMap<>();
    /** Per node, the transactions it has stepped in (each node's own, read and written on its thread only). */
    private final Map<String, Set<Long>> joined = new ConcurrentHashMap<>();

    /** Advises the 2PC node classes (once per JVM); the same methods the locked recorder advises. */
    public static void advise() {
        CommitRecorder.advise();
    }

    /** {@code base}'s nodes, registered with this recorder as they are built: pass this to the runtime. */
    public Nodes nodes(Nodes base) {
        return new Nodes(rms -> {
            TransactionManager t = base.tm().apply(rms);
            track(t, "tm");
            return t;
        }, name -> {
            ResourceManager r = base.rm().apply(name);
            track(r, name);
            return r;
        });
    }

    private void track(Object node, String name) {
        lastRecord.put(name, new HashMap<>());
        joined.put(name, new java.util.HashSet<>());
        super.register(node, name);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Step describe(Object node, String name, String method, Object[] args, Object returned) {
        Map<Long, String> records = lastRecord.get(name);
        boolean tm = node instanceof TransactionManager;
        if (method.equals("tmRecover") || method.equals("rmRecover")) {
            records.clear();
            for (DurableRecord r : (List<DurableRecord>) args[0]) records.put(r.tx(), r.kind());
        }
        switch (method) {
            case "tmCrash", "rmCrash" -> {
                return new Step(CommitRecorder.ACTIONS.get(method), tm ? Map.of() : Map.of("rm", name), null,
                        List.of(tm ? Var.whole("tmUp", false) : Var.at("rmUp", name, false)), List.of(), List.of(),
                        List.of(), List.of());
            }
            case "tmRecover", "rmRecover" -> {
                // The recovered state in every transaction the node had stepped in: what its log rebuilt.
                List<Var> vars = new ArrayList<>();
                vars.add(tm ? Var.whole("tmUp", true) : Var.at("rmUp", name, true));
                for (long t : new java.util.TreeSet<>(joined.get(name))) {
                    vars.addAll(ownVars(node, name, t, records).stream().map(v -> v.in(String.valueOf(t))).toList());
                }
                return new Step(CommitRecorder.ACTIONS.get(method), tm ? Map.of() : Map.of("rm", name), null, vars,
                        List.of(), List.of(), List.of(), List.of());
            }
            default -> {
            }
        }
        if (method.equals("begin") && !tm) return null;   // an RM's begin is part of its vote's step
        long tx = (Long) args[0];
        if (returned instanceof Effects e) {
            for (DurableRecord r : e.records()) records.put(r.tx(), r.kind());
        }
        String action = method.equals("begin") ? "Begin" : CommitRecorder.ACTIONS.get(method);
        if (action == null) return null;
        Map<String, Object> params = new LinkedHashMap<>();
        if (!tm) params.put("rm", name);
        else if (args.length > 1 && args[1] instanceof String rm) params.put("rm", rm);
        List<Object> sent = new ArrayList<>(), sentKeys = new ArrayList<>();
        if (returned instanceof Effects e) {
            for (CommitMessage m : e.messages()) {
                sent.add(m.spec());
                sentKeys.add(List.of(m.tx(), m.spec()));
            }
        }
        Map<String, Object> consumed = switch (action) {
            case "TMRcvPrepared" -> Map.of("type", "Prepared", "rm", params.get("rm"));
            case "TMRcvQuery" -> Map.of("type", "Query", "rm", params.get("rm"));
            case "RMRcvCommitMsg" -> Map.of("type", "Commit");
            case "RMRcvAbortMsg" -> Map.of("type", "Abort");
            default -> null;
        };
        joined.get(name).add(tx);
        return new Step(action, params, String.valueOf(tx), ownVars(node, name, tx, records), sent,
                consumed == null ? List.of() : List.of(consumed), sentKeys,
                consumed == null ? List.of() : List.of(List.of(tx, consumed)));
    }

    /** The node's own variables in transaction {@code tx}, as it is now, with {@code records} its view of its log. */
    private static List<Var> ownVars(Object node, String name, long tx, Map<Long, String> records) {
        String log = records.getOrDefault(tx, "none");
        if (node instanceof TransactionManager t) {
            return List.of(Var.whole("tmState", t.state(tx).spec()), Var.whole("tmPrepared", t.prepared(tx)),
                    Var.whole("tmLog", log), Var.whole("tmUp", t.isUp()));
        }
        ResourceManager r = (ResourceManager) node;
        return List.of(Var.at("rmState", name, r.state(tx).spec()), Var.at("rmLog", name, log),
                Var.at("rmUp", name, r.isUp()));
    }

    /**
     * Checks the runtime's logs after the run against what the nodes logged: each node's last record in each
     * transaction must be the last one its steps asked to force ({@code records(node)}: "tm" or an RM's name).
     */
    public List<String> logsAgree(java.util.function.Function<String, List<DurableRecord>> records) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<Long, String>> n : new TreeMap<>(lastRecord).entrySet()) {
            Map<Long, String> logged = new TreeMap<>();
            for (DurableRecord r : records.apply(n.getKey())) logged.put(r.tx(), r.kind());
            Set<Long> txs = new java.util.TreeSet<>(logged.keySet());
            txs.addAll(n.getValue().keySet());
            for (long tx : txs) {
                String inLog = logged.getOrDefault(tx, "none"), asked = n.getValue().getOrDefault(tx, "none");
                if (!inLog.equals(asked)) {
                    problems.add("tx " + tx + ": " + n.getKey() + "'s log ends with \"" + inLog + "\" but its steps"
                            + " last asked to force \"" + asked + "\"");
                }
            }
        }
        return problems;
    }
}
