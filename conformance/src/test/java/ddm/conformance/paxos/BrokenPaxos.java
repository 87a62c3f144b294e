package ddm.conformance.paxos;

import ddm.commit.paxos.Acceptor;
import ddm.commit.paxos.Leader;
import ddm.commit.paxos.Learner;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosCommitSystem;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.Quorums;
import ddm.conformance.adapters.PaxosCommitAdapter;
import java.util.Map;
import java.util.Set;

/** Seeded bugs in Paxos Commit, each a test-only node put in through the simulation's node factory. */
final class BrokenPaxos {

    private BrokenPaxos() {}

    static PaxosCommitAdapter adapter(PaxosCommitSimulation.Nodes nodes) {
        return new PaxosCommitAdapter(setup -> new PaxosCommitSystem(setup, nodes));
    }

    /**
     * An acceptor that votes in a ballot lower than one it promised (it checks only its last vote). Breaks
     * {@code PaxosCommit!Phase2b}.
     */
    static final class LowBallotAcceptor extends Acceptor {
        LowBallotAcceptor(String name) {
            super(name);
        }

        @Override
        protected boolean mayVote(InstanceState s, PaxosMessage.Phase2a m) {
            return s.bal() < m.bal();
        }
    }

    /**
     * A leader that proposes without phase 1: with no quorum of reports it proposes what the few it has allow. Breaks
     * {@code PaxosCommit!Phase2a}.
     */
    static final class EagerLeader extends Leader {
        EagerLeader(int ballot, Quorums quorums) {
            super(ballot, quorums);
        }

        @Override
        protected boolean hasPhase1Quorum(Set<String> quorum, Map<String, PaxosMessage.Phase1b> reports) {
            return true;
        }
    }

    /**
     * A leader that proposes the value of the lowest ballot its quorum reports, not the highest. With ballots {0, 1}
     * a ballot-1 leader's reports carry ballot 0 at most, so the two rules agree; they differ only when a quorum
     * reports votes of two earlier ballots (a ballot-2 leader hearing of ballot 0's "prepared" and ballot 1's
     * "aborted"), which takes three ballots.
     */
    static final class LowestBallotLeader extends Leader {
        LowestBallotLeader(int ballot, Quorums quorums) {
            super(ballot, quorums);
        }

        @Override
        protected ddm.commit.paxos.Vote safeValue(java.util.Collection<PaxosMessage.Phase1b> reports) {
            PaxosMessage.Phase1b low = null;
            for (PaxosMessage.Phase1b m : reports) {
                if (m.vbal() != ddm.commit.paxos.Vote.NO_BALLOT && (low == null || m.vbal() < low.vbal())) low = m;
            }
            return low == null ? ddm.commit.paxos.Vote.ABORTED : low.vval();
        }
    }

    static final PaxosCommitSimulation.Nodes LOWEST_BALLOT_LEADER = new PaxosCommitSimulation.Nodes() {
        @Override
        public Leader leader(int ballot, Quorums quorums) {
            return new LowestBallotLeader(ballot, quorums);
        }
    };

    static final PaxosCommitSimulation.Nodes LOW_BALLOT_ACCEPTOR = new PaxosCommitSimulation.Nodes() {
        @Override
        public Acceptor acceptor(String name) {
            return new LowBallotAcceptor(name);
        }
    };

    static final PaxosCommitSimulation.Nodes EAGER_LEADER = new PaxosCommitSimulation.Nodes() {
        @Override
        public Leader leader(int ballot, Quorums quorums) {
            return new EagerLeader(ballot, quorums);
        }
    };

    /**
     * RMs that learn an outcome from a single acceptor's vote (a minority of three). Breaks
     * {@code PaxosCommit!RMRcvCommitMsg} and {@code PaxosCommit!RMRcvAbortMsg}.
     */
    static final PaxosCommitSimulation.Nodes MINORITY_LEARNER = new PaxosCommitSimulation.Nodes() {
        @Override
        public Learner learner(Quorums quorums) {
            return new Learner(new Quorums(quorums.acceptors(), 1));
        }
    };
}
