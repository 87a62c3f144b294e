package ddm.conformance.epoch;

import ddm.epoch.EpochSimulation;

/** BrokenEpoch's broken tasks as task factories, for tests outside this package (the threaded-run validation). */
public final class BrokenEpochTasks {

    private BrokenEpochTasks() {}

    /** Tasks that forward the barrier before recording (BrokenEpoch.RecordAfterForwardTask). */
    public static EpochSimulation.TaskFactory recordAfterForward() {
        return BrokenEpoch.RecordAfterForwardTask::new;
    }

    /** Tasks that do not block an aligned input (BrokenEpoch.NoBlockingTask). */
    public static EpochSimulation.TaskFactory noBlocking() {
        return BrokenEpoch.NoBlockingTask::new;
    }
}
