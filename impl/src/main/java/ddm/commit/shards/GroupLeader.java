package ddm.commit.shards;

import ddm.commit.ActionRefused;
import ddm.commit.CommitEvent;
import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.ResourceManager;
import ddm.commit.RmState;
import ddm.commit.TmState;
import ddm.commit.TransactionManager;
import io.microraft.RaftNode;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The 2PC node of a group, run by the group's current leader: an RM's {@link ResourceManager} or the TM's
 * {@link TransactionManager}, unchanged, with the replicated log as its durable log. A step's {@link Effects} are
 * performed as the crash-recovery 2PC driver performs them, force then send, except that "force" is "replicate
 * through Raft and wait until a majority holds it": the record goes to {@link RaftNode#replicate}, and the messages
 * are sent when that future completes (the entry is committed). A step without a record acts at once.
 *
 * <p>One record in flight per transaction: while tx has one replicating ({@link #pending}), the leader takes no other
 * step in tx (the spec's {@code pending[g]}). The threaded runtime queues inputs meanwhile; the simulator offers none.
 *
 * <p>Not final only so that tests can seed bugs in a subclass (a leader that acts before a majority holds its
 * record); production code builds it only through {@link Leaders#STANDARD}.
 */
public class GroupLeader {

    /** Where a leader's actions go: its messages, and what it acted on. */
    public interface Outbox {
        /** Sends a 2PC message from {@code group} (the network decides who receives it). */
        void send(String group, CommitMessage m);

        /** {@code group} acted in tx: its state there is now {@code state} (the spec's rmState or tmState). */
        void acted(String group, long tx, String state);
    }

    private final String group;
    private final ResourceManager rm;
    private final TransactionManager tm;
    private final RaftNode node;
    private final Outbox out;
    private final Set<Long> pending = new HashSet<>();
    private final Set<Long> settled = new HashSet<>();

    /** The leader of RM {@code rm}'s shard ({@code tm} null) or of the TM's group ({@code rm} null). */
    protected GroupLeader(String group, ResourceManager rm, TransactionManager tm, RaftNode node, Outbox out) {
        if ((rm == null) == (tm == null)) {
            throw new IllegalArgumentException("a group leads either an RM or the TM");
        }
        this.group = group;
        this.rm = rm;
        this.tm = tm;
        this.node = node;
        this.out = out;
    }

    /**
     * The new leader of {@code group}, recovered from the records its group committed (a crashed 2PC node's
     * recovery, {@code rmRecover} or {@code tmRecover}): implements the recovery half of
     * {@code ReplicatedShards!LeaderAct(g)}, the leader acting on its committed noop. It then acts on what it
     * recovered, in every transaction of {@code txs}: a prepared RM votes again, a committed TM broadcasts Commit.
     *
     * @param rms the RMs, when {@code group} is the TM's; empty for an RM's shard
     */
    public static GroupLeader recover(String group, Collection<String> rms, RaftNode node, Outbox out,
                                      List<DurableRecord> committed, Collection<Long> txs) {
        GroupLeader l = rms.isEmpty()
                ? new GroupLeader(group, new ResourceManager(group), null, node, out)
                : new GroupLeader(group, null, new TransactionManager(rms), node, out);
        l.recoverFrom(committed, txs);
        return l;
    }

    /** Rebuilds this leader's 2PC node from {@code committed}, then acts on each transaction of {@code txs}. */
    protected final void recoverFrom(List<DurableRecord> committed, Collection<Long> txs) {
        if (rm != null) {
            rm.rmCrash();
            rm.rmRecover(committed);
        } else {
            tm.tmCrash();
            tm.tmRecover(committed);
        }
        for (long tx : txs) {
            if (rm != null && rm.state(tx) == RmState.PREPARED) {
                out.send(group, new CommitMessage.Prepared(tx, group));
            } else if (tm != null && tm.state(tx) == TmState.COMMITTED) {
                out.send(group, new CommitMessage.Commit(tx));
            }
            settled.add(tx);
            out.acted(group, tx, state(tx));
        }
    }

    public String group() {
        return group;
    }

    /** The group's 2PC state in tx, as this leader holds it (ahead of what it acted on while tx is pending). */
    public String state(long tx) {
        return rm != null ? rm.state(tx).spec() : tm.state(tx).spec();
    }

    /** The TM's votes in tx ({@code tmPrepared}); empty for an RM's shard. */
    public Set<String> prepared(long tx) {
        return tm == null ? Set.of() : tm.prepared(tx);
    }

    /** Whether some transaction has a record replicating. */
    public synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Whether tx has a record replicating that this leader has not acted on yet. */
    public synchronized boolean isPending(long tx) {
        return pending.contains(tx);
    }

    /**
     * The leader joins transaction tx (volatile: a new leader without a record for tx presumes abort). A transaction
     * this leader recovered is settled and cannot begin again: a presumed abort is final.
     */
    public synchronized void begin(long tx) {
        if (settled.contains(tx)) {
            return;
        }
        if (rm != null) {
            rm.begin(tx);
        } else {
            tm.begin(tx);
        }
    }

    /** Whether this leader may take {@code e} now: nothing pending in its tx, and the 2PC node's guard holds. */
    public synchronized boolean canStep(CommitEvent e) {
        long tx = Events.tx(e);
        if (pending.contains(tx)) {
            return false;
        }
        if (rm != null) {
            if (e instanceof CommitEvent.RmPrepare) return rm.canRmPrepare(tx);
            if (e instanceof CommitEvent.RmChooseToAbort) return rm.canRmChooseToAbort(tx);
            if (e instanceof CommitEvent.RmRcvCommitMsg) return rm.canRmRcvCommitMsg(tx);
            if (e instanceof CommitEvent.RmRcvAbortMsg) return rm.canRmRcvAbortMsg(tx);
            if (e instanceof CommitEvent.RmAskOutcome) return rm.canRmAskOutcome(tx);
            return false;
        }
        if (e instanceof CommitEvent.TmRcvPrepared x) return tm.canTmRcvPrepared(tx, x.rm());
        if (e instanceof CommitEvent.TmCommit) return tm.canTmCommit(tx);
        if (e instanceof CommitEvent.TmAbort) return tm.canTmAbort(tx);
        if (e instanceof CommitEvent.TmRcvQuery) return tm.canTmRcvQuery(tx);
        return false;
    }

    /**
     * Takes the 2PC step {@code e} (one of this group's actions; the caller has checked that its message was sent),
     * implementing the {@code ReplicatedShards} action of the same name: the record, if any, is written and
     * replicated, and the step's messages wait for it; refused with {@link ActionRefused} if not enabled.
     */
    public synchronized void step(CommitEvent e) {
        if (!canStep(e)) {
            throw new ActionRefused(e.label(), group + " is " + state(Events.tx(e))
                    + (pending.contains(Events.tx(e)) ? " with a record replicating" : ""));
        }
        long tx = Events.tx(e);
        perform(tx, effects(e, tx));
    }

    private Effects effects(CommitEvent e, long tx) {
        if (e instanceof CommitEvent.RmPrepare) return rm.rmPrepare(tx);
        if (e instanceof CommitEvent.RmChooseToAbort) return rm.rmChooseToAbort(tx);
        if (e instanceof CommitEvent.RmRcvCommitMsg) return rm.rmRcvCommitMsg(tx);
        if (e instanceof CommitEvent.RmRcvAbortMsg) return rm.rmRcvAbortMsg(tx);
        if (e instanceof CommitEvent.RmAskOutcome) return rm.rmAskOutcome(tx);
        if (e instanceof CommitEvent.TmRcvPrepared x) return tm.tmRcvPrepared(tx, x.rm());
        if (e instanceof CommitEvent.TmCommit) return tm.tmCommit(tx);
        if (e instanceof CommitEvent.TmAbort) return tm.tmAbort(tx);
        if (e instanceof CommitEvent.TmRcvQuery x) return tm.tmRcvQuery(tx, x.rm());
        throw new IllegalArgumentException("not a 2PC step: " + e);

    }

    /**
     * The driver's half of a step: with a record, replicate it and act once it is committed; without one, act now.
     * Tests override this to seed a leader that acts before a majority holds its record.
     */
    protected void perform(long tx, Effects effects) {
        if (effects.records().isEmpty()) {
            act(tx, effects);
            return;
        }
        if (effects.records().size() != 1) {
            throw new IllegalStateException("a 2PC step writes at most one record: " + effects.records());
        }
        pending.add(tx);
        node.replicate(effects.records().get(0)).whenComplete((ordered, failure) -> {
            if (failure == null) {
                act(tx, effects);
            }
            // A failure means this node is no longer leader; its successor recovers from the log.
        });
    }

    /** Implements {@code ReplicatedShards!LeaderAct(g)} for a 2PC record: its messages go out, tx is no longer pending. */
    protected final synchronized void act(long tx, Effects effects) {
        pending.remove(tx);
        effects.messages().forEach(m -> out.send(group, m));
        out.acted(group, tx, state(tx));
    }

    /** The Raft node this leader replicates through. */
    protected final RaftNode node() {
        return node;
    }

    @Override
    public String toString() {
        return group + " leader " + (rm != null ? rm : tm);
    }
}
