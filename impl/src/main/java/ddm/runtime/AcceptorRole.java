package ddm.runtime;

import ddm.commit.paxos.Acceptor;
import ddm.commit.paxos.AcceptorRecord;
import ddm.commit.paxos.Output;
import ddm.commit.paxos.PaxosMessage;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;
import ddm.trace.Var;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Paxos Commit acceptor as its driver drives it in a node process: answers phase 1a (joining the ballot, its
 * promise forced before its phase 1b goes to the leader) and phase 2a (its vote forced before its phase 2b goes to
 * every RM and the leader). A request it has already answered is answered again with the same message (links lose
 * messages; a duplicate is no spec step), and {@link PaxosWire.Resend} sends an RM the acceptor's votes of a
 * transaction again. It recovers from its log (AcceptorRecover).
 */
public final class AcceptorRole implements Role<PaxosWire> {

    private record Key(long tx, String ins, int bal) {
    }

    private final Acceptor node;
    private final List<String> rms;
    private final String leader;
    private final Map<Key, PaxosMessage.Phase1b> answered1b = new HashMap<>();
    /**
     * Every vote this acceptor cast, by transaction (its log holds them all; its state only the latest per instance):
     * an RM that missed the votes of the ballot that chose a value can only learn it from those votes, so a resend
     * sends them all.
     */
    private final Map<Long, java.util.LinkedHashSet<PaxosMessage.Phase2b>> votes = new HashMap<>();

    /**
     * How many of its latest transactions a restarted acceptor logs its recovered state in: more than the driver's
     * batch (16 steps by default, each in one transaction), so every transaction whose record a crash can have lost
     * (one appended after the last force) is among them.
     */
    static final int RECENT = 64;

    /** The transactions of this acceptor's latest steps before a restart, oldest first ({@link #rejoin}). */
    private final List<Long> recent = new ArrayList<>();

    public AcceptorRole(Acceptor node, List<String> rms, String leader, Timers timers) {
        this.node = node;
        this.rms = List.copyOf(rms);
        this.leader = leader;
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
        if (message instanceof PaxosWire.Spec s && s.message() instanceof PaxosMessage.Phase1a m) {
            if (node.canPhase1b(m)) {
                Output<AcceptorRecord> out = node.phase1b(m);
                PaxosMessage.Phase1b b = (PaxosMessage.Phase1b) out.messages().get(0);
                answered1b.put(new Key(m.tx(), m.ins(), m.bal()), b);
                return List.of(step("Phase1b", m, out, List.of(new Step.Send<>(from, new PaxosWire.Spec(b)))));
            }
            PaxosMessage.Phase1b again = answered1b.get(new Key(m.tx(), m.ins(), m.bal()));
            return again == null ? List.of()
                    : List.of(Step.sendOnly(List.of(new Step.Send<>(from, new PaxosWire.Spec(again)))));
        }
        if (message instanceof PaxosWire.Spec s && s.message() instanceof PaxosMessage.Phase2a m) {
            if (node.canPhase2b(m)) {
                Output<AcceptorRecord> out = node.phase2b(m);
                PaxosMessage.Phase2b vote = (PaxosMessage.Phase2b) out.messages().get(0);
                votes.computeIfAbsent(m.tx(), k -> new java.util.LinkedHashSet<>()).add(vote);
                return List.of(step("Phase2b", m, out, toLearners(vote)));
            }
            Acceptor.InstanceState st = node.state(m.tx(), m.ins());
            if (st.bal() == m.bal() && st.val() == m.val()) {
                PaxosMessage.Phase2b again = new PaxosMessage.Phase2b(m.tx(), name(), m.ins(), m.bal(), m.val());
                return List.of(Step.sendOnly(toLearners(again)));
            }
            return List.of();
        }
        if (message instanceof PaxosWire.Resend r) {
            List<Step.Send<PaxosWire>> sends = new ArrayList<>();
            for (PaxosMessage.Phase2b v : votes.getOrDefault(r.tx(), new java.util.LinkedHashSet<>())) {
                sends.add(new Step.Send<>(r.from(), new PaxosWire.Spec(v)));
            }
            return sends.isEmpty() ? List.of() : List.of(Step.sendOnly(sends));
        }
        if (message instanceof PaxosWire.Client c && c.message() instanceof CommitWire.Status) {
            return List.of(Step.sendOnly(List.of(new Step.Send<>(from,
                    new PaxosWire.Client(new CommitWire.StatusReply(name(), isUp(), java.util.Set.of()))))));
        }
        return List.of();
    }

