package ddm.conformance.cluster;

import ddm.commit.Nodes;
import ddm.runtime.node.Effector;
import ddm.runtime.node.Step;
import ddm.runtime.proc.NodeMain;
import ddm.runtime.proc.Variant;

/**
 * A known-broken node process (test code only, started by the cluster in place of {@code NodeMain}): its driver
 * sends a batch's messages before it appends and forces the batch's records. impl's tests have the same driver
 * (its {@code BrokenNodes}, which conformance's tests cannot reach); this one is for the validation of its logs, and
 * its driver for the threaded runtime's ({@code CrashInsideStepsTest}).
 */
public final class SendsBeforeForcing {

    /** Sends first, then appends and forces: a vote can leave before the record that makes it durable. */
    public static final Effector SEND_THEN_FORCE = (batch, ops) -> {
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

    private SendsBeforeForcing() {
    }

    public static void main(String[] args) {
        System.exit(NodeMain.run(args, new Variant(Nodes.STANDARD, SEND_THEN_FORCE)));
    }
}
