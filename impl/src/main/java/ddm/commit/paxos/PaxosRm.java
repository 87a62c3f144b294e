package ddm.commit.paxos;

import ddm.commit.DurableRecord;
import ddm.commit.RmState;
import ddm.commit.RmStates;

import java.util.Collection;
import java.util.List;
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

    /** Its states per transaction and whether it is up: the bookkeeping it shares with 2PC's RM. */
    private final RmStates rm;
    private final SortedSet<String> instances;
    private final Learner learner;

    /** RM {@code name} of a transaction over {@code instances} (all RMs, itself included), learning with learner. */
    public PaxosRm(String name, Collection<String> instances, Learner learner) {
        this.rm = new RmStates(name);
        this.instances = new TreeSet<>(instances);
        this.learner = learner;
    }

    public String name() {
        return rm.name();
    }

    public boolean isUp() {
        return rm.isUp();
    }

    /** {@code rmState[name]} in tx (an unknown transaction is aborted, as in 2PC). */
    public RmState state(long tx) {
        return rm.state(tx);
    }

    /** Joins transaction tx, working (the spec's {@code Init} for this RM). */
    public void begin(long tx) {
        rm.begin(tx);
    }

    public boolean canRmPrepare(long tx) {
        return rm.upIn(tx, RmState.WORKING);
    }

    /**
     * Implements {@code PaxosCommit!RMPrepare(rm)}: the working RM forces its prepare record and proposes "prepared"
     * in ballot 0 of its own instance.
     */
    public Output<DurableRecord> rmPrepare(long tx) {
        if (!canRmPrepare(tx)) {
            throw rm.refused("RMPrepare", tx);
        }
        rm.move(tx, RmState.PREPARED);
        return Output.forceThenSend(new DurableRecord.Prepared(tx),
                new PaxosMessage.Phase2a(tx, rm.name(), 0, Vote.PREPARED));
    }

    public boolean canRmChooseToAbort(long tx) {
        return rm.upIn(tx, RmState.WORKING);
    }

    /** Implements {@code PaxosCommit!RMChooseToAbort(rm)}: the working RM gives up and proposes "aborted" in ballot 0. */
    public Output<DurableRecord> rmChooseToAbort(long tx) {
        if (!canRmChooseToAbort(tx)) {
            throw rm.refused("RMChooseToAbort", tx);
        }
        rm.move(tx, RmState.ABORTED);
        return Output.send(new PaxosMessage.Phase2a(tx, rm.name(), 0, Vote.ABORTED));
    }

    public boolean canRmRcvCommitMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        return rm.upIn(tx, RmState.PREPARED)
                && instances.stream().allMatch(s -> learner.chosen(tx, s, Vote.PREPARED, received));
    }

    /**
     * Implements {@code PaxosCommit!RMRcvCommitMsg(rm)}: the prepared RM, having phase 2b messages ({@code received})
     * from a quorum voting "prepared" in one ballot of every instance, commits and forces its commit record.
     */
    public Output<DurableRecord> rmRcvCommitMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        if (!canRmRcvCommitMsg(tx, received)) {
            throw rm.refused("RMRcvCommitMsg", tx);
        }
        rm.move(tx, RmState.COMMITTED);
        return Output.force(new DurableRecord.Committed(tx));
    }

    public boolean canRmRcvAbortMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        return (rm.upIn(tx, RmState.WORKING) || rm.upIn(tx, RmState.PREPARED))
                && instances.stream().anyMatch(i -> learner.chosen(tx, i, Vote.ABORTED, received));
    }

    /**
     * Implements {@code PaxosCommit!RMRcvAbortMsg(rm)}: the undecided RM, having phase 2b messages from a quorum
     * voting "aborted" in one ballot of some instance, aborts (forcing the abort only if it had prepared).
     */
    public Output<DurableRecord> rmRcvAbortMsg(long tx, Collection<PaxosMessage.Phase2b> received) {
        if (!canRmRcvAbortMsg(tx, received)) {
            throw rm.refused("RMRcvAbortMsg", tx);
        }
        RmState before = rm.move(tx, RmState.ABORTED);
        return before == RmState.PREPARED ? Output.force(new DurableRecord.Aborted(tx)) : Output.none();
    }

    /** The RM stops and loses its volatile state (not in PaxosCommit, whose RM state is durable). */
    public void crash() {
        if (!rm.isUp()) {
            throw rm.refused("RMCrash", -1);
        }
        rm.crash();
    }

    /**
     * Restarts from its log: a prepare record without an outcome is prepared again (it must learn the outcome from
     * the acceptors, never decide alone); an outcome stays; any other transaction is aborted (presumed abort).
     */
    public void recover(List<DurableRecord> records) {
        if (rm.isUp()) {
            throw rm.refused("RMRecover", -1);
        }
        rm.recover(records);
    }

    @Override
    public String toString() {
        return rm.toString();
    }
}
