package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.Nodes;
import ddm.conformance.commit.BrokenCommit;
import ddm.conformance.events.EventValidator;
import ddm.conformance.events.RunLog;
import ddm.conformance.events.SpecOracle;
import ddm.conformance.graph.StateGraph;
import ddm.trace.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeded 2PC bugs, in threaded runs recorded per node (no lock), caught by the search over each run's partial
 * order, and what each logging level still shows. Each bug's runs are recorded once with everything logged; each
 * level then validates the same runs cut down to what it logs. The levels a bug is asserted caught at are those
 * where it must show in any run that exercises it; where showing depends on timing (a TM that forgets its commits
 * shows at the poorer levels only if a prepared RM asks it afterwards), the rate is written down, not asserted. The
 * rates are written to target/detection/twophase-recovery.md.
 */
class PerNodeSeededBugsTest {

    static StateGraph graph;
    static final DetectionTables TABLE = new DetectionTables("twophase-recovery");

    @BeforeAll
    static void explore() throws Exception {
        graph = Explored.graph();
    }

    @AfterAll
    static void write() throws Exception {
        TABLE.write();
    }

    static EventValidator validator() {
        return new EventValidator(SpecOracle.of(graph), CommitEvents.MODEL, ValidateRuns.SEARCH_BUDGET);
    }

    /**
     * Up to {@code max} runs of {@code nodes} recorded per node, from seed 42 on, keeping those whose settings crash
     * a node {@code crashes} accepts, until {@code enough} of them are rejected with everything logged.
     */
    static Detection.Row rates(String name, Nodes nodes, Predicate<String> crashes, int maxCrashes, int max,
                               int enough) throws Exception {
        List<RunLog> runs = new ArrayList<>();
        EventValidator v = validator();
        int rejected = 0;
        for (long seed = 42; runs.size() < max && rejected < enough; seed++) {
            boolean wanted = maxCrashes == 0 || CommitRuns.Settings.random(seed, ValidateRuns.rms(graph), maxCrashes)
                    .crashes().stream().anyMatch(c -> crashes.test(c.node()));
            if (!wanted) continue;
            CommitRuns.Run run = CommitRuns.run(ValidateRuns.rms(graph), nodes, seed, graph.constants(), maxCrashes,
                    maxCrashes == 0 ? 2000 : 300, true);
            RunLog log = run.log().orElseThrow();
            runs.add(log);
            if (!v.validate(log, null).passed()) rejected++;
        }
        return TABLE.add(Detection.rates(name, runs, v));
    }

    @Test
    void aCorrectRuntimeIsRejectedAtNoLevel() throws Exception {
        Detection.Row r = rates("none (the correct runtime)", Nodes.STANDARD, n -> true, 2, 10, 1);
        for (Level l : Level.values()) assertEquals(0, r.rejected().get(l), r.markdown());
    }

    @Test
    void aMajorityCommitShowsAtEveryLevel() throws Exception {
        Detection.Row r = rates("TM commits on a majority", BrokenCommit.tm(BrokenCommit.CommitsOnMajority::new),
                n -> true, 0, 10, 3);
        for (Level l : Level.values()) assertTrue(r.caughtAt(l), r.markdown());
    }

    @Test
    void anUnforcedDecisionOrVoteShowsOnlyInTheNodesVariables() throws Exception {
        Detection.Row tm = rates("TM broadcasts Commit before forcing it",
                BrokenCommit.tm(BrokenCommit.TmCommitsWithoutForce::new), n -> true, 0, 10, 3);
        Detection.Row rm = rates("RM votes before forcing its prepare record",
                BrokenCommit.rm(BrokenCommit.VotesWithoutForce::new), n -> true, 0, 10, 3);
        for (Detection.Row r : List.of(tm, rm)) {
            assertTrue(r.caughtAt(Level.VARS), r.markdown());
            for (Level l : List.of(Level.EVENTS, Level.PARAMS, Level.PARTIAL)) assertFalse(r.caughtAt(l), r.markdown());
        }
    }

    @Test
    void anRmThatForgetsItsVoteShowsInItsRecoveredState() throws Exception {
        Detection.Row r = rates("RM forgets its vote on recovery",
                BrokenCommit.rm(BrokenCommit.ForgetsVoteOnRecovery::new), n -> !n.equals("tm"), 2, 20, 2);
        assertTrue(r.caughtAt(Level.VARS), r.markdown());
        assertTrue(r.caughtAt(Level.PARTIAL), r.markdown());
    }

    /**
     * A prepared RM that ignores Abort takes no wrong step: it just never takes RMRcvAbortMsg, and keeps asking the
     * TM, whose answers are stutters (Abort was already sent). Every logged step fits the spec, so no level catches
     * it: it is a liveness bug (the spec's weakly fair RMRcvAbortMsg stays enabled). What shows is a transaction that
     * does not finish, reported with RMRcvAbortMsg among the actions the spec still allows where it stopped (and
     * replay's refusal check catches it at once).
     */
    @Test
    void aPreparedRmThatIgnoresAbortPassesEveryStepButLeavesItsTransactionUnfinished() throws Exception {
        // Without crashes: a recovered prepared RM must ask too, and under this bug's storm of unanswerable queries its
        // answer can take longer than the run waits, leaving a transaction unfinished that is not the bug's.
        ValidateRuns v = ValidateRuns.perNode(graph, CommitEvents.MODEL, Level.VARS);
        ValidateRuns.Result r = v.commitRuns(BrokenCommit.rm(BrokenCommit.IgnoresAbortWhenPrepared::new), 10, 42, 300,
                0);
        assertEquals(0, Rejections.rejectedRuns(r), Rejections.report(r));
        List<String> stuck = r.problems().stream().filter(p -> p.contains("did not finish")).toList();
        assertFalse(stuck.isEmpty(), r.summary());
        assertTrue(stuck.stream().allMatch(p -> p.matches(".*RMRcvAbortMsg\\(rm = \"r\\d\"\\).*")), stuck.toString());
    }

    @Test
    void aTmThatForgetsItsCommitsShowsInItsRecoveredState() throws Exception {
        Detection.Row r = rates("TM forgets its commits on recovery",
                BrokenCommit.tm(BrokenCommit.ForgetsCommitsOnRecovery::new), n -> n.equals("tm"), 2, 20, 2);
        assertTrue(r.caughtAt(Level.VARS), r.markdown());
        assertTrue(r.caughtAt(Level.PARTIAL), r.markdown());
    }
}
