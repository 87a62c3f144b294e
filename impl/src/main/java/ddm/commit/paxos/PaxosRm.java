package ddm.commit.paxos;

import ddm.commit.ActionRefused;
import ddm.commit.DurableRecord;
import ddm.commit.RmState;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A resource manager of Paxos Commit: the leader of ballot 0 of its own instance, and a learner of every instance.
 * Its states and its log are 2PC's ({@link RmState}, {@link DurableRecord}): the same transaction API, another
 * protocol underneath. It votes by proposing its value in ballot 0 straight to the acceptors (no coordinator), and
 * learns the outcome from the acceptors' phase 2b messages ({@link Learner}): commit once every instance chose
 * "prepared", abort once any chose "aborted".
 *
 * <p>Durable-log discipline as in 2PC: the prepare record is forced before the vote; an outcome is forced once
 * learned (an abort only if prepared; with no record, recovery presumes abort, which is safe because an RM without a
 * prepare record never proposed "prepared").
 */
public final class PaxosRm {

    private final String name;
    private final SortedSet<String> instances;
    private final Learner learner;
    private final Map<Long, RmState> states = new HashMap<>();
    private boolean up = true;

    /** RM {@code name} of a transaction over {@code instances} (all RMs, itself included), learning with learner. */
    public PaxosRm(String name, Collection<String> instances, Learner learner) {
        this.name = name;
        this.instances = new TreeSet<>(instances);
        this.learner = learner;
    }

    public String name() {
        return name;
    }

    public boolean isUp() {
        return up;
    }

    /** {@code rmState[name]} in tx (an unknown transaction is aborted, as in 2PC). */
    public RmState state(long tx) {
        return states.getOrDefault(tx, RmState.ABORTED);
    }

    /** Joins transaction tx, working (the spec's {@code Init} for this RM). */
    public void begin(long tx) {
        if (!up || states.containsKey(tx)) {
            throw refused("Begin", tx);
        }
        states.put(tx, RmState.WORKING);
    }

    public boolean canRmPrepare(long tx) {
        return up && state(tx) == RmState.WORKING;
    }

    /**
     * Implements {@code PaxosCommit!RMPrepare(rm)}: the working RM forces its prepare record and proposes "prepared"
     * in ballot 0 of its own instance.
     */
    public Output<DurableRecord> rmPrepare(long tx) {
        if (!canRmPrepare(tx)) {
            throw refused("RMPrepare", tx);
        }
        states.put(tx, RmState.PREPARED);
        return Output.forceThenSend(new DurableRecord.Prepared(tx),
                new PaxosMessage.Phase2a(tx, name, 0, Vote.PREPARED));
    }

    public boolean canRmChooseToAbort(long tx) {
        return up && state(tx) == RmState.WORKING;
    }

    /** Implements {@code PaxosCommit!RMChooseToAbort(rm)}: the working RM gives up and proposes "aborted" in ballot 0. */
    public Output<DurableRecord> rmChooseToAbort(long tx) {
        if (!canRmChooseToAbort(tx)) {
            throw refused("RMChooseToAbort", tx);
        }
        states.put(tx, RmState.ABORTED);
        return Output.send(new PaxosMessage.Phase2a(tx, name, 0, Vote.ABORTED));
    }

    public boolean canRmRcvCommitMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        return up && state(tx) == RmState.PREPARED
                && instances.stream().allMatch(s -> learner.chosen(tx, s, Vote.PREPARED, received));
    }

    /**
     * Implements {@code PaxosCommit!RMRcvCommitMsg(rm)}: the prepared RM, having phase 2b messages ({@code received})
     * from a quorum voting "prepared" in one ballot of every instance, commits and forces its commit record.
     */
    public Output<DurableRecord> rmRcvCommitMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        if (!canRmRcvCommitMsg(tx, received)) {
            throw refused("RMRcvCommitMsg", tx);
        }
        states.put(tx, RmState.COMMITTED);
        return Output.force(new DurableRecord.Committed(tx));
    }

    public boolean canRmRcvAbortMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        RmState s = state(tx);
        return up && (s == RmState.WORKING || s == RmState.PREPARED)
                && instances.stream().anyMatch(i -> learner.chosen(tx, i, Vote.ABORTED, received));
    }

    /**
     * Implements {@code PaxosCommit!RMRcvAbortMsg(rm)}: the undecided RM, having phase 2b messages from a quorum
     * voting "aborted" in one ballot of some instance, aborts (forcing the abort only if it had prepared).
     */
    public Output<DurableRecord> rmRcvAbortMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        if (!canRmRcvAbortMsg(tx, received)) {
            throw refused("RMRcvAbortMsg", tx);
        }
        RmState before = states.put(tx, RmState.ABORTED);
        return before == RmState.PREPARED ? Output.force(new DurableRecord.Aborted(tx)) : Output.none();
    }

    /** The RM stops and loses its volatile state (not in PaxosCommit, whose RM state is durable). */
    public void crash() {
        if (!up) {
            throw refused("RMCrash", -1);
        }
        up = false;
        states.clear();
    }

    /**
     * Restarts from its log: a prepare record without an outcome is prepared again (it must learn the outcome from
     * the acceptors, never decide alone); an outcome stays; any other transaction is aborted (presumed abort).
     */
    public void recover(List<DurableRecord> records) {
        if (up) {
            throw refused("RMRecover", -1);
        }
        for (DurableRecord r : records) {
            RmState s = r instanceof DurableRecord.Prepared ? RmState.PREPARED
                    : r instanceof DurableRecord.Committed ? RmState.COMMITTED : RmState.ABORTED;
            states.merge(r.tx(), s, (old, neu) -> old == RmState.PREPARED ? neu : old);
        }
        up = true;
    }

    private ActionRefused refused(String action, long tx) {
        return new ActionRefused(action + "(" + name + ")",
                name + (up ? " is " + state(tx).spec() + (tx < 0 ? "" : " in tx " + tx) : " is down"));
    }

    @Override
    public String toString() {
        return name + (up ? " " + states : " down");
    }
}
