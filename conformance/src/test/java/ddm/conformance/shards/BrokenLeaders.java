package ddm.conformance.shards;

import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import ddm.commit.shards.GroupLeader;
import ddm.commit.shards.Leaders;
import java.util.List;
import java.util.Optional;

/** Seeded bugs of the replicated shards' leaders, test code only: each must be caught by validation. */
final class BrokenLeaders {

    private BrokenLeaders() {}

    /** A leader that sends its vote (or applies its outcome) as soon as it has written the record, not once a majority holds it. */
    static final class ActsBeforeMajority extends GroupLeader {

        private ActsBeforeMajority(Leaders.Context c) {
            super(c.group(), c.rms().isEmpty() ? new ResourceManager(c.group()) : null,
                    c.rms().isEmpty() ? null : new TransactionManager(c.rms()), c.node(), c.out());
        }

        static GroupLeader recovered(Leaders.Context c, List<DurableRecord> committed) {
            ActsBeforeMajority l = new ActsBeforeMajority(c);
            l.recoverFrom(committed, c.txs());
            return l;
        }

        @Override
        protected void perform(long tx, Effects effects) {
            if (!effects.records().isEmpty()) {
                node().replicate(effects.records().get(0));
            }
            act(tx, effects);
        }
    }

    /** Leaders that act on a record before a majority of the group holds it. */
    static final Leaders ACTS_BEFORE_MAJORITY = ActsBeforeMajority::recovered;

    /**
     * A new leader that recovers at once from what its own replica had applied (a minority: itself), instead of
     * waiting until a majority holds its new-term entry and recovering from the log that majority confirmed.
     */
    static final Leaders RECOVERS_FROM_MINORITY = new Leaders() {
        @Override
        public Optional<GroupLeader> elected(Context c) {
            return Optional.of(GroupLeader.recover(c.group(), c.rms(), c.node(), c.out(), c.applied(), c.txs()));
        }

        @Override
        public GroupLeader recovered(Context c, List<DurableRecord> committed) {
            return GroupLeader.recover(c.group(), c.rms(), c.node(), c.out(), committed, c.txs());
        }
    };
}
