package ddm.commit.shards;

import ddm.commit.CommitEvent;

/** Small facts about 2PC events that the shards' code needs and {@link CommitEvent} does not say. */
final class Events {

    private Events() {
    }

    /** The transaction of a per-transaction 2PC event. */
    static long tx(CommitEvent e) {
        if (e instanceof CommitEvent.RmPrepare x) return x.tx();
        if (e instanceof CommitEvent.RmChooseToAbort x) return x.tx();
        if (e instanceof CommitEvent.RmRcvCommitMsg x) return x.tx();
        if (e instanceof CommitEvent.RmRcvAbortMsg x) return x.tx();
        if (e instanceof CommitEvent.RmAskOutcome x) return x.tx();
        if (e instanceof CommitEvent.TmRcvPrepared x) return x.tx();
        if (e instanceof CommitEvent.TmCommit x) return x.tx();
        if (e instanceof CommitEvent.TmAbort x) return x.tx();
        if (e instanceof CommitEvent.TmRcvQuery x) return x.tx();
        throw new IllegalArgumentException("not a per-transaction 2PC step: " + e);
    }

    /** The group that takes a 2PC event: the RM's shard, or {@code tm}'s group. */
    static String group(CommitEvent e, String tm) {
        if (e instanceof CommitEvent.RmPrepare x) return x.rm();
        if (e instanceof CommitEvent.RmChooseToAbort x) return x.rm();
        if (e instanceof CommitEvent.RmRcvCommitMsg x) return x.rm();
        if (e instanceof CommitEvent.RmRcvAbortMsg x) return x.rm();
        if (e instanceof CommitEvent.RmAskOutcome x) return x.rm();
        return tm;
    }
}
