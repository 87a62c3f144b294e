package ddm.conformance.paxos;

import ddm.commit.paxos.PaxosCommitSimulation;

/** The seeded node bugs of {@link BrokenPaxos}, for tests outside this package (the threaded runtime's). */
public final class BrokenPaxosNodes {

    private BrokenPaxosNodes() {}

    /** Acceptors that vote in a ballot lower than one they promised. */
    public static final PaxosCommitSimulation.Nodes LOW_BALLOT_ACCEPTOR = BrokenPaxos.LOW_BALLOT_ACCEPTOR;

    /** Leaders that propose without a quorum of phase 1b reports. */
    public static final PaxosCommitSimulation.Nodes EAGER_LEADER = BrokenPaxos.EAGER_LEADER;

    /** RMs that learn an outcome from a single acceptor's vote. */
    public static final PaxosCommitSimulation.Nodes MINORITY_LEARNER = BrokenPaxos.MINORITY_LEARNER;
}
