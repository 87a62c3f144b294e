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
}
