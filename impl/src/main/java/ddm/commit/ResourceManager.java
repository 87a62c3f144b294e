package ddm.commit;

import java.util.List;

/**
 * A resource manager (RM) of two-phase commit: a deterministic state machine holding its state in many concurrent
 * transactions. Each input is one method named after the spec action it implements; each returns the {@link Effects}
 * (records to force, then messages to send) for the driver to perform. A call whose spec guard is false is refused
 * with {@link ActionRefused} before anything changes; the {@code can...} methods state each guard so a driver can ask
 * first (a duplicate delivery, which the spec does not count as a step, is dropped by the driver, not by the RM).
 *
 * <p>Durable-log discipline: the RM forces its prepare record before it votes (so after a crash it knows it may no
 * longer abort on its own), and forces its outcome once it learns one (so a decided RM stays decided). A transaction
 * the RM has no state for is aborted: that is what a working RM that crashed has lost, and presumed abort says so.
 *
 * <p>Not final only so that tests can seed bugs in a subclass (see {@link Nodes}); nothing in production extends it.
 */
public class ResourceManager {

    /** Its states per transaction and whether it is up: the bookkeeping it shares with Paxos Commit's RM. */
    private final RmStates rm;

    public ResourceManager(String name) {
        this.rm = new RmStates(name);
    }

    public String name() {
        return rm.name();
    }

    public boolean isUp() {
        return rm.isUp();
    }

    /** This RM's state in tx: {@code rmState[name]} of that transaction (an unknown transaction is aborted). */
    public RmState state(long tx) {
        return rm.state(tx);
    }

    /** The RM joins transaction tx, working on its part of it (the spec's {@code Init} for this RM). */
    public void begin(long tx) {
        rm.begin(tx);
    }

    // ---- RM actions of TwoPhaseCommit -------------------------------------------------------------------------

    public boolean canRmPrepare(long tx) {
        return rm.upIn(tx, RmState.WORKING);
    }

    /**
     * Implements {@code TwoPhaseCommit!RMPrepare(rm)}, {@code TwoPhaseCommitRecovery!RMPrepare(rm)} and
     * {@code ReplicatedShards!RMPrepare(rm)} (at a shard's leader): the working RM prepares and sends Prepared to the
     * TM, after forcing its prepare record.
     */
    public Effects rmPrepare(long tx) {
        if (!canRmPrepare(tx)) {
            throw rm.refused("RMPrepare", tx);
        }
        rm.move(tx, RmState.PREPARED);
        return Effects.forceThenSend(new DurableRecord.Prepared(tx), new CommitMessage.Prepared(tx, rm.name()));
    }

    public boolean canRmChooseToAbort(long tx) {
        return rm.upIn(tx, RmState.WORKING);
    }

    /**
     * Implements {@code TwoPhaseCommit!RMChooseToAbort(rm)}, {@code TwoPhaseCommitRecovery!RMChooseToAbort(rm)} and
     * {@code ReplicatedShards!RMChooseToAbort(rm)} (at a shard's leader): the working RM aborts on its own and tells
     * nobody. No record: with none, a recovering RM presumes abort anyway.
     */
    public Effects rmChooseToAbort(long tx) {
        if (!canRmChooseToAbort(tx)) {
            throw rm.refused("RMChooseToAbort", tx);
        }
        rm.move(tx, RmState.ABORTED);
        return Effects.NONE;
    }

    public boolean canRmRcvCommitMsg(long tx) {
        return rm.upIn(tx, RmState.PREPARED);
    }

    /**
     * Implements {@code TwoPhaseCommit!RMRcvCommitMsg(rm)}, {@code TwoPhaseCommitRecovery!RMRcvCommitMsg(rm)} and
     * {@code ReplicatedShards!RMRcvCommitMsg(rm)} (at a shard's leader): the prepared RM receives Commit and commits.
     */
    public Effects rmRcvCommitMsg(long tx) {
        if (!canRmRcvCommitMsg(tx)) {
            throw rm.refused("RMRcvCommitMsg", tx);
        }
        rm.move(tx, RmState.COMMITTED);
        return Effects.force(new DurableRecord.Committed(tx));
    }

    public boolean canRmRcvAbortMsg(long tx) {
        return rm.upIn(tx, RmState.WORKING) || rm.upIn(tx, RmState.PREPARED);
    }

    /**
     * Implements {@code TwoPhaseCommit!RMRcvAbortMsg(rm)}, {@code TwoPhaseCommitRecovery!RMRcvAbortMsg(rm)} and
     * {@code ReplicatedShards!RMRcvAbortMsg(rm)} (at a shard's leader): the undecided RM receives Abort and aborts.
     */
    public Effects rmRcvAbortMsg(long tx) {
        if (!canRmRcvAbortMsg(tx)) {
            throw rm.refused("RMRcvAbortMsg", tx);
        }
        RmState before = rm.move(tx, RmState.ABORTED);
        return before == RmState.PREPARED ? Effects.force(new DurableRecord.Aborted(tx)) : Effects.NONE;
    }

    // ---- crash and recovery (TwoPhaseCommitRecovery) ----------------------------------------------------------

    public boolean canRmAskOutcome(long tx) {
        return rm.upIn(tx, RmState.PREPARED);
    }

    /**
     * Implements {@code TwoPhaseCommitRecovery!RMAskOutcome(rm)} and {@code ReplicatedShards!RMAskOutcome(rm)}: a
     * prepared RM that has heard no decision (a timeout) asks the TM for it. It may ask again: the TM's answer is
     * idempotent.
     */
    public Effects rmAskOutcome(long tx) {
        if (!canRmAskOutcome(tx)) {
            throw rm.refused("RMAskOutcome", tx);
        }
        return Effects.send(new CommitMessage.Query(tx, rm.name()));
    }

    public boolean canRmCrash() {
        return rm.isUp();
    }

    /** Implements {@code TwoPhaseCommitRecovery!RMCrash(rm)}: the RM stops and loses all volatile state. */
    public Effects rmCrash() {
        if (!canRmCrash()) {
            throw rm.refused("RMCrash", -1);
        }
        rm.crash();
        return Effects.NONE;
    }

    public boolean canRmRecover() {
        return !rm.isUp();
    }

    /**
     * Implements {@code TwoPhaseCommitRecovery!RMRecover(rm)}: the RM restarts from the records its log kept. A
     * transaction with a prepare record and no outcome is prepared again (it must ask, never decide alone); one with
     * an outcome keeps it; any other is aborted (presumed abort: its work died with the crash).
     */
    public Effects rmRecover(List<DurableRecord> records) {
        if (!canRmRecover()) {
            throw rm.refused("RMRecover", -1);
        }
        rm.recover(records);
        return Effects.NONE;
    }

    @Override
    public String toString() {
        return rm.toString();
    }
}
