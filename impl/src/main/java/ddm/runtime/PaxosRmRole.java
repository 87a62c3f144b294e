package ddm.runtime;

import ddm.commit.DurableRecord;
import ddm.commit.RmState;
import ddm.commit.paxos.Output;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.PaxosRm;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;
import ddm.trace.Var;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * A Paxos Commit RM as its driver drives it in a node process: votes in ballot 0 of its own instance as soon as the
 * client begins a transaction (its phase 2a to every acceptor, after forcing its prepare record), learns the outcome
 * from the acceptors' phase 2b messages, and, while undecided, every {@code timeoutMillis} asks the acceptors to send
 * their votes again and tells the leader the transaction is stuck (the RM's own vote may have been lost, or a quorum
 * may need a higher ballot). Outcomes are reported to the client once durable; a recovered RM tells the client what
 * its log holds.
 */
public final class PaxosRmRole implements Role<PaxosWire> {

    private final PaxosRm node;
    private final List<String> acceptors;
    private final String leader;
    private final Timers timers;
    private final long timeoutMillis;
    private final BiPredicate<String, Long> votesCommit;
    private final LongSupplier clockMillis;
    private final Set<Long> begun = new HashSet<>();
    private final Map<Long, List<PaxosMessage.Phase2b>> received = new HashMap<>();
    private final Map<Long, PaxosMessage.Phase2a> myVote = new HashMap<>();
    private long startMillis;

    public PaxosRmRole(PaxosRm node, List<String> acceptors, String leader, Timers timers, long timeoutMillis,
                       BiPredicate<String, Long> votesCommit, LongSupplier clockMillis) {
        this.node = node;
        this.acceptors = List.copyOf(acceptors);
        this.leader = leader;
        this.timers = timers;
        this.timeoutMillis = timeoutMillis;
        this.votesCommit = votesCommit;
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return node.name();
    }

    @Override
    public boolean isUp() {
        return node.isUp();
    }

    @Override
    public List<Step<PaxosWire>> deliver(String from, PaxosWire message) {
        if (message instanceof PaxosWire.Client c && c.message() instanceof CommitWire.Begin b) {
            if (b.issuedMillis() < startMillis || !begun.add(b.tx())) {
                return List.of();
            }
            node.begin(b.tx());
            List<Step<PaxosWire>> steps = new ArrayList<>();
            steps.add(step("Begin", b.tx(), new Output<>(List.of(), List.of()), List.of(), List.of()));
            timers.arm(b.tx(), timeoutMillis);
            if (votesCommit.test(name(), b.tx())) {
                steps.add(step("RMPrepare", b.tx(), node.rmPrepare(b.tx()), List.of(), List.of()));
            } else {
                steps.add(step("RMChooseToAbort", b.tx(), node.rmChooseToAbort(b.tx()), List.of(), outcome(b.tx())));
            }
            steps.addAll(maybeLearn(b.tx()));
            return steps;
        }
        if (message instanceof PaxosWire.Spec s && s.message() instanceof PaxosMessage.Phase2b m) {
            List<PaxosMessage.Phase2b> got = received.computeIfAbsent(m.tx(), k -> new ArrayList<>());
            if (!got.contains(m)) {
                got.add(m);
            }
            return maybeLearn(m.tx());
        }
        if (message instanceof PaxosWire.Client c && c.message() instanceof CommitWire.Status) {
            Set<Long> inDoubt = new TreeSet<>();
            for (long tx : begun) {
                if (node.isUp() && node.state(tx) == RmState.PREPARED) {
                    inDoubt.add(tx);
                }
            }
            return List.of(Step.sendOnly(List.of(new Step.Send<>(from,
                    new PaxosWire.Client(new CommitWire.StatusReply(name(), isUp(), inDoubt))))));
        }
        return List.of();
    }

    /** RMRcvCommitMsg or RMRcvAbortMsg if the phase 2b messages received so far decide tx. */
    private List<Step<PaxosWire>> maybeLearn(long tx) {
        List<PaxosMessage.Phase2b> got = received.getOrDefault(tx, List.of());
        if (!begun.contains(tx)) {
            return List.of();
        }
        if (node.canRmRcvCommitMsg(tx, got)) {
            timers.cancel(tx);
            return List.of(step("RMRcvCommitMsg", tx, node.rmRcvCommitMsg(tx, got), spec(got), outcome(tx)));
        }
        if (node.canRmRcvAbortMsg(tx, got)) {
            timers.cancel(tx);
            return List.of(step("RMRcvAbortMsg", tx, node.rmRcvAbortMsg(tx, got), spec(got), outcome(tx)));
        }
        return List.of();
    }

