package ddm.conformance.epoch;

import ddm.epoch.EpochSimulation;
import ddm.epoch.Recovery;

/**
 * BrokenEpoch's broken tasks and recovery as factories, for tests outside this package (the threaded-run validation).
 */
public final class BrokenEpochTasks {

    private BrokenEpochTasks() {}

    /** Tasks that forward the barrier before recording (BrokenEpoch.RecordAfterForwardTask). */
    public static EpochSimulation.TaskFactory recordAfterForward() {
        return BrokenEpoch.RecordAfterForwardTask::new;
    }

    /** A runtime recovery that restarts each node from the latest epoch it recorded (BrokenEpoch.RecoverLatest). */
    public static Recovery.Factory recoverLatest() {
        return BrokenEpoch.RecoverLatest::new;
    }

    /** Tasks that do not block an aligned input (BrokenEpoch.NoBlockingTask). */
    public static EpochSimulation.TaskFactory noBlocking() {
        return BrokenEpoch.NoBlockingTask::new;
    }
}
