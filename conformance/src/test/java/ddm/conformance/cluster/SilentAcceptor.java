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

    /** Production's order of effects, with every send but the client's dropped. */
    static final Effector SILENT = (batch, ops) -> Effector.FORCE_THEN_SEND.perform(batch, new Effector.Ops() {
        @Override
        public void append(Effector.Performed<?> step, byte[] record) throws java.io.IOException {
            ops.append(step, record);
        }

        @Override
        public void force() throws java.io.IOException {
            ops.force();
        }

        @Override
        public void send(Effector.Performed<?> step, Step.Send<?> send) {
            if (send.message() instanceof PaxosWire.Client) {
                ops.send(step, send);
            }
        }
    });

    private SilentAcceptor() {
    }

    public static void main(String[] args) {
        System.exit(NodeMain.run(args, new Variant(Nodes.STANDARD, SILENT)));
    }
}
