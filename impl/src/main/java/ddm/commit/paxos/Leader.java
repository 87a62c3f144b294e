package ddm.commit.paxos;

import ddm.commit.ActionRefused;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The leader of one ballot b > 0 (PaxosCommit names a leader by its ballot; a process that thinks an instance stuck,
 * because its RM never voted or the previous leader seems dead, runs the next ballot it owns). It runs phases 1a and
 * 2a of ordinary Paxos; with no vote reported by its phase-1 quorum it proposes "aborted", the only value a leader may
 * pick: only RM ins itself can prepare ins.
 *
 * <p>Stateless between steps but for what it has started, proposed, and whether it stopped; the phase 1b reports a
 * step uses are handed to it (the messages delivered), so a guard has no side effect. Not final only so that tests
 * can seed bugs in {@link #hasPhase1Quorum} and {@link #safeValue}.
 */
public class Leader {

    private record Key(long tx, String ins) {}

    private final int ballot;
    private final Quorums quorums;
    private final Set<Key> started = new HashSet<>();
    private final Set<Key> proposed = new HashSet<>();
    private boolean stopped;

    public Leader(int ballot, Quorums quorums) {
        if (ballot <= 0) {
            throw new IllegalArgumentException("ballot 0 belongs to the RM itself; a leader's ballot is > 0");
        }
        this.ballot = ballot;
        this.quorums = quorums;
    }

    public int ballot() {
        return ballot;
    }

    public boolean isStopped() {
        return stopped;
    }

    public boolean canPhase1a(long tx, String ins) {
        return !stopped && !started.contains(new Key(tx, ins));
    }

    /** Implements {@code PaxosCommit!Phase1a(b, rm)}: the leader starts its ballot in instance ins. */
    public Output<Void> phase1a(long tx, String ins) {
        if (!canPhase1a(tx, ins)) {
            throw refused("Phase1a", ins, stopped ? "stopped" : "already started in " + ins);
        }
        started.add(new Key(tx, ins));
        return Output.send(new PaxosMessage.Phase1a(tx, ins, ballot));
    }

    /** Phase 2a's guard on the reports: every member of the chosen quorum has reported for this ballot. */
    protected boolean hasPhase1Quorum(Set<String> quorum, Map<String, PaxosMessage.Phase1b> reports) {
        return quorums.isQuorum(quorum) && reports.keySet().containsAll(quorum);
    }

    public boolean canPhase2a(long tx, String ins, Set<String> quorum, Collection<PaxosMessage.Phase1b> received) {
        return !stopped && !proposed.contains(new Key(tx, ins))
                && hasPhase1Quorum(quorum, reports(tx, ins, quorum, received));
    }

    /**
     * Implements {@code PaxosCommit!Phase2a(b, rm)} with the spec's quorum Q = {@code quorum}: having phase 1b reports
     * from every member of Q ({@code received} are the reports delivered), the leader proposes the value voted in the
     * highest ballot they report, or "aborted" if none of them has voted.
     */
    public Output<Void> phase2a(long tx, String ins, Set<String> quorum, Collection<PaxosMessage.Phase1b> received) {
        if (!canPhase2a(tx, ins, quorum, received)) {
            throw refused("Phase2a", ins, stopped ? "stopped" : proposed.contains(new Key(tx, ins))
                    ? "already proposed in " + ins : "no phase 1b report from every member of " + quorum);
        }
        Vote value = safeValue(reports(tx, ins, quorum, received).values());
        proposed.add(new Key(tx, ins));
        return Output.send(new PaxosMessage.Phase2a(tx, ins, ballot, value));
    }

    /**
     * The value phase 2a may propose, given a quorum's phase 1b reports: the value voted in the highest ballot they
     * report (a value chosen in a lower ballot is that one, by Paxos's invariant), or "aborted" if none has voted.
     */
    protected Vote safeValue(Collection<PaxosMessage.Phase1b> reports) {
        PaxosMessage.Phase1b top = null;
        for (PaxosMessage.Phase1b m : reports) {
            if (m.vbal() != Vote.NO_BALLOT && (top == null || m.vbal() > top.vbal())) {
                top = m;
            }
        }
        return top == null ? Vote.ABORTED : top.vval();
    }

    /** Implements {@code PaxosCommit!LeaderStop(b)}: the leader stops and never acts again. */
    public void stop() {
        if (stopped) {
            throw refused("LeaderStop", null, "already stopped");
        }
        stopped = true;
    }

    /** The reports for this ballot of (tx, ins) from members of quorum, by acceptor. */
    private Map<String, PaxosMessage.Phase1b> reports(long tx, String ins, Set<String> quorum,
                                                     Collection<PaxosMessage.Phase1b> received) {
        Map<String, PaxosMessage.Phase1b> out = new HashMap<>();
        for (PaxosMessage.Phase1b m : received) {
            if (m.tx() == tx && m.ins().equals(ins) && m.bal() == ballot && quorum.contains(m.acc())) {
                out.put(m.acc(), m);
            }
        }
        return out;
    }

    private ActionRefused refused(String action, String ins, String why) {
        return new ActionRefused(action + "(" + ballot + (ins == null ? "" : ", " + ins) + ")",
                "leader of ballot " + ballot + " " + why);
    }
}
