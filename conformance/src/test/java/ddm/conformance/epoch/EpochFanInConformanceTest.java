package ddm.conformance.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.adapters.EpochAlignmentAdapter;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EpochAlignment-FanIn (2 sources -> op -> sink, 2 epochs), explored once: the implementation conforms (every state
 * and edge covered, every disabled step refused), and two seeded bugs are caught, each where the spec says it should.
 */
class EpochFanInConformanceTest {

    @TempDir
    static Path work;

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.of("EpochAlignment-FanIn", work);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = explored.check(new EpochAlignmentAdapter());
        assertTrue(r.passed(), () -> r.row() + "\n" + r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
        assertTrue(r.refusalsTried() > 0);
    }

    /**
     * No blocking: every trace replays (the spec never asks for a record behind a barrier), but the refusal check
     * finds a state where op has barrier 1 from one source and a record behind it, and op takes the record.
     */
    @Test
    void noBlockingIsCaught() {
        ConformanceCheck.Result r = explored.check(BrokenEpoch.withTasks(0, BrokenEpoch.NoBlockingTask::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("no blocking was not caught"));
        assertEquals("Process", d.action().orElseThrow().action(), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }

    /**
     * Recording after forwarding: the task forwards barrier e but has not recorded e; replay diverges at that
     * AlignedSnapshot step, on the recorded epoch and the snapshot.
     */
    @Test
    void recordingAfterForwardingIsCaught() {
        ConformanceCheck.Result r = explored.check(BrokenEpoch.withTasks(0, BrokenEpoch.RecordAfterForwardTask::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("recording after forwarding was not caught"));
        assertEquals("AlignedSnapshot", d.action().orElseThrow().action(), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("recorded")), d.report());
    }
}
