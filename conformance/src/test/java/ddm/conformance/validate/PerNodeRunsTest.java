package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.Nodes;
import ddm.conformance.graph.StateGraph;
import ddm.trace.Event;
import ddm.trace.Level;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Threaded runs of the 2PC runtime recorded per node, with no lock shared by the nodes, validated against
 * TwoPhaseRecovery-3-live by the search over each run's partial order.
 */
class PerNodeRunsTest {

    static StateGraph graph;

    @BeforeAll
    static void explore() throws Exception {
        graph = Explored.graph();
    }

    @Test
    void runsRecordedPerNodeAreBehavioursOfTheSpec() throws Exception {
        ValidateRuns v = ValidateRuns.perNode(graph, CommitEvents.MODEL, Level.VARS);
        ValidateRuns.Result r = v.commitRuns(Nodes.STANDARD, Integer.getInteger("runs", 40), Long.getLong("seed", 1), 5000);
        assertTrue(r.passed(), () -> r.summary() + "\n" + r.rejected() + "\n" + r.problems());
        Set<String> actions = new TreeSet<>();
        v.logs().forEach(l -> l.events().map(Event::action).forEach(actions::add));
        Set<String> expected = new TreeSet<>(CommitRecorder.ACTIONS.values());
        expected.add("Begin");
        assertEquals(expected, actions, r.summary());
        System.out.println(r.summary());
    }
}
