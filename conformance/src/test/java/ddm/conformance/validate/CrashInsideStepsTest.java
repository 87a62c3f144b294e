package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.Nodes;
import ddm.conformance.cluster.SendsBeforeForcing;
import ddm.conformance.graph.StateGraph;
import ddm.runtime.node.Effector;
import ddm.sim.FaultPoint;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blind spot of #19 in the threaded 2PC runtime: crashes only between a node's batches cannot tell a driver that
 * sends a batch's messages before it forces its records from a correct one. Recorded under the lock, so that a step
 * is in the trace exactly when its action returned: a step the crash cut short after its sends is then in the trace
 * with its record, and recovery without that record is a divergence. (Per-node validation may drop a step a crash
 * cut short when no node consumed what it sent, so it sees this bug only where the timing makes another node use the
 * vote first, as in the process clusters' test.)
 */
class CrashInsideStepsTest {

    static StateGraph graph;

    @BeforeAll
    static void explore() throws Exception {
        graph = Explored.graph();
    }

    /** A runtime whose drivers send a batch's messages before they append and force its records (the seeded bug). */
    static final Effector SEND_THEN_FORCE = SendsBeforeForcing.SEND_THEN_FORCE;

    /**
     * With crashes only between batches, the runtime that sends before it forces performs every batch whole and
     * passes (the first 5 seeds from 42 that crash a node, each checked here); with crashes inside steps (after a
     * send, before the force that was due first) a node dies with its vote or its decision sent and not logged, and
     * validation catches it where it recovers, or the logs no longer agree with the recorded steps. The runs stop at
     * the first caught, of at most 60 that crash a node after a send: which seeds catch it is the threads' timing
     * (measured: the 1st, 10th or 11th run, seeds 44, 79 and 82, in seven runs of the test).
     */
    @Test
    void aRuntimeThatSendsBeforeItForcesPassesBetweenStepsAndIsCaughtByCrashesInsideThem() throws Exception {
        int maxCrashes = Math.toIntExact((Long) graph.constants().get("MaxCrashes"));
        int checked = 0;
        for (long seed = 42; checked < 5; seed++) {
            if (!CommitRuns.Settings.random(seed, ValidateRuns.rms(graph), maxCrashes).crashes().isEmpty()) {
                ValidateRuns.Result between = new ValidateRuns(graph).commitRuns(Nodes.STANDARD, SEND_THEN_FORCE, 1,
                        seed, 2000, maxCrashes, false);
                assertEquals(List.of(), between.failures().stream().map(Validator.Failure::report).toList());
                assertTrue(between.problems().stream().noneMatch(p -> p.contains("log ends with")),
                        between.problems().toString());
                checked++;
            }
        }
        boolean caught = false;
        String last = "";
        for (long seed = 42, runs = 0; runs < 60 && !caught; seed++) {
            CommitRuns.Settings s = CommitRuns.Settings.random(seed, ValidateRuns.rms(graph), maxCrashes);
            if (s.crashes().stream().anyMatch(c -> c.inside() == FaultPoint.AFTER_SEND)) {
                ValidateRuns.Result inside = new ValidateRuns(graph).commitRuns(Nodes.STANDARD, SEND_THEN_FORCE, 1,
                        seed, 2000, maxCrashes, true);
                caught = !inside.failures().isEmpty()
                        || inside.problems().stream().anyMatch(p -> p.contains("log ends with"));
                last = inside.summary();
                runs++;
            }
        }
        assertTrue(caught, "crashes inside steps did not catch the runtime that sends before it forces: " + last);
    }
}
