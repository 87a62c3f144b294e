package ddm.conformance.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.adapters.EpochAlignmentAdapter;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EpochAlignment-FanIn-Recovery (one failure), explored once: recovery conforms,
 * the no-failure adapter is refused the spec's Recover steps, and recovering from an incomplete checkpoint is caught.
 */
class EpochRecoveryConformanceTest {

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.shared("EpochAlignment-FanIn-Recovery");
    }

    @Test
    void recoveryConforms() {
        ConformanceCheck.Result r = explored.check(EpochAlignmentAdapter.recovery());
        assertTrue(r.passed(), () -> r.row() + "\n" + r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
    }

    /**
     * The failure budget comes from the model's constants: with them the default adapter conforms; with them
     * stripped (a trace from elsewhere) it assumes no failures, so the implementation refuses Recover.
     */
    @Test
    void theFailureBudgetComesFromTheModelsConstants() {
        assertTrue(explored.check(new EpochAlignmentAdapter()).passed());
        List<ItfTrace> bare = explored.traces().stream()
                .map(t -> new ItfTrace(t.source(), Map.of(), t.vars(), t.states(), t.stateJson(), t.actions()))
                .toList();
        Divergence d = explored.check(bare, new EpochAlignmentAdapter()).divergence()
                .orElseThrow();
        assertEquals("Recover", d.action().orElseThrow().action(), d.report());
    }

    /**
     * Recovering from an incomplete checkpoint: in a trace where a node recorded an epoch that is not complete and
     * then the dataflow fails, the broken recovery restores that epoch; replay diverges at the Recover step.
     */
    @Test
    void recoveringFromAnIncompleteCheckpointIsCaught() {
        ConformanceCheck.Result r = explored.check(new EpochAlignmentAdapter(1, 1, BrokenEpoch.RecoverLatestSimulation::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("recovery from an incomplete epoch was not caught"));
        assertEquals("Recover", d.action().orElseThrow().action(), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("recorded") || v.var().equals("emitted")), d.report());
    }
}
