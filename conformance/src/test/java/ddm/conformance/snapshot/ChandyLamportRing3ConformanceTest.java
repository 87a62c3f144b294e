package ddm.conformance.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.adapters.ChandyLamportAdapter;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
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

    static Model model;
    static StateGraph graph;
    static List<ItfTrace> traces;

    static Model model(String name) {
        Path root = Repo.root();
        return Manifest.read(root.resolve("specs/models.json"), root).models().stream()
                .filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @BeforeAll
    static void explore() throws Exception {
        model = model("ChandyLamport-Ring3");
        graph = ConformanceCheck.explore(Repo.root(), model, work);
        traces = ConformanceCheck.traces(model, graph);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces, new ChandyLamportAdapter());
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
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces, BrokenSnapshot.nonFifo(2));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("non-FIFO delivery was not caught"));
        assertTrue(List.of("RcvTransfer", "RcvMarker").contains(d.action().orElseThrow().action()), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }

    /** In-flight transfers not recorded: replay diverges at a RcvTransfer on a channel being recorded, on chanSnap. */
    @Test
    void unrecordedInFlightTransfersAreCaught() {
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces,
                BrokenSnapshot.withProcesses(2, BrokenSnapshot.NoInFlightProcess::new));
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
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces,
                BrokenSnapshot.withProcesses(2, BrokenSnapshot.MarkersLateProcess::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("late markers were not caught"));
        assertTrue(List.of("Initiate", "RcvMarker").contains(d.action().orElseThrow().action()), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("chan")), d.report());
    }
}
