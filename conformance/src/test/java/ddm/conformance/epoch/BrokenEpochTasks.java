package ddm.conformance.epoch;

import ddm.epoch.Coordinator;
import ddm.epoch.EpochSimulation;
import ddm.epoch.Recovery;

/**
 * BrokenEpoch's broken tasks, recovery and coordinators as factories, for tests outside this package (the threaded-run
 * validation).
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

    /** A coordinator that keeps the aborted epochs' acknowledgements (BrokenEpoch.StaleAcknowledgementsCoordinator). */
    public static Coordinator.Factory staleAcknowledgements() {
        return BrokenEpoch.StaleAcknowledgementsCoordinator::new;
    }

    /** A coordinator that forgets every acknowledgement on recovery (BrokenEpoch.ForgetfulCoordinator). */
    public static Coordinator.Factory forgetfulCoordinator() {
        return BrokenEpoch.ForgetfulCoordinator::new;
    }

    /** Tasks that do not block an aligned input (BrokenEpoch.NoBlockingTask). */
    public static EpochSimulation.TaskFactory noBlocking() {
        return BrokenEpoch.NoBlockingTask::new;
    }
}
