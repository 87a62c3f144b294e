package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.Nodes;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Threaded runs of the real 2PC runtime, recorded and validated against TwoPhaseRecovery-3-live: every step of every
 * transaction is a step of the spec, every transaction finishes, the logs agree with the recording, and the runs take
 * every action the runtime can take, crashes and recoveries of the TM and of RMs included, reaching states with
 * crashes (up to MaxCrashes per run).
 */
class RecordedRunsTest {

    static StateGraph graph;

    @BeforeAll
    static void explore() throws Exception {
        graph = Explored.graph();
    }

    @Test
    void recordedRunsOfTheRuntimeAreBehavioursOfTheSpec() throws Exception {
        ValidateRuns v = new ValidateRuns(graph);
        ValidateRuns.Result r = v.commitRuns(Nodes.STANDARD, 40, 1, 5000);
        assertTrue(r.passed(), () -> r.summary() + "\n" + r.failures().stream().map(Validator.Failure::report).toList()
                + "\n" + r.problems());
        Set<String> actions = new TreeSet<>();
        v.traces().forEach(t -> t.actions().stream().map(Label::action).forEach(actions::add));
        assertEquals(new TreeSet<>(CommitRecorder.ACTIONS.values()), actions, r.summary());
        assertTrue(r.totals().traces() >= 40 * 3, r.summary());
        long maxCrashes = (Long) graph.constants().get("MaxCrashes");
        Set<Object> crashCounts = new TreeSet<>();
        v.traces().forEach(t -> t.states().forEach(st -> crashCounts.add(st.get("crashes"))));
        assertEquals(Set.of(0L, 1L, maxCrashes), crashCounts, "crash counts seen in the recorded states");
    }
}
