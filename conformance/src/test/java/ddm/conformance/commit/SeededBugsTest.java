package ddm.conformance.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.Nodes;
import ddm.conformance.Explored;
import ddm.conformance.adapters.TwoPhaseAdapter;
import ddm.conformance.adapters.TwoPhaseRecoveryAdapter;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teeth of 2PC conformance: the real implementation conforms on TwoPhase-3 and TwoPhaseRecovery-3-live, and each
 * seeded bug is caught, at the step and on the variable it should be. (A fifth plausible bug, an RM that applies
 * Commit without being prepared, cannot show: in every reachable state where Commit was sent, every RM is prepared
 * or committed, in the spec and in the code; it is a defence in depth, not a behaviour.)
 */
class SeededBugsTest {

    @TempDir
    static Path work;
    static Explored twoPhase;
    static Explored recovery;

    @BeforeAll
    static void exploreModels() throws Exception {
        twoPhase = Explored.of("TwoPhase-3", work.resolve("TwoPhase-3"));
        recovery = Explored.of("TwoPhaseRecovery-3-live", work.resolve("TwoPhaseRecovery-3-live"));
    }

    static Divergence caught(ConformanceCheck.Result r) {
        assertTrue(r.divergence().isPresent(), "the seeded bug was not caught: " + r.row());
        return r.divergence().get();
    }

    static void assertDiffers(Divergence d, String var, Object expected, Object actual) {
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals(var) && v.expected().equals(expected)
                && actual.equals(v.actual())), d.report());
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result plain = twoPhase.check(new TwoPhaseAdapter());
        ConformanceCheck.Result crashes = recovery.check(new TwoPhaseRecoveryAdapter());
        assertTrue(plain.passed() && plain.coverage().full(), plain.row());
        assertTrue(crashes.passed() && crashes.coverage().full(), crashes.row());
    }

    @Test
    void aTmThatCommitsOnAMajorityIsCaughtByTheRefusalCheck() {
        Nodes nodes = BrokenCommit.tm(BrokenCommit.CommitsOnMajority::new);
        Divergence d = caught(twoPhase.check(new TwoPhaseAdapter(rms -> BrokenCommit.system(rms, nodes))));
        assertEquals("TMCommit", d.action().orElseThrow().action(), d.report());
        assertEquals("the implementation took a step the spec does not allow here", d.problem());
        assertDiffers(d, "tmState", "init", "committed");
    }

    @Test
    void aPreparedRmThatIgnoresAbortIsCaughtByReplay() {
        Nodes nodes = BrokenCommit.rm(BrokenCommit.IgnoresAbortWhenPrepared::new);
        Divergence d = caught(twoPhase.check(new TwoPhaseAdapter(rms -> BrokenCommit.system(rms, nodes))));
        assertEquals("RMRcvAbortMsg", d.action().orElseThrow().action(), d.report());
        assertTrue(d.problem().startsWith("the implementation refused the step"), d.report());
        assertTrue(d.step() >= 3, "a prepared RM needs at least RMPrepare, TMAbort before it: " + d.report());
    }

    @Test
    void anRmThatVotesBeforeForcingIsCaughtOnItsLog() {
        Nodes nodes = BrokenCommit.rm(BrokenCommit.VotesWithoutForce::new);
        Divergence d = caught(recovery.check(new TwoPhaseRecoveryAdapter(
                (rms, max) -> BrokenCommit.recoverySystem(rms, max, nodes))));
        assertEquals("RMPrepare", d.action().orElseThrow().action(), d.report());
        String rm = (String) d.action().get().params().get("rm");
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("rmLog")
                && ((java.util.Map<?, ?>) v.expected()).get(rm).equals("prepared")
                && ((java.util.Map<?, ?>) v.actual()).get(rm).equals("none")), d.report());
    }

    @Test
    void aTmThatBroadcastsBeforeForcingIsCaughtOnItsLog() {
        Nodes nodes = BrokenCommit.tm(BrokenCommit.TmCommitsWithoutForce::new);
        Divergence d = caught(recovery.check(new TwoPhaseRecoveryAdapter(
                (rms, max) -> BrokenCommit.recoverySystem(rms, max, nodes))));
        assertEquals("TMCommit", d.action().orElseThrow().action(), d.report());
        assertDiffers(d, "tmLog", "committed", "none");
    }
}
