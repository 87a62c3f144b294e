package ddm.conformance.validate;

import ddm.commit.paxos.Acceptor;
import ddm.commit.paxos.Leader;
import ddm.commit.paxos.Output;
import ddm.commit.paxos.PaxosCommitRuntime;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.PaxosRm;
import ddm.conformance.events.EventModel;
import ddm.trace.Var;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records one transaction of a threaded Paxos Commit run as per-node logs of {@code PaxosCommit.tla}'s steps: the
 * per-node counterpart of {@link PaxosRecorder}, with the same actions and parameters. An RM logs its
 * {@code rmState[rm]}, an acceptor its {@code aState[ins][a]} in the instance the step is about; leaders own no
 * variable. The message sets {@code p1a} .. {@code p2b}, {@code down} and {@code stopped} are the search's to fill.
 * Every message a step consumes names the step that sent it: a phase 1b its phase 1a, a proposal the phase 1b
 * reports it rests on, an RM's decision the phase 2b votes it learned from. The run has one transaction, so events
 * name no instance.
 */
public final class PaxosEvents extends NodeEvents {

    /**
     * PARTIAL logs the RMs' states only. Acceptors crash (and, in a cluster, recover from their logs); nothing is
     * repeated where the spec acts once; the message sets are the network a step's sent messages must reach. A
     * cluster's RM logs {@code Begin} when it joins a transaction (the spec's Init for it), and may crash and recover,
     * which the spec's RMs never do: such a transaction is beyond every model's bounds.
     */
    public static final EventModel MODEL = new EventModel(Set.of("Begin"), Set.of("AcceptorCrash", "RMCrash"),
            Set.of(), Set.of("p1a", "p1b", "p2a", "p2b"), Set.of("rmState"), Set.of("RMCrash", "RMRecover"));

    private final long tx;
    /** The last state each RM and acceptor logged (each written by its node's thread, read after the run). */
    private final Map<String, Object> lastRm = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> lastAcc = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records transaction {@code tx}. */
    public PaxosEvents(long tx) {
        this.tx = tx;
    }

    /** Takes the runtime's nodes as the recorded ones; call before the first submit. */
    public void register(PaxosCommitRuntime runtime, PaxosCommitSimulation.Setup setup) {
        for (String r : setup.rms()) register(runtime.rm(r), r);
        for (String a : setup.acceptors()) register(runtime.acceptor(a), a);
        for (int b = 1; b <= setup.maxBallot(); b++) register(runtime.leader(b), "leader" + b);
    }

    /**
     * After the run: the acceptors' and RMs' logs against the last states they logged, as {@link PaxosRecorder}
     * checks them (an acceptor or instance that logged nothing is in its initial state).
     */
    public List<String> logsAgree(PaxosCommitSimulation.Setup setup, java.util.function.Function<String,
            List<byte[]>> logs) {
        Map<String, Object> rmState = new java.util.TreeMap<>(), aState = new java.util.TreeMap<>();
        for (String r : setup.rms()) {
            rmState.put(r, lastRm.getOrDefault(r, "working"));
            Map<String, Object> byAcc = new java.util.TreeMap<>();
            for (String a : setup.acceptors()) {
                byAcc.put(a, lastAcc.getOrDefault(r, Map.of()).getOrDefault(a,
                        ddm.conformance.itf.Values.canonical(Acceptor.InstanceState.INITIAL.spec())));
            }
            aState.put(r, byAcc);
        }
        return PaxosRecorder.logsAgree(setup, tx, aState, rmState, logs);
    }

    @Override
    protected Step describe(Object node, String name, String method, Object[] args, Object returned) {
        String action = PaxosRecorder.ACTIONS.get(method);
        if (action == null) return null;
        Object first = args.length > 0 ? args[0] : null;
        long stepTx = first instanceof Long t ? t : first instanceof PaxosMessage m ? m.tx() : tx;
        if (stepTx != tx) return null;
        Map<String, Object> params = new LinkedHashMap<>();
        List<Var> vars = new ArrayList<>();
        List<Object> consumed = new ArrayList<>();
        if (node instanceof PaxosRm rm) {
            params.put("rm", name);
            vars.add(Var.at("rmState", name, rm.state(tx).spec()));
            lastRm.put(name, rm.state(tx).spec());
            if (args.length > 1 && args[1] instanceof Collection<?> votes) consumed.addAll(votes);
        } else if (node instanceof Leader l) {
            params.put("b", (long) l.ballot());
            if (args.length > 1) params.put("rm", args[1]);
            if (args.length > 3 && args[3] instanceof Collection<?> reports) consumed.addAll(reports);
        } else {
            Acceptor a = (Acceptor) node;
            params.put("a", name);
            if (first instanceof PaxosMessage m) {
                consumed.add(m);
                vars.add(new Var("aState", List.of(m.ins(), name), a.state(tx, m.ins()).spec()));
                lastAcc.computeIfAbsent(m.ins(), k -> new java.util.concurrent.ConcurrentHashMap<>())
                        .put(name, ddm.conformance.itf.Values.canonical(a.state(tx, m.ins()).spec()));
            }
        }
        List<Object> sent = new ArrayList<>(), sentKeys = new ArrayList<>();
        if (returned instanceof Output<?> out) {
            for (PaxosMessage m : out.messages()) {
                if (m.tx() != tx) continue;
                sent.add(m.spec());
                sentKeys.add(m);
            }
        }
        boolean wholeNode = method.equals("crash") || method.equals("stop");
        return new Step(action, params, null, vars, sent, consumed.stream().map(m -> ((PaxosMessage) m).spec())
                .map(x -> (Object) x).toList(), sentKeys, consumed.isEmpty() || wholeNode ? List.of() : consumed);
    }
}
