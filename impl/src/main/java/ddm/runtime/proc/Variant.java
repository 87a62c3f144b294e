package ddm.runtime.proc;

import ddm.commit.Nodes;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.epoch.Coordinator;
import ddm.runtime.SnapshotRole;
import ddm.runtime.node.Effector;

/**
 * How a node process builds its protocol nodes and orders its effects. Production uses {@link #STANDARD}; tests
 * start node processes through a main of their own (in test code) that passes a broken variant: a node that sends
 * before it forces, an RM that forgets its vote on restart. The hook is an argument of {@link NodeMain#run}, so no
 * bug switch lives in a production path or on a command line.
 *
 * @param commit   2PC's nodes
 * @param paxos    Paxos Commit's acceptors, leaders and learners
 * @param snapshot the Chandy–Lamport bank's processes
 * @param epoch    the epoch dataflow's checkpoint coordinator
 * @param effector the order of a batch's effects
 */
public record Variant(Nodes commit, PaxosCommitSimulation.Nodes paxos, SnapshotRole.Processes snapshot,
                      Coordinator.Factory epoch, Effector effector) {

    public static final Variant STANDARD = new Variant(Nodes.STANDARD, PaxosCommitSimulation.STANDARD,
            SnapshotRole.Processes.STANDARD, Coordinator::new, Effector.FORCE_THEN_SEND);

    public Variant(Nodes commit, PaxosCommitSimulation.Nodes paxos, SnapshotRole.Processes snapshot,
                   Effector effector) {
        this(commit, paxos, snapshot, Coordinator::new, effector);
    }

    public Variant(Nodes commit, Effector effector) {
        this(commit, PaxosCommitSimulation.STANDARD, effector);
    }

    public Variant(Nodes commit, PaxosCommitSimulation.Nodes paxos, Effector effector) {
        this(commit, paxos, SnapshotRole.Processes.STANDARD, effector);
    }
}
