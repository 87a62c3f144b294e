package ddm.runtime;

import ddm.commit.paxos.Leader;
import ddm.commit.paxos.Learner;
import ddm.commit.paxos.Output;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.Quorums;
import ddm.commit.paxos.Vote;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The leader of one ballot of Paxos Commit as its driver drives it in a node process. It hears of a transaction from
 * the client (or from an RM that is stuck), and {@code takeoverMillis} later starts its ballot (Phase1a) in every
 * instance it has not seen decided, proposes (Phase2a) as soon as a quorum has answered, and, every
 * {@code takeoverMillis} until every instance is decided, sends its phase 1a and 2a messages again (links lose them).
 * A leader's process that dies never runs its ballot again (LeaderStop): the restarted process leads a ballot of its
 * own, higher (its incarnation), so no two processes ever propose in one ballot.
 */
public final class LeaderRole implements Role<PaxosWire> {

    private record Key(long tx, String ins) {
    }

    private final String name;
    private final Leader node;
    private final Quorums quorums;
    private final Learner learner;
    private final List<String> rms;
    private final List<String> acceptors;
    private final Timers timers;
    private final long takeoverMillis;
    private final Set<Long> known = new HashSet<>();
    private final Map<Long, List<PaxosMessage.Phase1b>> reports = new HashMap<>();
    private final Map<Long, List<PaxosMessage.Phase2b>> votes = new HashMap<>();
    private final Map<Key, PaxosMessage> sent = new HashMap<>();
    private boolean up = true;

    public LeaderRole(String name, Leader node, Quorums quorums, List<String> rms, List<String> acceptors,
                      Timers timers, long takeoverMillis) {
        this.name = name;
        this.node = node;
        this.quorums = quorums;
        this.learner = new Learner(quorums);
        this.rms = List.copyOf(rms);
        this.acceptors = List.copyOf(acceptors);
        this.timers = timers;
        this.takeoverMillis = takeoverMillis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public List<Step<PaxosWire>> deliver(String from, PaxosWire message) {
        if (message instanceof PaxosWire.Client c && c.message() instanceof CommitWire.Begin b) {
            hear(b.tx());
            return List.of();
        }
        if (message instanceof PaxosWire.Resend r) {
            hear(r.tx());
            return List.of();
        }
        if (message instanceof PaxosWire.Spec s && s.message() instanceof PaxosMessage.Phase1b m
                && m.bal() == node.ballot()) {
            List<PaxosMessage.Phase1b> got = reports.computeIfAbsent(m.tx(), k -> new ArrayList<>());
            if (!got.contains(m)) {
                got.add(m);
            }
            return maybePropose(m.tx(), m.ins());
        }
        if (message instanceof PaxosWire.Spec s && s.message() instanceof PaxosMessage.Phase2b m) {
            votes.computeIfAbsent(m.tx(), k -> new ArrayList<>()).add(m);
            return List.of();
        }
        if (message instanceof PaxosWire.Client c && c.message() instanceof CommitWire.Status) {
            return List.of(Step.sendOnly(List.of(new Step.Send<>(from,
                    new PaxosWire.Client(new CommitWire.StatusReply(name, up, Set.of()))))));
        }
        return List.of();
    }

    private void hear(long tx) {
        if (known.add(tx)) {
            timers.arm(tx, takeoverMillis);
        } else if (!timers.isArmed(tx)) {
            timers.arm(tx, 1);
        }
    }

    private boolean decided(long tx, String ins) {
        List<PaxosMessage.Phase2b> v = votes.getOrDefault(tx, List.of());
        return learner.chosen(tx, ins, Vote.PREPARED, v) || learner.chosen(tx, ins, Vote.ABORTED, v);
    }

    /** Takeover, or a retry: start the ballot where not yet started, send again what was sent and not decided. */
    @Override
    public List<Step<PaxosWire>> timeout(long tx) {
        List<Step<PaxosWire>> steps = new ArrayList<>();
        List<Step.Send<PaxosWire>> again = new ArrayList<>();
        boolean open = false;
        for (String ins : rms) {
            if (decided(tx, ins)) {
                continue;
            }
            open = true;
            if (node.canPhase1a(tx, ins)) {
                Output<Void> out = node.phase1a(tx, ins);
                sent.put(new Key(tx, ins), out.messages().get(0));
                steps.add(step("Phase1a", tx, ins, out));
                steps.addAll(maybePropose(tx, ins));
            } else {
                PaxosMessage m = sent.get(new Key(tx, ins));
                if (m != null) {
                    acceptors.forEach(a -> again.add(new Step.Send<>(a, new PaxosWire.Spec(m))));
                }
            }
        }
        if (!again.isEmpty()) {
            steps.add(Step.sendOnly(again));
        }
        if (open) {
            timers.arm(tx, takeoverMillis);
        }
        return steps;
    }

    private List<Step<PaxosWire>> maybePropose(long tx, String ins) {
        List<PaxosMessage.Phase1b> got = reports.getOrDefault(tx, List.of());
        for (SortedSet<String> q : quorums.all()) {
            if (node.canPhase2a(tx, ins, q, got)) {
                Output<Void> out = node.phase2a(tx, ins, q, got);
                sent.put(new Key(tx, ins), out.messages().get(0));
                return List.of(step("Phase2a", tx, ins, out));
            }
        }
        return List.of();
    }

    @Override
    public Step<PaxosWire> crash() {
        up = false;
        return new Step<>(null, List.of(), List.of());
    }

    /** A leader keeps nothing: the process that restarts leads a ballot of its own. */
    @Override
    public Step<PaxosWire> recover(List<byte[]> records) {
        up = true;
        return new Step<>(null, List.of(), List.of());
    }

    private Step<PaxosWire> step(String action, long tx, String ins, Output<Void> out) {
        List<Step.Send<PaxosWire>> sends = new ArrayList<>();
        List<Object> sentSpec = new ArrayList<>();
        for (PaxosMessage m : out.messages()) {
            sentSpec.add(m.spec());
            acceptors.forEach(a -> sends.add(new Step.Send<>(a, new PaxosWire.Spec(m))));
        }
        return new Step<>(new StepEvent(action, Map.of("b", node.ballot(), "rm", ins), String.valueOf(tx),
                List.of(), sentSpec, List.of()), List.of(), sends);
    }
}
