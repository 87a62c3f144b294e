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
 * EpochAlignment-FanIn-Recovery (one failure), explored once: recovery conforms, the no-failure adapter is refused
 * the spec's Recover steps, recovering from an incomplete checkpoint is caught, and so are coordinators whose
 * acknowledgements go wrong across a recovery.
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

    /**
     * The coordinator's acknowledgements are compared with the spec's {@code acked}. Before the spec had it,
     * CompleteEpoch read {@code recorded} and no abstraction read the coordinator's bookkeeping: a coordinator that
     * forgot the restored epoch's acknowledgements on recovery, or kept the aborted epochs' ones, passed replay and
     * the refusal check (the shortest path to a state after a recovery starts from scratch, so nothing is stale
     * there) and validation. Now both diverge at the Recover step, on {@code acked}.
     */
    @Test
    void aCoordinatorThatForgetsTheRestoredEpochsAcknowledgementsIsCaught() {
        assertCaughtOnAcked(BrokenEpoch.withCoordinator(1, BrokenEpoch.ForgetfulCoordinator::new));
    }

    @Test
    void aCoordinatorThatKeepsTheAbortedEpochsAcknowledgementsIsCaught() {
        assertCaughtOnAcked(BrokenEpoch.withCoordinator(1, BrokenEpoch.StaleAcknowledgementsCoordinator::new));
    }

    private static void assertCaughtOnAcked(ddm.conformance.replay.ProtocolAdapter adapter) {
        ConformanceCheck.Result r = explored.check(adapter);
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("the broken coordinator was not caught"));
        assertEquals("Recover", d.action().orElseThrow().action(), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("acked")), d.report());
    }
}
