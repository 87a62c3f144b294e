package ddm.conformance.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.adapters.ChandyLamportAdapter;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChandyLamport-Complete3 (a channel each way between 3 processes, 1 transfer), explored once: the adapter, taking
 * MaxTransfers = 1 from the model's constants, conforms; the seeded bugs are caught on this graph too.
 */
class ChandyLamportComplete3ConformanceTest {

    @TempDir
    static Path work;

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.of("ChandyLamport-Complete3", work);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = explored.check(new ChandyLamportAdapter());
        assertTrue(r.passed(), () -> r.row() + "\n" + r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
    }

    @Test
    void theSeededBugsAreCaught() {
        assertTrue(explored.check(BrokenSnapshot.nonFifo(1)).divergence().isPresent());
        assertTrue(explored.check(BrokenSnapshot.withProcesses(1, BrokenSnapshot.NoInFlightProcess::new)).divergence().isPresent());
        assertTrue(explored.check(BrokenSnapshot.withProcesses(1, BrokenSnapshot.MarkersLateProcess::new)).divergence().isPresent());
    }
}
