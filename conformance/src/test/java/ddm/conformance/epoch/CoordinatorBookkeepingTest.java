package ddm.conformance.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's acknowledgements are compared with the spec's {@code acked} (EpochAlignment-FanIn-Recovery,
 * explored once). Before the spec had {@code acked}, CompleteEpoch read {@code recorded} and no abstraction read the
 * coordinator's bookkeeping: a coordinator that forgot the restored epoch's acknowledgements on recovery passed
 * replay, the refusal check and validation, since it takes exactly the spec's steps. Now both broken coordinators
 * below diverge at the Recover step, on {@code acked}.
 */
class CoordinatorBookkeepingTest {

    @TempDir
    static Path work;

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.of("EpochAlignment-FanIn-Recovery", work);
    }

    @Test
    void aCoordinatorThatForgetsTheRestoredEpochsAcknowledgementsIsCaught() {
        assertCaughtAtRecover(BrokenEpoch.withCoordinator(1, BrokenEpoch.ForgetfulCoordinator::new));
    }

    @Test
    void aCoordinatorThatKeepsTheAbortedEpochsAcknowledgementsIsCaught() {
        assertCaughtAtRecover(BrokenEpoch.withCoordinator(1, BrokenEpoch.StaleAcknowledgementsCoordinator::new));
    }

    private static void assertCaughtAtRecover(ddm.conformance.replay.ProtocolAdapter adapter) {
        ConformanceCheck.Result r = explored.check(adapter);
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("the broken coordinator was not caught"));
        assertEquals("Recover", d.action().orElseThrow().action(), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("acked")), d.report());
    }
}
