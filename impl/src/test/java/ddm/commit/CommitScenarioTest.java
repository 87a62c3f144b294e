package ddm.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Scenarios as event scripts, each with the spec variables it must end in. Read them beside TwoPhaseCommit.tla.
 */
class CommitScenarioTest {

    private static final List<String> RMS = List.of("r1", "r2", "r3");

    /** Runs a script (one event label per line, as the simulator prints them) on a fresh crash-recovery system. */
    static TwoPhaseCommitRecoverySystem run(String script) {
        return run(new TwoPhaseCommitRecoverySystem(RMS), script);
    }

    /** Runs a script on the given fresh system; crash actions need a {@link TwoPhaseCommitRecoverySystem}. */
    static <S extends TwoPhaseCommitSystem> S run(S s, String script) {
        for (String line : script.strip().split("\n")) {
            String[] w = line.strip().split(" ");
            String who = w[0];
            String action = w[1];
            switch (action) {
                case "RMPrepare" -> s.rmPrepare(who);
                case "RMChooseToAbort" -> s.rmChooseToAbort(who);
                case "RMRcvCommitMsg" -> s.rmRcvCommitMsg(who);
                case "RMRcvAbortMsg" -> s.rmRcvAbortMsg(who);
                case "RMAskOutcome" -> ((TwoPhaseCommitRecoverySystem) s).rmAskOutcome(who);
                case "RMCrash" -> ((TwoPhaseCommitRecoverySystem) s).rmCrash(who);
                case "RMRecover" -> ((TwoPhaseCommitRecoverySystem) s).rmRecover(who);
                case "TMRcvPrepared" -> s.tmRcvPrepared(w[2]);
                case "TMRcvQuery" -> ((TwoPhaseCommitRecoverySystem) s).tmRcvQuery(w[2]);
                case "TMCommit" -> s.tmCommit();
                case "TMAbort" -> s.tmAbort();
                case "TMCrash" -> ((TwoPhaseCommitRecoverySystem) s).tmCrash();
                case "TMRecover" -> ((TwoPhaseCommitRecoverySystem) s).tmRecover();
                default -> throw new IllegalArgumentException("unknown action in script: " + line);
            }
        }
        assertEquals(script.strip().lines().map(String::strip).toList(), s.simulation().trace().events(),
                "the run prints as its script");
        return s;
    }

    @Test
    void everyRmPreparesAndTheTmCommits() {
        TwoPhaseCommitSystem s = run(new TwoPhaseCommitSystem(RMS), """
                r1 RMPrepare
                r2 RMPrepare
                tm TMRcvPrepared r2
                r3 RMPrepare
                tm TMRcvPrepared r1
                tm TMRcvPrepared r3
                tm TMCommit
                r3 RMRcvCommitMsg
                r1 RMRcvCommitMsg
                r2 RMRcvCommitMsg
                """);
        assertEquals("{rmState={r1=committed, r2=committed, r3=committed}, tmState=committed, "
                + "tmPrepared=[r1, r2, r3], msgs=[{rm=r1, type=Prepared}, {rm=r2, type=Prepared}, "
                + "{rm=r3, type=Prepared}, {type=Commit}]}", s.abstraction().toString());
    }

    @Test
    void anRmThatAbortsAloneMakesTheTmAbort() {
        TwoPhaseCommitRecoverySystem s = run("""
                r1 RMPrepare
                r2 RMChooseToAbort
                tm TMRcvPrepared r1
                tm TMAbort
                r1 RMRcvAbortMsg
                r3 RMRcvAbortMsg
                """);
        assertEquals(Map.of("r1", "aborted", "r2", "aborted", "r3", "aborted"), s.abstraction().get("rmState"));
        assertEquals("aborted", s.abstraction().get("tmState"));
    }

    @Test
    void aDisabledActionIsRefusedLoudlyAndChangesNothing() {
        TwoPhaseCommitRecoverySystem s = run("""
                r1 RMPrepare
                r2 RMPrepare
                tm TMRcvPrepared r1
                """);
        Map<String, Object> before = s.abstraction();
        ActionRefused e = assertThrows(ActionRefused.class, s::tmCommit);
        assertEquals("TMCommit is not enabled: tm is init in tx 1, tmPrepared [r1]", e.getMessage());
        assertThrows(ActionRefused.class, () -> s.tmRcvPrepared("r1"));     // a duplicate receive is no step
        assertThrows(ActionRefused.class, () -> s.tmRcvPrepared("r3"));     // never sent
        assertThrows(ActionRefused.class, () -> s.rmRcvCommitMsg("r1"));    // never sent
        assertEquals(before, s.abstraction());
    }

    @Test
    void aPreparedRmAndTheTmCrashAroundTheCommitAndRecoverFromTheirLogs() {
        TwoPhaseCommitRecoverySystem s = run("""
                r1 RMPrepare
                r2 RMPrepare
                r3 RMPrepare
                tm TMRcvPrepared r1
                tm TMRcvPrepared r2
                tm TMRcvPrepared r3
                r2 RMCrash
                tm TMCommit
                tm TMCrash
                """);
        assertEquals("{rmState={r1=prepared, r2=prepared, r3=prepared}, tmState=committed, tmPrepared=[], "
                + "msgs=[{rm=r1, type=Prepared}, {rm=r2, type=Prepared}, {rm=r3, type=Prepared}, {type=Commit}], "
                + "rmLog={r1=prepared, r2=prepared, r3=prepared}, tmLog=committed, "
                + "rmUp={r1=true, r2=false, r3=true}, tmUp=false, crashes=2}", s.abstraction().toString());
        s.tmRecover();
        s.rmRecover("r2");
        s.rmAskOutcome("r2");
        assertThrows(ActionRefused.class, () -> s.tmRcvQuery("r2"));  // its answer, Commit, is in msgs already
        s.rmRcvCommitMsg("r2");
        assertEquals("committed", ((Map<?, ?>) s.abstraction().get("rmState")).get("r2"));
        assertEquals(Map.of("r1", "prepared", "r2", "committed", "r3", "prepared"), s.abstraction().get("rmLog"));
    }

    @Test
    void theCrashBoundIsKept() {
        TwoPhaseCommitRecoverySystem s = new TwoPhaseCommitRecoverySystem(RMS, 1);
        s.rmCrash("r1");
        ActionRefused e = assertThrows(ActionRefused.class, s::tmCrash);
        assertEquals("tm TMCrash is not enabled: all 1 crashes happened", e.getMessage());
    }

    @Test
    void aTmThatCrashesUndecidedPresumesAbort() {
        TwoPhaseCommitRecoverySystem s = run("""
                r1 RMPrepare
                r2 RMPrepare
                r3 RMPrepare
                tm TMRcvPrepared r1
                tm TMCrash
                tm TMRecover
                r1 RMAskOutcome
                tm TMRcvQuery r1
                r1 RMRcvAbortMsg
                """);
        assertEquals("aborted", s.abstraction().get("tmState"));
        assertEquals("aborted", ((Map<?, ?>) s.abstraction().get("rmState")).get("r1"));
    }

    @Test
    void aWorkingRmThatCrashesHasAborted() {
        TwoPhaseCommitRecoverySystem s = run("""
                r1 RMCrash
                r1 RMRecover
                """);
        assertEquals("aborted", ((Map<?, ?>) s.abstraction().get("rmState")).get("r1"));
        assertThrows(ActionRefused.class, () -> s.rmPrepare("r1"));
    }
}
