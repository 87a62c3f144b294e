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

    /** Runs a script (one event label per line, as the simulator prints them) on a fresh one-transaction system. */
    static TwoPhaseCommitSystem run(String script) {
        TwoPhaseCommitSystem s = new TwoPhaseCommitSystem(RMS);
        for (String line : script.strip().split("\n")) {
            String[] w = line.strip().split(" ");
            String who = w[0];
            String action = w[1];
            switch (action) {
                case "RMPrepare" -> s.rmPrepare(who);
                case "RMChooseToAbort" -> s.rmChooseToAbort(who);
                case "RMRcvCommitMsg" -> s.rmRcvCommitMsg(who);
                case "RMRcvAbortMsg" -> s.rmRcvAbortMsg(who);
                case "RMAskOutcome" -> s.rmAskOutcome(who);
                case "RMCrash" -> s.rmCrash(who);
                case "RMRecover" -> s.rmRecover(who);
                case "TMRcvPrepared" -> s.tmRcvPrepared(w[2]);
                case "TMRcvQuery" -> s.tmRcvQuery(w[2]);
                case "TMCommit" -> s.tmCommit();
                case "TMAbort" -> s.tmAbort();
                case "TMCrash" -> s.tmCrash();
                case "TMRecover" -> s.tmRecover();
                default -> throw new IllegalArgumentException("unknown action in script: " + line);
            }
        }
        assertEquals(script.strip().lines().map(String::strip).toList(), s.simulation().trace().events(),
                "the run prints as its script");
        return s;
    }

    @Test
    void everyRmPreparesAndTheTmCommits() {
        TwoPhaseCommitSystem s = run("""
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
        TwoPhaseCommitSystem s = run("""
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
        TwoPhaseCommitSystem s = run("""
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
    void aPreparedRmThatCrashesRecoversPreparedAndLearnsTheOutcomeByAsking() {
        TwoPhaseCommitSystem s = run("""
                r1 RMPrepare
                r2 RMPrepare
                r3 RMPrepare
                tm TMRcvPrepared r1
                tm TMRcvPrepared r2
                tm TMRcvPrepared r3
                r2 RMCrash
                tm TMCommit
                tm TMCrash
                tm TMRecover
                r2 RMRecover
                r2 RMAskOutcome
                tm TMRcvQuery r2
                r2 RMRcvCommitMsg
                """);
        assertEquals("committed", ((Map<?, ?>) s.abstraction().get("rmState")).get("r2"));
        assertEquals("committed", s.abstraction().get("tmState"));
    }

    @Test
    void aTmThatCrashesUndecidedPresumesAbort() {
        TwoPhaseCommitSystem s = run("""
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
        TwoPhaseCommitSystem s = run("""
                r1 RMCrash
                r1 RMRecover
                """);
        assertEquals("aborted", ((Map<?, ?>) s.abstraction().get("rmState")).get("r1"));
        assertThrows(ActionRefused.class, () -> s.rmPrepare("r1"));
    }
}
