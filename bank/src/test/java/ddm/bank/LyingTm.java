package ddm.bank;

import ddm.commit.CommitMessage;
import ddm.commit.Effects;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TmState;
import ddm.commit.TransactionManager;
import ddm.runtime.node.Effector;
import ddm.runtime.proc.NodeMain;
import ddm.runtime.proc.Variant;

import java.util.List;

/**
 * A known-broken TM, test code only, started by the bank in place of {@link NodeMain}: asked about a transaction it
 * has no commit record for (it timed out and aborted, or it recovered and presumes abort), it answers Commit. The
 * RM that asked commits its shard's part while the others abort theirs.
 */
final class LyingTm extends TransactionManager {

    LyingTm(Iterable<String> rms) {
        super(rms);
    }

    @Override
    public Effects tmRcvQuery(long tx, String rm) {
        Effects honest = super.tmRcvQuery(tx, rm);
        return state(tx) == TmState.COMMITTED ? honest
                : new Effects(List.of(), List.of(new CommitMessage.Commit(tx)));
    }

    /** The TM process with the lying TM. */
    static final class Main {
        public static void main(String[] args) {
            System.exit(NodeMain.run(args, new Variant(new Nodes(LyingTm::new, ResourceManager::new),
                    Effector.FORCE_THEN_SEND)));
        }
    }
}
