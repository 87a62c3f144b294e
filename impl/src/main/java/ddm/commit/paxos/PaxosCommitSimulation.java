package ddm.commit.paxos;

import ddm.commit.ActionRefused;
import ddm.commit.DurableRecord;
import ddm.commit.NodeLogs;
import ddm.commit.RmState;
import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.sim.Network;
import ddm.sim.Simulated;
import ddm.sim.Trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Paxos Commit in the deterministic simulator: the RMs, 2F+1 acceptors, one leader per ballot 1..maxBallot, a log per
 * RM and acceptor, and per transaction the set of every message sent (PaxosCommit's p1a/p1b/p2a/p2b). The caller
 * chooses each event; {@link #step} performs it atomically, as the spec does: the simulator delivers what the event
 * reads (the phase 1a or 2a message it names, the phase 1b reports of its quorum, the phase 2b messages an RM learns
 * from), the node takes its action, its records are appended and forced, then its messages are sent.
 *
 * <p>Bounds of the model, not of the protocol: {@code maxDown} acceptors down at once (the spec's MaxDown),
 * {@code leadersMayStop} and the top ballot's leader never stopping (the spec's LeaderStop guard). With
 * {@code acceptorsRecover} a crashed acceptor may restart from its log (PaxosCommit's AcceptorRecover, in SpecR).
 *
 * <p>It also keeps, beside the protocol and invisible to it, a causal clock per node and message: the message delays
 * and forced writes on the longest chain of steps leading to each event ({@link #decisionClock}), which is the
 * commit latency the benchmark reports.
 */
public final class PaxosCommitSimulation implements Simulated<PaxosEvent> {

    /** The shape of a system: names, the ballots 1..maxBallot that have leaders, and the model's fault bounds. */
    public record Setup(List<String> rms, List<String> acceptors, int maxBallot, int maxDown, boolean leadersMayStop,
                        boolean acceptorsRecover) {
        public Setup {
            rms = List.copyOf(rms);
            acceptors = List.copyOf(acceptors);
            if (rms.isEmpty() || acceptors.isEmpty() || maxBallot < 0 || maxDown < 0
                    || new TreeSet<>(rms).size() != rms.size() || new TreeSet<>(acceptors).size() != acceptors.size()) {
                throw new IllegalArgumentException("bad setup " + rms + " " + acceptors + " " + maxBallot);
            }
        }

        /** F = (acceptors - 1) / 2 acceptors down at once, ballots 1..maxBallot, leaders below the top may stop. */
        public static Setup tolerating(List<String> rms, List<String> acceptors, int maxBallot) {
            return new Setup(rms, acceptors, maxBallot, (acceptors.size() - 1) / 2, true, true);
        }
    }

    /**
     * How the simulation makes its nodes: production code uses {@link #STANDARD}; tests pass a factory that seeds a
     * bug in one kind of node (a test-only subclass, or quorums that do not intersect).
     */
    public interface Nodes {
        default Acceptor acceptor(String name) {
            return new Acceptor(name);
        }

        default Leader leader(int ballot, Quorums quorums) {
            return new Leader(ballot, quorums);
        }

        default Learner learner(Quorums quorums) {
            return new Learner(quorums);
        }
    }

    public static final Nodes STANDARD = new Nodes() {};

    /** Message delays and forced writes on the longest causal chain up to a point. */
    public record Clock(int hops, int forces) {
        public static final Clock ZERO = new Clock(0, 0);

        Clock max(Clock o) {
            return new Clock(Math.max(hops, o.hops), Math.max(forces, o.forces));
        }
    }

    private final Setup setup;
    private final Quorums quorums;
    private final Map<String, PaxosRm> rms = new LinkedHashMap<>();
    private final Map<String, Acceptor> acceptors = new LinkedHashMap<>();
    private final Map<Integer, Leader> leaders = new LinkedHashMap<>();
    private final NodeLogs logs = new NodeLogs();
    private final Map<Long, Network<PaxosMessage>> networks = new LinkedHashMap<>();
    private final Map<Long, Map<Class<?>, List<PaxosMessage>>> byType = new HashMap<>();
    private final Set<String> down = new TreeSet<>();
    private final Trace trace = new Trace();
    private final Map<String, Clock> nodeClocks = new HashMap<>();
    private final Map<PaxosMessage, Clock> messageClocks = new HashMap<>();
    private final Map<String, Clock> decisions = new HashMap<>();
    private long forces;

    public PaxosCommitSimulation(Setup setup) {
        this(setup, STANDARD, MemoryLog::new);
    }

    public PaxosCommitSimulation(Setup setup, Nodes nodes, Supplier<RecordLog> newLog) {
        this.setup = setup;
        this.quorums = Quorums.majorities(setup.acceptors());
        for (String r : setup.rms()) {
            rms.put(r, new PaxosRm(r, setup.rms(), nodes.learner(quorums)));
            logs.add(r, newLog.get());
        }
        for (String a : setup.acceptors()) {
            if (rms.containsKey(a)) {
                throw new IllegalArgumentException("an acceptor and an RM share the name " + a);
            }
            acceptors.put(a, nodes.acceptor(a));
            logs.add(a, newLog.get());
        }
        for (int b = 1; b <= setup.maxBallot(); b++) {
            leaders.put(b, nodes.leader(b, quorums));
        }
    }

    public Setup setup() {
        return setup;
    }

    public Quorums quorums() {
        return quorums;
    }

    /** Opens transaction tx at every RM (the spec's {@code Init}: every RM working, no message sent). */
    public void begin(long tx) {
        if (networks.containsKey(tx)) {
            throw new IllegalArgumentException("transaction " + tx + " already begun");
        }
        rms.values().forEach(rm -> rm.begin(tx));
        networks.put(tx, new Network<>());
    }

    public List<Long> transactions() {
        return List.copyOf(networks.keySet());
    }

    public PaxosRm rm(String name) {
        PaxosRm rm = rms.get(name);
        if (rm == null) {
            throw new IllegalArgumentException("no RM named " + name);
        }
        return rm;
    }

    public Acceptor acceptor(String name) {
        Acceptor a = acceptors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no acceptor named " + name);
        }
        return a;
    }

    /** The acceptors down now (the spec's {@code down}). */
    public SortedSet<String> down() {
        return new TreeSet<>(down);
    }

    /** The ballots whose leader stopped (the spec's {@code stopped}). */
    public SortedSet<Integer> stopped() {
        SortedSet<Integer> out = new TreeSet<>();
        leaders.forEach((b, l) -> {
            if (l.isStopped()) {
                out.add(b);
            }
        });
        return out;
    }

    /** Every message sent in tx, in order of first sending. */
    public List<PaxosMessage> sent(long tx) {
        Network<PaxosMessage> n = networks.get(tx);
        return n == null ? List.of() : n.sent();
    }

    /** The messages of one type sent in tx, in order of first sending (an index beside the network, for speed). */
    <M extends PaxosMessage> List<M> sent(long tx, Class<M> type) {
        List<PaxosMessage> of = byType.getOrDefault(tx, Map.of()).getOrDefault(type, List.of());
        List<M> out = new ArrayList<>(of.size());
        of.forEach(m -> out.add(type.cast(m)));
        return out;
    }

    private boolean wasSent(PaxosMessage m) {
        Network<PaxosMessage> n = networks.get(m.tx());
        return n != null && n.contains(m);
    }

    /** Acceptor a's state in (tx, ins); for a down acceptor, the state its log implies (what it recovers to). */
    public Acceptor.InstanceState acceptorState(String a, long tx, String ins) {
        Acceptor acc = acceptor(a);
        if (acc.isUp()) {
            return acc.state(tx, ins);
        }
        Acceptor image = new Acceptor(a);
        image.crash();
        image.recover(acceptorRecords(a));
        return image.state(tx, ins);
    }

    public List<AcceptorRecord> acceptorRecords(String a) {
        return logs.read(a).stream().map(AcceptorRecord::decode).toList();
    }

    public List<DurableRecord> rmRecords(String r) {
        return logs.read(r).stream().map(DurableRecord::decode).toList();
    }

    /** Forces that made something durable, all nodes together. */
    public long forces() {
        return forces;
    }

    /** The causal clock at which rm decided tx (message delays and forces on its longest chain), if it has. */
    public Clock decisionClock(String rm, long tx) {
        return decisions.get(rm + "#" + tx);
    }

    @Override
    public Trace trace() {
        return trace;
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    /** Every event whose guard holds now, in a deterministic order. */
    @Override
    public List<PaxosEvent> enabled() {
        List<PaxosEvent> out = new ArrayList<>();
        for (long tx : networks.keySet()) {
            for (String r : rms.keySet()) {
                out.add(new PaxosEvent.RmPrepare(r, tx));
                out.add(new PaxosEvent.RmChooseToAbort(r, tx));
                out.add(new PaxosEvent.RmRcvCommitMsg(r, tx));
                out.add(new PaxosEvent.RmRcvAbortMsg(r, tx));
            }
            for (int b : leaders.keySet()) {
                for (String r : rms.keySet()) {
                    out.add(new PaxosEvent.Phase1a(b, r, tx));
                    for (SortedSet<String> q : quorums.all()) {
                        out.add(new PaxosEvent.Phase2a(b, r, tx, q));
                    }
                }
            }
            for (String a : acceptors.keySet()) {
                sent(tx, PaxosMessage.Phase1a.class).forEach(m -> out.add(new PaxosEvent.Phase1b(a, m)));
                sent(tx, PaxosMessage.Phase2a.class).forEach(m -> out.add(new PaxosEvent.Phase2b(a, m)));
            }
        }
        for (String a : acceptors.keySet()) {
            out.add(new PaxosEvent.AcceptorCrash(a));
            out.add(new PaxosEvent.AcceptorRecover(a));
        }
        for (int b : leaders.keySet()) {
            out.add(new PaxosEvent.LeaderStop(b));
        }
        out.removeIf(e -> !isEnabled(e));
        return out;
    }

    /** Whether event's guard holds now: what it reads has been sent, the model's bounds allow it, its node agrees. */
    public boolean isEnabled(PaxosEvent event) {
        return why(event) == null;
    }

    /** Why event is not enabled, or null if it is. */
    private String why(PaxosEvent event) {
        if (event instanceof PaxosEvent.RmPrepare e) {
            return known(e.tx()) && rm(e.rm()).canRmPrepare(e.tx()) ? null : state(e.rm(), e.tx());
        } else if (event instanceof PaxosEvent.RmChooseToAbort e) {
            return known(e.tx()) && rm(e.rm()).canRmChooseToAbort(e.tx()) ? null : state(e.rm(), e.tx());
        } else if (event instanceof PaxosEvent.RmRcvCommitMsg e) {
            return known(e.tx()) && rm(e.rm()).canRmRcvCommitMsg(e.tx(), sent(e.tx(), PaxosMessage.Phase2b.class))
                    ? null : state(e.rm(), e.tx()) + ", and not every instance chose prepared";
        } else if (event instanceof PaxosEvent.RmRcvAbortMsg e) {
            return known(e.tx()) && rm(e.rm()).canRmRcvAbortMsg(e.tx(), sent(e.tx(), PaxosMessage.Phase2b.class))
                    ? null : state(e.rm(), e.tx()) + ", and no instance chose aborted";
        } else if (event instanceof PaxosEvent.Phase1a e) {
            Leader l = leaders.get(e.ballot());
            return l != null && rms.containsKey(e.ins()) && known(e.tx()) && l.canPhase1a(e.tx(), e.ins()) ? null
                    : "no live leader of ballot " + e.ballot() + " that has not started it in " + e.ins();
        } else if (event instanceof PaxosEvent.Phase2a e) {
            Leader l = leaders.get(e.ballot());
            return l != null && rms.containsKey(e.ins()) && known(e.tx())
                    && l.canPhase2a(e.tx(), e.ins(), e.quorum(), sent(e.tx(), PaxosMessage.Phase1b.class)) ? null
                    : "the leader of ballot " + e.ballot() + " cannot propose in " + e.ins() + " with " + e.quorum();
        } else if (event instanceof PaxosEvent.Phase1b e) {
            return wasSent(e.m()) && acceptor(e.acc()).canPhase1b(e.m()) ? null
                    : e.acc() + " cannot answer " + e.m().spec();
        } else if (event instanceof PaxosEvent.Phase2b e) {
            return wasSent(e.m()) && acceptor(e.acc()).canPhase2b(e.m()) ? null
                    : e.acc() + " cannot vote for " + e.m().spec();
        } else if (event instanceof PaxosEvent.AcceptorCrash e) {
            return acceptor(e.acc()).canCrash() && down.size() < setup.maxDown() ? null
                    : e.acc() + " is down, or " + setup.maxDown() + " acceptors are";
        } else if (event instanceof PaxosEvent.AcceptorRecover e) {
            return setup.acceptorsRecover() && !acceptor(e.acc()).isUp() ? null : e.acc() + " may not recover";
        } else if (event instanceof PaxosEvent.LeaderStop e) {
            Leader l = leaders.get(e.ballot());
            return setup.leadersMayStop() && l != null && e.ballot() != setup.maxBallot() && !l.isStopped() ? null
                    : "the leader of ballot " + e.ballot() + " may not stop";
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    private boolean known(long tx) {
        return networks.containsKey(tx);
    }

    private String state(String rm, long tx) {
        return rm + " is " + (rm(rm).isUp() ? rm(rm).state(tx).spec() : "down");
    }

    /** Performs one enabled event; refuses a disabled one with {@link ActionRefused}, changing nothing. */
    @Override
    public void step(PaxosEvent event) {
        String why = why(event);
        if (why != null) {
            throw new ActionRefused(event.label(), why);
        }
        if (event instanceof PaxosEvent.RmPrepare e) {
            performRm(e.rm(), e.tx(), List.of(), rm(e.rm()).rmPrepare(e.tx()));
        } else if (event instanceof PaxosEvent.RmChooseToAbort e) {
            performRm(e.rm(), e.tx(), List.of(), rm(e.rm()).rmChooseToAbort(e.tx()));
        } else if (event instanceof PaxosEvent.RmRcvCommitMsg e) {
            List<PaxosMessage.Phase2b> votes = sent(e.tx(), PaxosMessage.Phase2b.class);
            performRm(e.rm(), e.tx(), votes, rm(e.rm()).rmRcvCommitMsg(e.tx(), votes));
        } else if (event instanceof PaxosEvent.RmRcvAbortMsg e) {
            List<PaxosMessage.Phase2b> votes = sent(e.tx(), PaxosMessage.Phase2b.class).stream()
                    .filter(m -> m.val() == Vote.ABORTED).toList();
            performRm(e.rm(), e.tx(), votes, rm(e.rm()).rmRcvAbortMsg(e.tx(), votes));
        } else if (event instanceof PaxosEvent.Phase1a e) {
            perform("leader" + e.ballot(), e.tx(), e.ins(), List.of(),
                    leaders.get(e.ballot()).phase1a(e.tx(), e.ins()));
        } else if (event instanceof PaxosEvent.Phase2a e) {
            List<PaxosMessage.Phase1b> reports = sent(e.tx(), PaxosMessage.Phase1b.class).stream()
                    .filter(m -> m.ins().equals(e.ins()) && m.bal() == e.ballot() && e.quorum().contains(m.acc()))
                    .toList();
            perform("leader" + e.ballot(), e.tx(), e.ins(), reports,
                    leaders.get(e.ballot()).phase2a(e.tx(), e.ins(), e.quorum(), reports));
        } else if (event instanceof PaxosEvent.Phase1b e) {
            perform(e.acc(), e.m().tx(), e.m().ins(), List.of(e.m()), acceptor(e.acc()).phase1b(e.m()));
        } else if (event instanceof PaxosEvent.Phase2b e) {
            perform(e.acc(), e.m().tx(), e.m().ins(), List.of(e.m()), acceptor(e.acc()).phase2b(e.m()));
        } else if (event instanceof PaxosEvent.AcceptorCrash e) {
            acceptor(e.acc()).crash();
            logs.crash(e.acc());   // drops nothing: every step forces before it ends
            down.add(e.acc());
        } else if (event instanceof PaxosEvent.AcceptorRecover e) {
            acceptor(e.acc()).recover(acceptorRecords(e.acc()));
            down.remove(e.acc());
        } else if (event instanceof PaxosEvent.LeaderStop e) {
            leaders.get(e.ballot()).stop();
        }
        trace.add(networks.size() > 1 && !(event.isFault() || event instanceof PaxosEvent.AcceptorRecover)
                ? event.label() + " @tx" + txOf(event) : event.label());
    }

    private static long txOf(PaxosEvent e) {
        if (e instanceof PaxosEvent.RmPrepare x) return x.tx();
        if (e instanceof PaxosEvent.RmChooseToAbort x) return x.tx();
        if (e instanceof PaxosEvent.RmRcvCommitMsg x) return x.tx();
        if (e instanceof PaxosEvent.RmRcvAbortMsg x) return x.tx();
        if (e instanceof PaxosEvent.Phase1a x) return x.tx();
        if (e instanceof PaxosEvent.Phase2a x) return x.tx();
        if (e instanceof PaxosEvent.Phase1b x) return x.m().tx();
        if (e instanceof PaxosEvent.Phase2b x) return x.m().tx();
        return -1;
    }

    private void performRm(String rm, long tx, List<? extends PaxosMessage> read, Output<DurableRecord> out) {
        Clock at = perform(rm, tx, null, read, out);
        RmState s = rm(rm).state(tx);
        if (s == RmState.COMMITTED || s == RmState.ABORTED) {
            decisions.putIfAbsent(rm + "#" + tx, at);
        }
    }

    /**
     * The driver's half of a step: advance the clock past what the step read, force the records, send. Clocks are per
     * node and transaction, and for acceptors and leaders per instance too: their instances are independent, so one
     * instance's force is not on another's path (a real acceptor batches them into one force).
     */
    private <R> Clock perform(String node, long tx, String ins, List<? extends PaxosMessage> read, Output<R> out) {
        String key = node + "#" + tx + (ins == null ? "" : "#" + ins);
        Clock clock = nodeClocks.getOrDefault(key, Clock.ZERO);
        for (PaxosMessage m : read) {
            clock = clock.max(messageClocks.getOrDefault(m, Clock.ZERO));
        }
        if (!out.records().isEmpty()) {
            logs.force(node, out.records().stream()
                    .map(r -> r instanceof AcceptorRecord a ? a.encode() : ((DurableRecord) r).encode()).toList());
            forces++;
            clock = new Clock(clock.hops(), clock.forces() + 1);
        }
        nodeClocks.put(key, clock);
        for (PaxosMessage m : out.messages()) {
            messageClocks.putIfAbsent(m, new Clock(clock.hops() + 1, clock.forces()));
            if (!wasSent(m)) {
                networks.get(tx).send(m);
                byType.computeIfAbsent(tx, k -> new HashMap<>()).computeIfAbsent(m.getClass(), k -> new ArrayList<>()).add(m);
            }
        }
        return clock;
    }
}
