package ddm.conformance.snapshot;

import ddm.snapshot.SnapshotSimulation;

/** The seeded process bugs of {@link BrokenSnapshot}, for tests outside this package (the threaded runtime's). */
public final class BrokenSnapshotProcesses {

    private BrokenSnapshotProcesses() {}

    /** Records its state but sends its markers only after its next transfer. */
    public static final SnapshotSimulation.ProcessFactory MARKERS_LATE = BrokenSnapshot.MarkersLateProcess::new;

    /** Never adds a received transfer to the recorded state of its channel. */
    public static final SnapshotSimulation.ProcessFactory NO_IN_FLIGHT = BrokenSnapshot.NoInFlightProcess::new;
}
