package ddm.commit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The transaction manager (TM, the coordinator) of two-phase commit: a deterministic state machine holding its state
 * in many concurrent transactions. As in {@link ResourceManager}, each input is one method named after its spec action
 * and returns {@link Effects}; a disabled action is refused with {@link ActionRefused}.
 *
 * <p>Durable-log discipline, presumed abort: the TM forces its commit decision before it broadcasts Commit, and
 * writes nothing for an abort. A transaction the TM has no state for is aborted, so after a crash every transaction
 * without a commit record is aborted, and a query about it is answered Abort.
 *
 * <p>Not final only so that tests can seed bugs in a subclass (see {@link Nodes}); nothing in production extends it.
 */
public class TransactionManager {

    private final SortedSet<String> rms;
    private final Map<Long, TmState> states = new HashMap<>();
    private final Map<Long, SortedSet<String>> prepared = new HashMap<>();
    private boolean up = true;

    public TransactionManager(Iterable<String> rms) {
        this.rms = new TreeSet<>();
        rms.forEach(this.rms::add);
    }

    public boolean isUp() {
        return up;
    }

    /** The TM's state in tx: {@code tmState} of that transaction (an unknown transaction is aborted). */
    public TmState state(long tx) {
        return states.getOrDefault(tx, TmState.ABORTED);
    }

    /** The RMs from which the TM has received Prepared in tx: {@code tmPrepared}. */
    public Set<String> prepared(long tx) {
        return Set.copyOf(prepared.getOrDefault(tx, new TreeSet<>()));
    }

    /** The TM opens transaction tx (the spec's {@code Init} for the TM). */
    public void begin(long tx) {
        if (!up || states.containsKey(tx)) {
            throw refused("Begin", tx);
        }
        states.put(tx, TmState.INIT);
        prepared.put(tx, new TreeSet<>());
    }

    // ---- TM actions of TwoPhaseCommit -------------------------------------------------------------------------

    public boolean canTmRcvPrepared(long tx, String rm) {
        return up && state(tx) == TmState.INIT && rms.contains(rm) && !prepared.get(tx).contains(rm);
    }

    /**
     * Implements {@code TwoPhaseCommit!TMRcvPrepared(rm)}, {@code TwoPhaseCommitRecovery!TMRcvPrepared(rm)} and
     * {@code ReplicatedShards!TMRcvPrepared(rm)} (at a shard's leader): the undecided TM receives Prepared from rm.
     */
    public Effects tmRcvPrepared(long tx, String rm) {
        if (!canTmRcvPrepared(tx, rm)) {
            throw refused("TMRcvPrepared(" + rm + ")", tx);
        }
        prepared.get(tx).add(rm);
        return Effects.NONE;
    }

    public boolean canTmCommit(long tx) {
        return up && state(tx) == TmState.INIT && prepared.get(tx).equals(rms);
    }

    /**
     * Implements {@code TwoPhaseCommit!TMCommit}, {@code TwoPhaseCommitRecovery!TMCommit} and
     * {@code ReplicatedShards!TMCommit} (at a shard's leader): every RM having prepared, the TM forces its commit
     * decision and broadcasts Commit.
     */
    public Effects tmCommit(long tx) {
        if (!canTmCommit(tx)) {
            throw refused("TMCommit", tx);
        }
        states.put(tx, TmState.COMMITTED);
        return Effects.forceThenSend(new DurableRecord.Committed(tx), new CommitMessage.Commit(tx));
    }

    public boolean canTmAbort(long tx) {
        return up && state(tx) == TmState.INIT;
    }

    /**
     * Implements {@code TwoPhaseCommit!TMAbort}, {@code TwoPhaseCommitRecovery!TMAbort} and
     * {@code ReplicatedShards!TMAbort} (at a shard's leader): the undecided TM aborts (a timeout) and broadcasts Abort.
     * No record: presumed abort.
     */
    public Effects tmAbort(long tx) {
        if (!canTmAbort(tx)) {
            throw refused("TMAbort", tx);
        }
        states.put(tx, TmState.ABORTED);
        return Effects.send(new CommitMessage.Abort(tx));
    }

    // ---- crash and recovery (TwoPhaseCommitRecovery) ----------------------------------------------------------

    public boolean canTmRcvQuery(long tx) {
        return up && state(tx) != TmState.INIT;
    }

    /**
     * Implements {@code TwoPhaseCommitRecovery!TMRcvQuery(rm)} and {@code ReplicatedShards!TMRcvQuery(rm)}: the decided
     * TM answers a query with its decision; with no state for the transaction it answers Abort (presumed abort).
     */
    public Effects tmRcvQuery(long tx, String rm) {
        if (!canTmRcvQuery(tx)) {
            throw refused("TMRcvQuery(" + rm + ")", tx);
        }
        return Effects.send(state(tx) == TmState.COMMITTED ? new CommitMessage.Commit(tx) : new CommitMessage.Abort(tx));
    }

    public boolean canTmCrash() {
        return up;
    }

    /** Implements {@code TwoPhaseCommitRecovery!TMCrash}: the TM stops and loses all volatile state. */
    public Effects tmCrash() {
        if (!canTmCrash()) {
            throw refused("TMCrash", -1);
        }
        up = false;
        states.clear();
        prepared.clear();
        return Effects.NONE;
    }

    public boolean canTmRecover() {
        return !up;
    }

    /**
     * Implements {@code TwoPhaseCommitRecovery!TMRecover}: the TM restarts from its log. A transaction with a commit
     * record is committed; every other one is aborted (presumed abort).
     */
    public Effects tmRecover(List<DurableRecord> records) {
        if (!canTmRecover()) {
            throw refused("TMRecover", -1);
        }
        for (DurableRecord r : records) {
            if (r instanceof DurableRecord.Committed) {
                states.put(r.tx(), TmState.COMMITTED);
            }
        }
        up = true;
        return Effects.NONE;
    }

    private ActionRefused refused(String action, long tx) {
        if (!up) {
            return new ActionRefused(action, "tm is down");
        }
        String where = tx < 0 ? "" : " in tx " + tx;
        return new ActionRefused(action, "tm is " + state(tx).spec() + where
                + (prepared.containsKey(tx) ? ", tmPrepared " + prepared.get(tx) : ""));
    }

    @Override
    public String toString() {
        return "tm" + (up ? " " + states : " down");
    }
}
