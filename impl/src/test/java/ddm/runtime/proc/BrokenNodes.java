package ddm.runtime.proc;

import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import ddm.runtime.node.Effector;
import ddm.runtime.node.Step;

import java.util.List;

/**
 * Known-broken node processes, for the tests that put them under the nemesis: each is a main of its own (test code
 * only, started by the cluster in place of {@link NodeMain}), running {@link NodeMain#run} with a broken variant.
 */
final class BrokenNodes {

    private BrokenNodes() {
    }

    /** A driver that sends a batch's messages before it appends and forces its records. */
    static final Effector SEND_THEN_FORCE = (batch, ops) -> {
        for (Effector.Performed<?> p : batch) {
            for (Step.Send<?> s : p.step().sends()) {
                ops.send(p, s);
            }
        }
        boolean wrote = false;
        for (Effector.Performed<?> p : batch) {
            for (byte[] r : p.step().records()) {
                ops.append(p, r);
                wrote = true;
            }
        }
        if (wrote) {
            ops.force();
        }
    };

    /** An RM whose recovery ignores its prepare records: it forgets its vote on restart (presumes abort). */
    static final class ForgetfulRm extends ResourceManager {
        ForgetfulRm(String name) {
            super(name);
        }

        @Override
        public Effects rmRecover(List<DurableRecord> records) {
            return super.rmRecover(records.stream().filter(r -> !(r instanceof DurableRecord.Prepared)).toList());
        }
    }

    /** Every node of this process sends before it forces. */
    static final class SendsBeforeForcing {
        public static void main(String[] args) {
            System.exit(NodeMain.run(args, new Variant(Nodes.STANDARD, SEND_THEN_FORCE)));
        }
    }

    /** An RM that forgets its vote on restart. */
    static final class ForgetsVote {
        public static void main(String[] args) {
            System.exit(NodeMain.run(args, new Variant(new Nodes(TransactionManager::new, ForgetfulRm::new),
                    ddm.runtime.node.Effector.FORCE_THEN_SEND)));
        }
    }

    /**
     * A bank process that breaks the marker rule: when it records a snapshot it holds its markers back and sends
     * them after its next transfer (or with its next recording), so a transfer sent after its cut can overtake them.
     */
    static final class LateProcess extends ddm.snapshot.RepeatedBankProcess {
        private final List<ddm.snapshot.Send> held = new java.util.ArrayList<>();

        LateProcess(String name, List<ddm.snapshot.Channel> ins, List<ddm.snapshot.Channel> outs, long balance) {
            super(name, ins, outs, balance);
        }

        @Override
        protected List<ddm.snapshot.Send> recordState(long s, java.util.Optional<ddm.snapshot.Channel> first) {
            List<ddm.snapshot.Send> out = new java.util.ArrayList<>(held);
            held.clear();
            held.addAll(super.recordState(s, first));
            return out;
        }

        @Override
        public List<ddm.snapshot.Send> sendTransfer(String to, long amount) {
            List<ddm.snapshot.Send> out = new java.util.ArrayList<>(super.sendTransfer(to, amount));
            out.addAll(held);
            held.clear();
            return out;
        }
    }

    /** Every bank process of this node process sends its markers late. */
    static final class LateMarkers {
        public static void main(String[] args) {
            System.exit(NodeMain.run(args, new Variant(Nodes.STANDARD, ddm.commit.paxos.PaxosCommitSimulation.STANDARD,
                    LateProcess::new, Effector.FORCE_THEN_SEND)));
        }
    }

    /**
     * A checkpoint coordinator that restarts the job from the last epoch it started, completed or not (the negative
     * model RecoverUncompleted's bug).
     */
    static final class UncompletedCoordinator extends ddm.epoch.Coordinator {
        UncompletedCoordinator(java.util.Set<String> tasks, int maxEpoch) {
            super(tasks, maxEpoch);
        }

        @Override
        public synchronized int recover() {
            int started = started();
            super.recover();
            return started;
        }
    }

    /** The job manager of this node process restores uncompleted checkpoints. */
    static final class RestoresUncompleted {
        public static void main(String[] args) {
            System.exit(NodeMain.run(args, new Variant(Nodes.STANDARD, ddm.commit.paxos.PaxosCommitSimulation.STANDARD,
                    ddm.runtime.SnapshotRole.Processes.STANDARD, UncompletedCoordinator::new, Effector.FORCE_THEN_SEND)));
        }
    }
}
