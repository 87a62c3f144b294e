package ddm.commit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final String name;
    private final Map<Long, RmState> states = new HashMap<>();
    private boolean up = true;

    public ResourceManager(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean isUp() {
        return up;
    }

    /** This RM's state in tx: {@code rmState[name]} of that transaction (an unknown transaction is aborted). */
    public RmState state(long tx) {
        return states.getOrDefault(tx, RmState.ABORTED);
    }

    /** The RM joins transaction tx, working on its part of it (the spec's {@code Init} for this RM). */
    public void begin(long tx) {
        if (!up || states.containsKey(tx)) {
            throw refused("Begin", tx);
        }
        states.put(tx, RmState.WORKING);
    }

    // ---- RM actions of TwoPhaseCommit -------------------------------------------------------------------------

    public boolean canRmPrepare(long tx) {
        return up && state(tx) == RmState.WORKING;
    }

    /**
     * Implements {@code TwoPhaseCommit!RMPrepare(rm)}: the working RM prepares and sends Prepared to the TM, after
     * forcing its prepare record.
     */
    public Effects rmPrepare(long tx) {
        if (!canRmPrepare(tx)) {
            throw refused("RMPrepare", tx);
        }
        states.put(tx, RmState.PREPARED);
        return Effects.forceThenSend(new DurableRecord.Prepared(tx), new CommitMessage.Prepared(tx, name));
    }

    public boolean canRmChooseToAbort(long tx) {
        return up && state(tx) == RmState.WORKING;
    }

    /**
     * Implements {@code TwoPhaseCommit!RMChooseToAbort(rm)}: the working RM aborts on its own and tells nobody. No
     * record: with none, a recovering RM presumes abort anyway.
     */
    public Effects rmChooseToAbort(long tx) {
        if (!canRmChooseToAbort(tx)) {
            throw refused("RMChooseToAbort", tx);
        }
        states.put(tx, RmState.ABORTED);
        return Effects.NONE;
    }

    public boolean canRmRcvCommitMsg(long tx) {
        return up && state(tx) == RmState.PREPARED;
    }

    /** Implements {@code TwoPhaseCommit!RMRcvCommitMsg(rm)}: the prepared RM receives Commit and commits. */
    public Effects rmRcvCommitMsg(long tx) {
        if (!canRmRcvCommitMsg(tx)) {
            throw refused("RMRcvCommitMsg", tx);
        }
        states.put(tx, RmState.COMMITTED);
        return Effects.force(new DurableRecord.Committed(tx));
    }

    public boolean canRmRcvAbortMsg(long tx) {
        RmState s = state(tx);
        return up && (s == RmState.WORKING || s == RmState.PREPARED);
    }

    /** Implements {@code TwoPhaseCommit!RMRcvAbortMsg(rm)}: the undecided RM receives Abort and aborts. */
    public Effects rmRcvAbortMsg(long tx) {
        if (!canRmRcvAbortMsg(tx)) {
            throw refused("RMRcvAbortMsg", tx);
        }
        RmState before = states.put(tx, RmState.ABORTED);
        return before == RmState.PREPARED ? Effects.force(new DurableRecord.Aborted(tx)) : Effects.NONE;
    }

    // ---- crash and recovery (TwoPhaseCommitRecovery) ----------------------------------------------------------

    public boolean canRmAskOutcome(long tx) {
        return up && state(tx) == RmState.PREPARED;
    }

    /**
     * Implements {@code TwoPhaseCommitRecovery!RMAskOutcome(rm)}: a prepared RM that has heard no decision (a
     * timeout) asks the TM for it. It may ask again: the TM's answer is idempotent.
     */
    public Effects rmAskOutcome(long tx) {
        if (!canRmAskOutcome(tx)) {
            throw refused("RMAskOutcome", tx);
        }
        return Effects.send(new CommitMessage.Query(tx, name));
    }

    public boolean canRmCrash() {
        return up;
    }

    /** Implements {@code TwoPhaseCommitRecovery!RMCrash(rm)}: the RM stops and loses all volatile state. */
    public Effects rmCrash() {
        if (!canRmCrash()) {
            throw refused("RMCrash", -1);
        }
        up = false;
        states.clear();
        return Effects.NONE;
    }

    public boolean canRmRecover() {
        return !up;
    }

    /**
     * Implements {@code TwoPhaseCommitRecovery!RMRecover(rm)}: the RM restarts from the records its log kept. A
     * transaction with a prepare record and no outcome is prepared again (it must ask, never decide alone); one with
     * an outcome keeps it; any other is aborted (presumed abort: its work died with the crash).
     */
    public Effects rmRecover(List<DurableRecord> records) {
        if (!canRmRecover()) {
            throw refused("RMRecover", -1);
        }
        for (DurableRecord r : records) {
            RmState s = r instanceof DurableRecord.Prepared ? RmState.PREPARED
                    : r instanceof DurableRecord.Committed ? RmState.COMMITTED : RmState.ABORTED;
            states.merge(r.tx(), s, (old, neu) -> old == RmState.PREPARED ? neu : old);
        }
        up = true;
        return Effects.NONE;
    }

    private ActionRefused refused(String action, long tx) {
        String where = tx < 0 ? "" : " in tx " + tx;
        return new ActionRefused(action + "(" + name + ")",
                name + (up ? " is " + state(tx).spec() + where : " is down"));
    }

    @Override
    public String toString() {
        return name + (up ? " " + states : " down");
    }
}
