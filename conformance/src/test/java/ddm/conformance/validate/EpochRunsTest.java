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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void runsOfTheRuntimeAreBehavioursOfTheSpec() throws Exception {
        ValidateRuns v = new ValidateRuns(graph);
        ValidateRuns.Result r = EpochRuns.runs(v, EpochRuns.STANDARD, 50, 1, 5000);
        assertTrue(r.passed(), r.summary() + "\n" + r.failures().stream().map(Validator.Failure::report).toList()
                + "\n" + r.problems());
        assertEquals(50, r.totals().traces(), r.summary());
        assertEquals(0, r.totals().unchecked(), r.summary());
        Set<String> actions = v.traces().stream().flatMap(t -> t.actions().stream()).map(Label::action)
                .collect(Collectors.toSet());
        assertEquals(Set.of("StartEpoch", "CompleteEpoch", "SourceEmit", "InjectBarrier", "Process", "RcvBarrier",
                "AlignedSnapshot"), actions, r.summary());
        // Every run ends drained: each source emitted its record and every started epoch completed.
        for (ItfTrace t : v.traces()) {
            var last = t.states().get(t.states().size() - 1);
            assertTrue(v.validator().allowed(last).stream()
                    .noneMatch(l -> Set.of("SourceEmit", "Process", "RcvBarrier", "AlignedSnapshot", "InjectBarrier",
                            "CompleteEpoch").contains(l.action())),
                    t.source() + " ended in a state where the spec still allows " + v.validator().allowed(last));
        }
    }

    /**
     * A task that forwards the barrier and unblocks before it records its snapshot: its AlignedSnapshot leaves
     * recorded unchanged, where the spec's raises it. Each run with an aligned task shows it; a run starts no epoch
     * only if both sources ran out before the timer fired, so ten runs cannot all miss it. The broken task's thread
     * dies at the next barrier (barriers overtook each other), so some runs do not finish: each waits 1 s.
     */
    @Test
    void aTaskThatForwardsBeforeRecordingIsCaughtAtItsAlignedSnapshot() throws Exception {
        ValidateRuns.Result r = EpochRuns.runs(new ValidateRuns(graph), BrokenEpochTasks.recordAfterForward(), 10, 1,
                1000);
        assertFalse(r.failures().isEmpty(), "the seeded bug was not caught: " + r.summary());
        Validator.Failure f = r.failures().get(0);
        assertEquals("AlignedSnapshot", f.action().orElseThrow().action(), f.report());
        assertTrue(f.problem().startsWith("the spec's AlignedSnapshot"), f.report());
        assertTrue(f.diff().stream().anyMatch(d -> d.startsWith("recorded: spec ")), f.report());
    }

    @Test
    void theCliValidatesEpochRuns() {
        ValidateCliTest.Run run = ValidateCliTest.run("validate", "--root", Repo.root().toString(), "--model", MODEL,
                "--runs", "5", "--seed", "3");
        assertEquals(Main.OK, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("threaded runs of the epoch runtime"), run.out());
        assertTrue(run.out().contains("5 runs, 5 traces, "), run.out());
    }
}
