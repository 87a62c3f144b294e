package ddm.conformance.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.adapters.PaxosCommitAdapter;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PaxosCommit-Live-1x3 (1 RM, 3 acceptors, ballots {0, 1}, one acceptor may crash; 3,908 states), explored once: the
 * implementation conforms (path cover: every state and edge; every disabled step refused), and the three seeded bugs
 * of issue 10 are each caught. All three make the implementation more permissive than the spec, so every trace still
 * replays and the refusal check is what catches them, at the action named.
 */
class PaxosCommitConformanceTest {

    @TempDir
    static Path work;

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.of("PaxosCommit-Live-1x3", work);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = explored.check(new PaxosCommitAdapter());
        assertTrue(r.divergence().isEmpty(), () -> r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
        assertTrue(r.refusalsTried() > 0);
    }

    /** An acceptor votes in ballot 0 after promising ballot 1: Phase2b(a) where the spec has none. */
    @Test
    void acceptorVotingBelowItsPromiseIsCaught() {
        assertRefusalCatches(BrokenPaxos.LOW_BALLOT_ACCEPTOR, "Phase2b");
    }

    /** The leader of ballot 1 proposes before a quorum answered its phase 1a. */
    @Test
    void leaderProposingWithoutPhase1IsCaught() {
        assertRefusalCatches(BrokenPaxos.EAGER_LEADER, "Phase2a");
    }

    /** The RM commits (or aborts) on one acceptor's vote, before the instance chose anything. */
    @Test
    void outcomeLearnedFromAMinorityIsCaught() {
        ConformanceCheck.Result r = explored.check(BrokenPaxos.adapter(BrokenPaxos.MINORITY_LEARNER));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("minority learning was not caught"));
        String action = d.action().orElseThrow().action();
        assertTrue(action.equals("RMRcvCommitMsg") || action.equals("RMRcvAbortMsg"), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }

    /**
     * A leader that proposes the value of the lowest ballot its quorum reports, not the highest: with ballots {0, 1}
     * the two rules agree in every state, so the complete path cover and the refusal check pass it. It takes a third
     * ballot to tell them apart ({@link ThreeBallotValidationTest}).
     */
    @Test
    void leaderProposingTheLowestBallotsValuePassesTwoBallots() {
        ConformanceCheck.Result r = explored.check(BrokenPaxos.adapter(BrokenPaxos.LOWEST_BALLOT_LEADER));
        assertTrue(r.divergence().isEmpty(), () -> r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
    }

    private static void assertRefusalCatches(ddm.commit.paxos.PaxosCommitSimulation.Nodes nodes, String action) {
        ConformanceCheck.Result r = explored.check(BrokenPaxos.adapter(nodes));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("the bug in " + action + " was not caught"));
        assertEquals(action, d.action().orElseThrow().action(), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }
}
