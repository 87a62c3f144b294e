package ddm.conformance.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.adapters.Adapters;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import ddm.conformance.tlc.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChandyLamport-Complete3 (a channel each way between 3 processes, 1 transfer), explored once: protocol
 * {@code chandylamport-t1} conforms; the seeded bugs are caught on this graph too.
 */
class ChandyLamportComplete3ConformanceTest {

    @TempDir
    static Path work;

    static Model model;
    static StateGraph graph;
    static List<ItfTrace> traces;

    @BeforeAll
    static void explore() throws Exception {
        model = ChandyLamportRing3ConformanceTest.model("ChandyLamport-Complete3");
        graph = ConformanceCheck.explore(Repo.root(), model, work);
        traces = ConformanceCheck.traces(model, graph);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces, Adapters.byName("chandylamport-t1"));
        assertTrue(r.passed(), () -> r.row() + "\n" + r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
    }

    @Test
    void theSeededBugsAreCaught() {
        assertTrue(ConformanceCheck.replay(model, graph, traces, BrokenSnapshot.nonFifo(1)).divergence().isPresent());
        assertTrue(ConformanceCheck.replay(model, graph, traces,
                BrokenSnapshot.withProcesses(1, BrokenSnapshot.NoInFlightProcess::new)).divergence().isPresent());
        assertTrue(ConformanceCheck.replay(model, graph, traces,
                BrokenSnapshot.withProcesses(1, BrokenSnapshot.MarkersLateProcess::new)).divergence().isPresent());
    }
}
