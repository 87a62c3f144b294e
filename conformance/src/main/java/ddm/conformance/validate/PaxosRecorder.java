package ddm.conformance.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.commit.DurableRecord;
import ddm.commit.RmState;
import ddm.commit.paxos.Acceptor;
import ddm.commit.paxos.AcceptorRecord;
import ddm.commit.paxos.Leader;
import ddm.commit.paxos.Learner;
import ddm.commit.paxos.Output;
import ddm.commit.paxos.PaxosCommitRuntime;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.PaxosRm;
import ddm.commit.paxos.Quorums;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Records one transaction of a threaded {@link PaxosCommitRuntime} run as one trace of {@code PaxosCommit.tla}.
 *
 * <p>Each step is an advised action method of {@link PaxosRm}, {@link Leader} or {@link Acceptor} that returned (table
 * {@link #ACTIONS}), labelled with the spec's parameters: {@code rm} (the RM's name) for the RM actions, {@code b} (the
 * leader's ballot) and {@code rm} (the instance argument) for Phase1a and Phase2a, {@code a} (the acceptor's name) for
 * Phase1b, Phase2b and AcceptorCrash, {@code b} for LeaderStop. The state after it is the spec's variables, as
 * {@code PaxosCommitSystem.abstraction()} defines them for the simulator:
 * <ul>
 *   <li>{@code rmState}: each RM's state in the transaction ("working" before it has begun it);
 *   <li>{@code aState[r][a]}: acceptor a's state in instance r, read from the node while it is up; for a down acceptor,
 *       the simulator shows what its log holds, which here is its last state recorded up (each step forces before its
 *       driver takes the next input, and the crash is an input); {@link #logsAgree} checks that against the logs
 *       after the run;
 *   <li>{@code p1a}, {@code p1b}, {@code p2a}, {@code p2b}: every message of the transaction the steps returned,
 *       whether or not it was delivered yet (the spec's sets only grow);
 *   <li>{@code down}, {@code stopped}: the acceptors whose crash and the ballots whose leader's stop were recorded.
 * </ul>
 * {@code PaxosRm.begin} is advised too, so that every change to a node happens under the recording lock; it is no step.
 * Steps of other transactions are not recorded.
 */
public final class PaxosRecorder implements Recording.Sink {

    /** The spec's variables, in the order the traces list them. */
    public static final List<String> VARIABLES = List.of("rmState", "aState", "p1a", "p1b", "p2a", "p2b", "down",
            "stopped");

    /** Advised method name to spec action name ({@code crash} is advised on the acceptor only). */
    public static final Map<String, String> ACTIONS = Map.of(
            "rmPrepare", "RMPrepare", "rmChooseToAbort", "RMChooseToAbort", "rmRcvCommitMsg", "RMRcvCommitMsg",
            "rmRcvAbortMsg", "RMRcvAbortMsg", "phase1a", "Phase1a", "phase2a", "Phase2a", "stop", "LeaderStop",
            "phase1b", "Phase1b", "phase2b", "Phase2b", "crash", "AcceptorCrash");

    /** Advises the three node classes and their subclasses (once per JVM). */
    public static void advise() {
        Recording.advise(PaxosRm.class, Set.of("begin", "rmPrepare", "rmChooseToAbort", "rmRcvCommitMsg",
                "rmRcvAbortMsg"));
        Recording.advise(Leader.class, Set.of("phase1a", "phase2a", "stop"));
        Recording.advise(Acceptor.class, Set.of("phase1b", "phase2b", "crash"));
    }

    private final PaxosCommitSimulation.Setup setup;
    private final long tx;
    private final Map<Object, String> owned = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, PaxosRm> rms = new TreeMap<>();
    private final Map<String, Acceptor> acceptors = new TreeMap<>();
    private final Set<String> begun = new HashSet<>();
    private final Map<String, Set<Map<String, Object>>> msgs = new HashMap<>();
    private final Set<String> down = new TreeSet<>();
    private final Set<Long> stopped = new TreeSet<>();
    /** Per acceptor and instance, its state when last recorded up: a down acceptor's log image. */
    private final Map<String, Map<String, Object>> lastUp = new HashMap<>();
    private final List<Map<String, Object>> states = new ArrayList<>();
    private final List<Label> steps = new ArrayList<>();

    /** Records transaction {@code tx} of a runtime built from {@code setup}. */
    public PaxosRecorder(PaxosCommitSimulation.Setup setup, long tx) {
        this.setup = setup;
        this.tx = tx;
        for (String v : List.of("p1a", "p1b", "p2a", "p2b")) msgs.put(v, new HashSet<>());
    }

    /** Takes the runtime's nodes as the recorded ones and records the initial state; call before the first submit. */
    public synchronized void register(PaxosCommitRuntime runtime) {
        for (String r : setup.rms()) {
            rms.put(r, runtime.rm(r));
            owned.put(runtime.rm(r), r);
        }
        for (String a : setup.acceptors()) {
            acceptors.put(a, runtime.acceptor(a));
            owned.put(runtime.acceptor(a), a);
        }
        for (int b = 1; b <= setup.maxBallot(); b++) owned.put(runtime.leader(b), "leader" + b);
        states.add(abstraction());
    }

    @Override
    public boolean owns(Object node) {
        return owned.containsKey(node);
    }

    @Override
    public synchronized void step(Object node, String method, Object[] args, Object returned) {
        String who = owned.get(node);
        if (method.equals("begin")) {
            if ((Long) args[0] == tx) begun.add(who);
            return;
        }
        String action = ACTIONS.get(method);
        Object first = args.length > 0 ? args[0] : null;
        long stepTx = first instanceof Long t ? t : first instanceof PaxosMessage m ? m.tx() : tx;
        if (action == null || stepTx != tx) return;
        Map<String, Object> params = new LinkedHashMap<>();
        if (node instanceof PaxosRm) {
            params.put("rm", who);
        } else if (node instanceof Leader l) {
            params.put("b", (long) l.ballot());
            if (args.length > 1) params.put("rm", args[1]);
            if (method.equals("stop")) stopped.add((long) l.ballot());
        } else {
            params.put("a", who);
            if (method.equals("crash")) down.add(who);
        }
        if (returned instanceof Output<?> out) {
            for (PaxosMessage m : out.messages()) {
                if (m.tx() == tx) msgs.get(variable(m)).add(m.spec());
            }
        }
        steps.add(new Label(action, params));
        states.add(abstraction());
    }

    private static String variable(PaxosMessage m) {
        return m instanceof PaxosMessage.Phase1a ? "p1a" : m instanceof PaxosMessage.Phase1b ? "p1b"
                : m instanceof PaxosMessage.Phase2a ? "p2a" : "p2b";
    }

    /** The spec's variables now (called with the recording lock held, or before the first step). */
    private Map<String, Object> abstraction() {
        Map<String, Object> rmState = new TreeMap<>(), aState = new TreeMap<>();
        for (String r : setup.rms()) {
            rmState.put(r, begun.contains(r) ? rms.get(r).state(tx).spec() : "working");
            Map<String, Object> byAcc = new TreeMap<>();
            for (String a : setup.acceptors()) {
                Acceptor acc = acceptors.get(a);
                if (acc.isUp()) lastUp.put(a + " " + r, acc.state(tx, r).spec());
                byAcc.put(a, lastUp.getOrDefault(a + " " + r, Acceptor.InstanceState.INITIAL.spec()));
            }
            aState.put(r, byAcc);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("rmState", rmState);
        vars.put("aState", aState);
        msgs.forEach((v, ms) -> vars.put(v, Set.copyOf(ms)));
        vars.put("down", Set.copyOf(down));
        vars.put("stopped", Set.copyOf(stopped));
        return Values.canonicalState(vars);
    }

    /** The last recorded state. */
    public synchronized Map<String, Object> last() {
        return states.get(states.size() - 1);
    }

    /**
     * After the run: each acceptor's log, replayed as a recovery would, must give the last recorded aState (a down
     * acceptor's recorded state is its log image by assumption; this checks the assumption and the forces), and each
     * RM's log must hold the prepare or commit record its last recorded state needs. Returns the disagreements.
     */
    public synchronized List<String> logsAgree(Function<String, List<byte[]>> logs) {
        return logsAgree(setup, tx, (Map<?, ?>) last().get("aState"), (Map<?, ?>) last().get("rmState"), logs);
    }

    /**
     * The check of {@link #logsAgree(Function)}, for any recorder: {@code aState} (instance to acceptor to state) and
     * {@code rmState} (RM to state) as last recorded in transaction {@code tx}.
     */
    static List<String> logsAgree(PaxosCommitSimulation.Setup setup, long tx, Map<?, ?> aState, Map<?, ?> rmState,
                                  Function<String, List<byte[]>> logs) {
        List<String> problems = new ArrayList<>();
        for (String a : setup.acceptors()) {
            Acceptor image = new Acceptor(a);
            image.crash();
            image.recover(logs.apply(a).stream().map(AcceptorRecord::decode).toList());
            for (String r : setup.rms()) {
                Object logged = Values.canonical(image.state(tx, r).spec());
                Object recorded = ((Map<?, ?>) aState.get(r)).get(a);
                if (!logged.equals(recorded)) {
                    problems.add(a + "'s log gives " + Values.show(logged) + " in instance " + r
                            + " but the last recorded aState is " + Values.show(recorded));
                }
            }
        }
        for (String r : setup.rms()) {
            PaxosRm image = new PaxosRm(r, setup.rms(), new Learner(Quorums.majorities(setup.acceptors())));
            image.crash();
            image.recover(logs.apply(r).stream().map(DurableRecord::decode).toList());
            String logged = image.state(tx).spec(), recorded = (String) rmState.get(r);
            boolean needsRecord = recorded.equals(RmState.PREPARED.spec()) || recorded.equals(RmState.COMMITTED.spec());
            if (needsRecord && !logged.equals(recorded)) {
                problems.add(r + "'s log recovers it " + logged + " but its last recorded state is " + recorded);
            }
        }
        return problems;
    }

    /** The recorded transaction as one ITF trace, with the model's {@code constants}; call after the run. */
    public synchronized ItfTrace trace(Map<String, Object> constants, String source) {
        List<ObjectNode> json = new ArrayList<>();
        for (Map<String, Object> s : states) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            VARIABLES.forEach(v -> o.set(v, ItfValues.encode(s.get(v))));
            json.add(o);
        }
        return new ItfTrace(source, constants, VARIABLES, List.copyOf(states), json, List.copyOf(steps));
    }
}