    private List<Step.Send<PaxosWire>> toLearners(PaxosMessage m) {
        List<Step.Send<PaxosWire>> sends = new ArrayList<>();
        rms.forEach(r -> sends.add(new Step.Send<>(r, new PaxosWire.Spec(m))));
        sends.add(new Step.Send<>(leader, new PaxosWire.Spec(m)));
        return sends;
    }

    @Override
    public List<Step<PaxosWire>> timeout(long key) {
        return List.of();
    }

    @Override
    public Step<PaxosWire> crash() {
        node.crash();
        answered1b.clear();
        votes.clear();
        return new Step<>(new StepEvent("AcceptorCrash", Map.of("a", name()), null, List.of(), List.of(), List.of()),
                List.of(), List.of());
    }

    /**
     * An acceptor never learns that a transaction is over, so it keeps the {@link #RECENT} transactions its event log
     * shows it stepped in last: its recovery logs its state there.
     */
    @Override
    public void rejoin(Map<String, String> lastActionByInstance) {
        recent.clear();
        List<String> all = new ArrayList<>(lastActionByInstance.keySet());
        all.subList(Math.max(0, all.size() - RECENT), all.size()).forEach(tx -> recent.add(Long.parseLong(tx)));
    }

    /**
     * AcceptorRecover from the log. The event logs the recovered state of each instance of the transactions
     * {@link #rejoin} kept: where a vote or promise the acceptor had sent is not in its log, the spec's
     * AcceptorRecover (which keeps the state it had: every promise and vote was forced before it was sent) and the
     * logged state differ.
     */
    @Override
    public Step<PaxosWire> recover(List<byte[]> log) {
        List<AcceptorRecord> records = log.stream().map(AcceptorRecord::decode).toList();
        node.recover(records);
        for (AcceptorRecord r : records) {
            if (r instanceof AcceptorRecord.Voted v) {
                votes.computeIfAbsent(v.tx(), k -> new java.util.LinkedHashSet<>())
                        .add(new PaxosMessage.Phase2b(v.tx(), name(), v.ins(), v.bal(), v.val()));
            }
        }
        List<Var> vars = new ArrayList<>();
        for (long tx : recent) {
            for (String ins : rms) {
                vars.add(new Var("aState", List.of(ins, name()), node.state(tx, ins).spec(), String.valueOf(tx)));
            }
        }
        recent.clear();
        return new Step<>(new StepEvent("AcceptorRecover", Map.of("a", name()), null, vars, List.of(), List.of()),
                List.of(), List.of());
    }

    /** The step of Phase1b or Phase2b on {@code m}, with the acceptor's state in that instance after it. */
    private Step<PaxosWire> step(String action, PaxosMessage m, Output<AcceptorRecord> out,
                                 List<Step.Send<PaxosWire>> sends) {
        List<byte[]> records = new ArrayList<>();
        out.records().forEach(r -> records.add(r.encode()));
        List<Object> sent = new ArrayList<>();
        out.messages().forEach(x -> sent.add(x.spec()));
        Var v = new Var("aState", List.of(m.ins(), name()), node.state(m.tx(), m.ins()).spec());
        return new Step<>(new StepEvent(action, Map.of("a", name()), String.valueOf(m.tx()), List.of(v), sent,
                List.of(m.spec())), records, sends);
    }
}
