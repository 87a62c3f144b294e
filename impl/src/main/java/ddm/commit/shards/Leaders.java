package ddm.commit.shards;

import ddm.commit.DurableRecord;
import io.microraft.RaftNode;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How a group's new leader takes over. Production code uses {@link #STANDARD}: nothing at election, and recovery from
 * the committed log once the leader's new-term entry is committed ({@link GroupLeader#recover}). Tests pass broken
 * ones (a leader that acts before a majority holds its record; a new leader that recovers from what it alone applied)
 * to show the checks catch them. A constructor argument, so that no bug switch lives in a production path.
 */
public interface Leaders {

    /** What a new leader needs to build its 2PC node. */
    record Context(String group, Collection<String> rms, RaftNode node, GroupLeader.Outbox out, Collection<Long> txs,
                   List<DurableRecord> applied) {}

    /**
     * Replica {@code c.node()} was just elected: its new-term entry is in its own log only. The standard leader does
     * nothing yet (empty): it may act only once a majority holds that entry.
     */
    default Optional<GroupLeader> elected(Context c) {
        return Optional.empty();
    }

    /** The new leader's new-term entry is committed: it recovers from {@code committed}, the whole committed log. */
    GroupLeader recovered(Context c, List<DurableRecord> committed);

    Leaders STANDARD = (c, committed) -> GroupLeader.recover(c.group(), c.rms(), c.node(), c.out(), committed, c.txs());
}