    private static List<Object> spec(List<PaxosMessage.Phase2b> got) {
        List<Object> out = new ArrayList<>();
        got.forEach(m -> out.add(m.spec()));
        return out;
    }

    /** Still undecided: the acceptors send their votes again, the leader hears tx is stuck, the vote goes again. */
    @Override
    public List<Step<PaxosWire>> timeout(long tx) {
        RmState s = node.state(tx);
        if (s != RmState.PREPARED && s != RmState.WORKING) {
            return List.of();
        }
        timers.arm(tx, timeoutMillis);
        List<Step.Send<PaxosWire>> sends = new ArrayList<>();
        for (String a : acceptors) {
            sends.add(new Step.Send<>(a, new PaxosWire.Resend(tx, name())));
            PaxosMessage.Phase2a vote = myVote.get(tx);
            if (vote != null) {
                sends.add(new Step.Send<>(a, new PaxosWire.Spec(vote)));
            }
        }
        sends.add(new Step.Send<>(leader, new PaxosWire.Resend(tx, name())));
        return List.of(Step.sendOnly(sends));
    }

    @Override
    public Step<PaxosWire> crash() {
        node.crash();
        begun.clear();
        received.clear();
        myVote.clear();
        return new Step<>(new StepEvent("RMCrash", Map.of("rm", name()), null, List.of(), List.of(), List.of()),
                List.of(), List.of());
    }

    @Override
    public Step<PaxosWire> recover(List<byte[]> log) {
        List<DurableRecord> records = log.stream().map(DurableRecord::decode).toList();
        node.recover(records);
        startMillis = clockMillis.getAsLong();
        Map<Long, Boolean> decided = new HashMap<>();
        Set<Long> inDoubt = new TreeSet<>();
        for (DurableRecord r : records) {
            begun.add(r.tx());
        }
        for (long tx : begun) {
            RmState s = node.state(tx);
            if (s == RmState.PREPARED) {
                inDoubt.add(tx);
                myVote.put(tx, new PaxosMessage.Phase2a(tx, name(), 0, ddm.commit.paxos.Vote.PREPARED));
                timers.arm(tx, 1);    // ask at once: the acceptors know the outcome, or a leader must find it
            } else {
                decided.put(tx, s == RmState.COMMITTED);
            }
        }
        return new Step<>(new StepEvent("RMRecover", Map.of("rm", name()), null, List.of(), List.of(), List.of()),
                List.of(), List.of(new Step.Send<>(CommitClientNames.CLIENT,
                new PaxosWire.Client(new CommitWire.Recovered(name(), startMillis, decided, inDoubt)))));
    }

    private List<Step.Send<PaxosWire>> outcome(long tx) {
        return List.of(new Step.Send<>(CommitClientNames.CLIENT, new PaxosWire.Client(
                new CommitWire.Outcome(tx, name(), node.state(tx) == RmState.COMMITTED))));
    }

    private Step<PaxosWire> step(String action, long tx, Output<DurableRecord> out, List<Object> received,
                                 List<Step.Send<PaxosWire>> extra) {
        List<byte[]> records = new ArrayList<>();
        out.records().forEach(r -> records.add(r.encode()));
        List<Step.Send<PaxosWire>> sends = new ArrayList<>();
        List<Object> sent = new ArrayList<>();
        for (PaxosMessage m : out.messages()) {
            sent.add(m.spec());
            if (m instanceof PaxosMessage.Phase2a a) {
                myVote.put(tx, a);
            }
            acceptors.forEach(a -> sends.add(new Step.Send<>(a, new PaxosWire.Spec(m))));
        }
        sends.addAll(extra);
        List<Var> vars = List.of(Var.at("rmState", name(), node.state(tx).spec()));
        Map<String, Object> params = action.equals("Begin") ? Map.of() : Map.of("rm", name());
        return new Step<>(new StepEvent(action, params, String.valueOf(tx), vars, sent, received), records, sends);
    }
}
