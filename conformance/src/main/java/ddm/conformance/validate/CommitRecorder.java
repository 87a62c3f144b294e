package ddm.conformance.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records a threaded two-phase-commit run as one trace of {@code TwoPhaseCommitRecovery.tla} per transaction.
 *
 * <p>Each step is an advised action method (table {@link #ACTIONS}: method name to spec action) that returned: its
 * label is the action with parameter {@code rm} (the RM's own name for an RM method, the {@code rm} argument for a
 * TM method), and the state after it is the abstraction of the transaction it names (its first argument). A crash
 * or a recovery names no transaction: it is a step of every transaction recorded so far, since the node's crash
 * touches each one (in a transaction it has finished, only {@code rmUp}/{@code tmUp} and {@code crashes} change).
 * <ul>
 *   <li>{@code rmState}, {@code tmState}, {@code tmPrepared}: the nodes' states in the transaction, read from the
 *       nodes; a node that has not begun it yet (and not crashed since) is in the spec's initial state ("working",
 *       "init", {}); a node that is down is its log's image as the spec defines it (RMImage, TMImage: no record
 *       means aborted; the TM's tmPrepared is empty);
 *   <li>{@code msgs}: every message the steps of the transaction returned so far, whether or not the runtime
 *       delivered it (the spec's msgs only grows; loss is a message never received);
 *   <li>{@code rmLog}, {@code tmLog}: the last record each node's steps handed its driver to force (the step forces
 *       it before its messages leave, atomically in the spec); {@link #logsAgree} checks the runtime's logs against
 *       them after the run;
 *   <li>{@code rmUp}, {@code tmUp}: whether the nodes are up; {@code crashes}: the crashes recorded since the
 *       transaction's first step. The spec bounds it by MaxCrashes; a transaction's trace runs to the end of the
 *       run, so keeping every trace within the bound means at most MaxCrashes crashes per run (CommitRuns does), and
 *       a trace must start with every node up (the spec's Init), so no transaction may begin while a node is down.
 * </ul>
 * {@code begin} (the spec's Init for one node) is advised too, so that every change to a node's state happens under
 * the recording lock; it is not a step unless it changed the abstraction, which it never should.
 */
public final class CommitRecorder implements Recording.Sink {

    /** Advised method name to spec action name. */
    public static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("tmRcvPrepared", "TMRcvPrepared"), Map.entry("tmCommit", "TMCommit"),
            Map.entry("tmAbort", "TMAbort"), Map.entry("tmRcvQuery", "TMRcvQuery"), Map.entry("rmPrepare", "RMPrepare"),
            Map.entry("rmChooseToAbort", "RMChooseToAbort"), Map.entry("rmRcvCommitMsg", "RMRcvCommitMsg"),
            Map.entry("rmRcvAbortMsg", "RMRcvAbortMsg"), Map.entry("rmAskOutcome", "RMAskOutcome"),
            Map.entry("rmCrash", "RMCrash"), Map.entry("rmRecover", "RMRecover"), Map.entry("tmCrash", "TMCrash"),
            Map.entry("tmRecover", "TMRecover"));
    /** The actions of a whole node, which name no transaction. */
    private static final Set<String> NODE_ACTIONS = Set.of("rmCrash", "rmRecover", "tmCrash", "tmRecover");
    private static final String BEGIN = "begin";

    /** Advises the 2PC node classes (once per JVM). */
    public static void advise() {
        Set<String> methods = new HashSet<>(ACTIONS.keySet());
        methods.add(BEGIN);
        Recording.advise(TransactionManager.class, methods);
        Recording.advise(ResourceManager.class, methods);
    }

    /** One transaction's trace so far, and the parts of its state that only steps tell. */
    private final class Tx {
        final long tx;
        final Set<Map<String, Object>> msgs = new HashSet<>();
        final Map<String, String> rmLog = new TreeMap<>();
        String tmLog = "none";
        boolean tmBegun;
        final Set<String> rmBegun = new HashSet<>();
        final long crashesBefore = crashes;
        final List<Map<String, Object>> states = new ArrayList<>();
        final List<Label> steps = new ArrayList<>();

        Tx(long tx) {
            this.tx = tx;
            for (String r : rmNames) rmLog.put(r, "none");
        }
    }

    private final List<String> rmNames;
    private final Map<Object, String> owned = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile TransactionManager tm;
    private final Map<String, ResourceManager> rms = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<Long, Tx> txs = new TreeMap<>();
    private long steps;
    private long crashes;

    public CommitRecorder(List<String> rmNames) {
        this.rmNames = List.copyOf(rmNames);
    }

    /** {@code base}'s nodes, registered with this recorder as they are built: pass this to the runtime. */
    public Nodes nodes(Nodes base) {
        return new Nodes(names -> {
            TransactionManager t = base.tm().apply(names);
            tm = t;
            owned.put(t, "tm");
            return t;
        }, name -> {
            ResourceManager r = base.rm().apply(name);
            rms.put(name, r);
            owned.put(r, name);
            return r;
        });
    }

    @Override
    public boolean owns(Object node) {
        return owned.containsKey(node);
    }

    @Override
    public void step(Object node, String method, Object[] args, Object returned) {
        if (NODE_ACTIONS.contains(method)) {
            nodeStep(node, method);
            return;
        }
        long txId = (Long) args[0];
        Tx t = txs.computeIfAbsent(txId, Tx::new);
        String who = owned.get(node);
        if (method.equals(BEGIN)) {
            if (node instanceof TransactionManager) t.tmBegun = true;
            else t.rmBegun.add(who);
            Map<String, Object> after = abstraction(t);
            if (t.states.isEmpty()) t.states.add(after);
            else if (!after.equals(last(t))) append(t, new Label("Begin", Map.of("node", who)), after);
            return;
        }
        String action = ACTIONS.get(method);
        if (action == null) return;
        if (t.states.isEmpty()) t.states.add(abstraction(t));
        if (returned instanceof Effects e) {
            for (DurableRecord r : e.records()) {
                Tx of = txs.computeIfAbsent(r.tx(), Tx::new);
                if (node instanceof TransactionManager) of.tmLog = r.kind();
                else of.rmLog.put(who, r.kind());
            }
            for (CommitMessage m : e.messages()) txs.computeIfAbsent(m.tx(), Tx::new).msgs.add(m.spec());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (node instanceof ResourceManager) params.put("rm", who);
        else if (args.length > 1 && args[1] instanceof String rm) params.put("rm", rm);
        append(t, new Label(action, params), abstraction(t));
    }

    /**
     * A crash or recovery of {@code node}: a step of every transaction recorded so far. After a crash the node's own
     * state counts in each of them, begun or not: it is down (its image), and once up it is what its log rebuilt.
     */
    private void nodeStep(Object node, String method) {
        String who = owned.get(node);
        boolean tmStep = node instanceof TransactionManager;
        if (method.endsWith("Crash")) crashes++;
        Label label = new Label(ACTIONS.get(method), tmStep ? Map.of() : Map.of("rm", who));
        for (Tx t : txs.values()) {
            if (t.states.isEmpty()) continue;
            if (tmStep) t.tmBegun = true;
            else t.rmBegun.add(who);
            append(t, label, abstraction(t));
        }
    }

    private void append(Tx t, Label label, Map<String, Object> after) {
        t.steps.add(label);
        t.states.add(after);
        steps++;
    }

    private static Map<String, Object> last(Tx t) {
        return t.states.get(t.states.size() - 1);
    }

    /** The spec's variables for transaction t, now (called with the recording lock held). */
    private Map<String, Object> abstraction(Tx t) {
        Map<String, Object> rmState = new TreeMap<>();
        Map<String, Object> rmUp = new TreeMap<>();
        for (String r : rmNames) {
            ResourceManager rm = rms.get(r);
            boolean up = rm == null || rm.isUp();
            String image = t.rmLog.get(r).equals("none") ? "aborted" : t.rmLog.get(r);
            rmState.put(r, !up ? image : t.rmBegun.contains(r) ? rm.state(t.tx).spec() : "working");
            rmUp.put(r, up);
        }
        boolean tmUp = tm == null || tm.isUp();
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("rmState", rmState);
        vars.put("tmState", !tmUp ? (t.tmLog.equals("committed") ? "committed" : "aborted")
                : t.tmBegun ? tm.state(t.tx).spec() : "init");
        vars.put("tmPrepared", tmUp && t.tmBegun ? tm.prepared(t.tx) : Set.of());
        vars.put("msgs", Set.copyOf(t.msgs));
        vars.put("rmLog", new TreeMap<>(t.rmLog));
        vars.put("tmLog", t.tmLog);
        vars.put("rmUp", rmUp);
        vars.put("tmUp", tmUp);
        vars.put("crashes", crashes - t.crashesBefore);
        return Values.canonicalState(vars);
    }

    /** Steps recorded so far, all transactions together. */
    public synchronized long steps() {
        return steps;
    }

    /**
     * One ITF trace per transaction, in transaction order, with the model's {@code constants}; call after the run.
     * {@code source} names the run ("run 3"), and each trace adds its transaction.
     */
    public List<ItfTrace> traces(Map<String, Object> constants, String source) {
        List<ItfTrace> out = new ArrayList<>();
        for (Tx t : txs.values()) {
            if (t.states.isEmpty()) continue;
            List<String> vars = new ArrayList<>(t.states.get(0).keySet());
            List<ObjectNode> json = new ArrayList<>();
            for (Map<String, Object> s : t.states) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                vars.forEach(v -> o.set(v, ItfValues.encode(s.get(v))));
                json.add(o);
            }
            out.add(new ItfTrace(source + " tx " + t.tx, constants, vars, List.copyOf(t.states), json,
                    List.copyOf(t.steps)));
        }
        return out;
    }

    /**
     * Checks the runtime's logs after the run against the recorded rmLog/tmLog: each node's last record for each
     * transaction ({@code records(node)}: "tm" or an RM's name) must be what the last recorded state says. Returns
     * the disagreements, as messages.
     */
    public List<String> logsAgree(java.util.function.Function<String, List<DurableRecord>> records) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<Long, String>> lastByNode = new LinkedHashMap<>();
        List<String> nodes = new ArrayList<>(rmNames);
        nodes.add("tm");
        for (String n : nodes) {
            Map<Long, String> last = new TreeMap<>();
            for (DurableRecord r : records.apply(n)) last.put(r.tx(), r.kind());
            lastByNode.put(n, last);
        }
        for (Tx t : txs.values()) {
            for (String n : nodes) {
                String logged = lastByNode.get(n).getOrDefault(t.tx, "none");
                String recorded = n.equals("tm") ? t.tmLog : t.rmLog.get(n);
                if (!logged.equals(recorded)) {
                    problems.add("tx " + t.tx + ": " + n + "'s log ends with \"" + logged + "\" but the recorded "
                            + (n.equals("tm") ? "tmLog" : "rmLog[" + n + "]") + " is \"" + recorded + "\"");
                }
            }
        }
        return problems;
    }
}
