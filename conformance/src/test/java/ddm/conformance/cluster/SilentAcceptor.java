package ddm.conformance.cluster;

import ddm.commit.Nodes;
import ddm.runtime.PaxosWire;
import ddm.runtime.node.Effector;
import ddm.runtime.node.Step;
import ddm.runtime.proc.NodeMain;
import ddm.runtime.proc.Variant;

/**
 * A Paxos Commit acceptor whose protocol messages never leave (test code only, started by the cluster in place of
 * {@code NodeMain}): it forces its records as a correct one does and answers the client's status queries, but its
 * promises and votes are lost on the way. To the spec it is only slow, an acceptor whose messages stay in the network;
 * to the others it is one acceptor fewer, so with three every quorum needs both of the other two.
 */
public final class SilentAcceptor {

    /** Appends and forces as production does; sends only what goes to the client. */
    static final Effector SILENT = (batch, ops) -> {
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
        for (Effector.Performed<?> p : batch) {
            for (Step.Send<?> s : p.step().sends()) {
                if (s.message() instanceof PaxosWire.Client) {
                    ops.send(p, s);
                }
            }
        }
    };

    private SilentAcceptor() {
    }

    public static void main(String[] args) {
        System.exit(NodeMain.run(args, new Variant(Nodes.STANDARD, SILENT)));
    }
}
