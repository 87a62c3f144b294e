package ddm.conformance.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.adapters.ChandyLamportAdapter;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChandyLamport-Ring3 (p1 -> p2 -> p3 -> p1, 2 transfers), explored once: the implementation conforms (every state and
 * edge covered, every disabled step refused), and the three seeded bugs are each caught where they show.
 */
class ChandyLamportRing3ConformanceTest {

    @TempDir
    static Path work;

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.of("ChandyLamport-Ring3", work);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = explored.check(new ChandyLamportAdapter());
        assertTrue(r.passed(), () -> r.row() + "\n" + r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
        assertTrue(r.refusalsTried() > 0);
    }

    /**
     * Non-FIFO delivery: every trace replays (the spec only ever delivers heads, which a non-FIFO channel may deliver
     * too), but the refusal check finds a channel holding a marker with a transfer behind it, and the broken network
     * delivers the transfer past the marker.
     */
    @Test
    void nonFifoDeliveryIsCaught() {
        ConformanceCheck.Result r = explored.check(BrokenSnapshot.nonFifo(2));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("non-FIFO delivery was not caught"));
        assertTrue(List.of("RcvTransfer", "RcvMarker").contains(d.action().orElseThrow().action()), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }

    /** In-flight transfers not recorded: replay diverges at a RcvTransfer on a channel being recorded, on chanSnap. */
    @Test
    void unrecordedInFlightTransfersAreCaught() {
        ConformanceCheck.Result r = explored.check(BrokenSnapshot.withProcesses(2, BrokenSnapshot.NoInFlightProcess::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("unrecorded in-flight transfers were not caught"));
        assertEquals("RcvTransfer", d.action().orElseThrow().action(), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("chanSnap")), d.report());
    }

    /**
     * Markers after application messages: the process records without its markers leaving in the same step; replay
     * diverges at the recording step (Initiate or a first RcvMarker), on chan.
     */
    @Test
    void markersSentAfterTransfersAreCaught() {
        ConformanceCheck.Result r = explored.check(BrokenSnapshot.withProcesses(2, BrokenSnapshot.MarkersLateProcess::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("late markers were not caught"));
        assertTrue(List.of("Initiate", "RcvMarker").contains(d.action().orElseThrow().action()), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("chan")), d.report());
    }
}
