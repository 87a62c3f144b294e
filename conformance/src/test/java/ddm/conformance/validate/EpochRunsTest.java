package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.cli.Main;
import ddm.conformance.epoch.BrokenEpochTasks;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ddm.trace.Level;

/**
 * Threaded runs of the epoch runtime ({@code ddm.epoch.EpochRuntime}), recorded and validated against
 * EpochAlignment-FanIn's graph (2,179 states): standard runs take only steps of the spec, and a seeded bug from
 * BrokenEpoch, built into the runtime, is caught at the step that shows it.
 */
class EpochRunsTest {

    static final String MODEL = "EpochAlignment-FanIn";
    static StateGraph graph;

    @BeforeAll
    static void explore() throws Exception {
        graph = ddm.conformance.Explored.graph(MODEL);
    }

    static ValidateRuns perNode() {
        return ValidateRuns.perNode(graph, EpochEvents.MODEL, Level.VARS);
    }

    static final DetectionTables TABLE = new DetectionTables("epoch");

    @AfterAll
    static void writeTable() throws Exception {
        TABLE.write();
    }

    @Test
    void runsOfTheRuntimeAreBehavioursOfTheSpec() throws Exception {
        ValidateRuns v = perNode();
        ValidateRuns.Result r = EpochRuns.runs(v, EpochRuns.STANDARD, 50, 1, 5000);
        assertTrue(r.passed(), Rejections.report(r));
        assertEquals(50, v.logs().size(), r.summary());
        Detection.Row none = TABLE.add(v.detection("none (the correct runtime)"));
        for (Level l : Level.values()) assertFalse(none.caughtAt(l), none.markdown());
        assertEquals(Set.of("StartEpoch", "CompleteEpoch", "SourceEmit", "InjectBarrier", "Process", "RcvBarrier",
                "AlignedSnapshot"), Rejections.actions(v), r.summary());
        // Every run ends drained: each source emitted its record and every started epoch completed.
        assertEquals(50, v.finalStates().size(), r.summary());
        for (var last : v.finalStates()) {
            assertTrue(v.allowed(last).stream()
                    .noneMatch(l -> Set.of("SourceEmit", "Process", "RcvBarrier", "AlignedSnapshot", "InjectBarrier",
                            "CompleteEpoch").contains(l.action())),
                    "a run ended in a state where the spec still allows " + v.allowed(last));
        }
    }

    /** The old way, linearized by one lock: kept as a mode, and still a behaviour of the spec. */
    @Test
    void runsRecordedUnderTheLockAreBehavioursOfTheSpecToo() throws Exception {
        ValidateRuns.Result r = EpochRuns.runs(new ValidateRuns(graph), EpochRuns.STANDARD, 10, 1, 5000);
        assertTrue(r.passed(), r.summary() + "\n" + r.failures().stream().map(Validator.Failure::report).toList()
                + "\n" + r.problems());
        assertEquals(10, r.totals().traces(), r.summary());
    }

    /**
     * A task that forwards the barrier and unblocks before it records its snapshot: its AlignedSnapshot leaves
     * recorded unchanged, where the spec's raises it. Each run with an aligned task shows it; a run starts no epoch
     * only if both sources ran out before the timer fired, so ten runs cannot all miss it. The broken task's thread
     * dies at the next barrier (barriers overtook each other), so some runs do not finish: each waits 1 s.
     */
    @Test
    void aTaskThatForwardsBeforeRecordingIsCaughtAtItsAlignedSnapshot() throws Exception {
        ValidateRuns v = perNode();
        ValidateRuns.Result r = EpochRuns.runs(v, BrokenEpochTasks.recordAfterForward(), 10, 1, 1000);
        Detection.Row row = TABLE.add(v.detection("recording after forwarding the barrier"));
        assertTrue(row.caughtAt(Level.VARS), row.markdown());
        assertTrue(row.caughtAt(Level.PARTIAL), row.markdown());   // recorded is what PARTIAL keeps
        assertTrue(Rejections.rejectedRuns(r) > 0, "the seeded bug was not caught: " + r.summary());
        assertTrue(Rejections.stoppedAt(r, "AlignedSnapshot", "the spec's AlignedSnapshot"), Rejections.report(r));
        assertTrue(Rejections.stoppedAt(r, "AlignedSnapshot", "recorded["), Rejections.report(r));
    }

    @Test
    void theCliValidatesEpochRuns() {
        ValidateCliTest.Run run = ValidateCliTest.run("validate", "--root", Repo.root().toString(), "--model", MODEL,
                "--runs", "5", "--seed", "3");
        assertEquals(Main.OK, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("threaded runs of the epoch runtime per node (no lock)"), run.out());
        assertTrue(run.out().contains("5 runs recorded per node, no lock: 5 runs, 5 instances"), run.out());
    }
}
