package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.Nodes;
import ddm.conformance.commit.BrokenCommit;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeded 2PC bugs of BrokenCommit, built into the threaded runtime and caught in this direction (code to spec):
 * the recorded runs fail validation against TwoPhaseRecovery-3-live at the step that shows the bug. Runs have fixed
 * seeds, but their timing is the threads', so each test takes more runs than the bug needs. Measured on this machine
 * (one run each from 30 seeds): a single run catches the majority commit in 27 of 30, the TM's unforced commit in 27
 * (the misses are runs that commit nothing), the RM's unforced vote in 30 (its first vote shows it), and leaves a
 * transaction unfinished under the RM that ignores Abort in 26. Each test takes {@link #RUNS} runs, so a miss would
 * need ten misses in a row (about 1 in 10^9 going by those rates).
 */
class SeededBugsValidationTest {

    static final int RUNS = 10;
    static StateGraph graph;

    @BeforeAll
    static void explore() throws Exception {
        graph = Explored.graph();
    }

    static ValidateRuns.Result run(Nodes nodes, int runs, long finishMillis) throws Exception {
        return new ValidateRuns(graph).commitRuns(nodes, runs, 42, finishMillis);
    }

    static Validator.Failure firstFailure(ValidateRuns.Result r) {
        assertFalse(r.failures().isEmpty(), "the seeded bug was not caught: " + r.summary());
        return r.failures().get(0);
    }

    @Test
    void aTmThatCommitsOnAMajorityTakesAStepTheSpecDoesNotAllow() throws Exception {
        Validator.Failure f = firstFailure(run(BrokenCommit.tm(BrokenCommit.CommitsOnMajority::new), RUNS, 2000));
        assertEquals("TMCommit", f.action().orElseThrow().action(), f.report());
        assertTrue(f.problem().startsWith("the spec does not allow TMCommit from the state before it"), f.report());
        assertFalse(f.allowed().contains(Label.of("TMCommit")), f.report());
    }

    @Test
    void aTmThatBroadcastsCommitWithoutForcingItIsCaughtOnTmLog() throws Exception {
        Validator.Failure f = firstFailure(run(BrokenCommit.tm(BrokenCommit.TmCommitsWithoutForce::new), RUNS, 2000));
        assertEquals("TMCommit", f.action().orElseThrow().action(), f.report());
        assertTrue(f.problem().startsWith("the spec's TMCommit leads elsewhere"), f.report());
        assertEquals(List.of("tmLog: spec \"committed\", recorded \"none\""), f.diff(), f.report());
    }

    @Test
    void anRmThatVotesWithoutForcingItsPrepareRecordIsCaughtOnRmLog() throws Exception {
        Validator.Failure f = firstFailure(run(BrokenCommit.rm(BrokenCommit.VotesWithoutForce::new), RUNS, 2000));
        assertEquals("RMPrepare", f.action().orElseThrow().action(), f.report());
        assertEquals(1, f.diff().size(), f.report());
        assertTrue(f.diff().get(0).startsWith("rmLog: spec "), f.report());
    }

    /**
     * A prepared RM that ignores Abort takes no wrong step: it just never takes RMRcvAbortMsg, and keeps asking the
     * TM, whose answers are stutters (Abort was already sent). Every recorded step is a step of the spec, so step
     * validation cannot catch it: the bug is a liveness bug (the spec's weakly fair RMRcvAbortMsg stays enabled). What
     * this direction can show is a run that does not finish, with RMRcvAbortMsg allowed from the last recorded state
     * of the stuck transaction, for as long as the run waited (and replay's refusal check catches it at once).
     */
    @Test
    void aPreparedRmThatIgnoresAbortPassesEveryStepButLeavesItsTransactionUnfinished() throws Exception {
        ValidateRuns.Result r = run(BrokenCommit.rm(BrokenCommit.IgnoresAbortWhenPrepared::new), RUNS, 300);
        assertEquals(List.of(), r.failures().stream().map(Validator.Failure::report).toList());
        List<String> stuck = r.problems().stream().filter(p -> p.contains("did not finish")).toList();
        assertFalse(stuck.isEmpty(), r.summary());
        assertTrue(stuck.stream().allMatch(p -> p.matches(".*RMRcvAbortMsg\\(rm = \"r\\d\"\\).*")), stuck.toString());
    }
}
