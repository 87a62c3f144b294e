package ddm.conformance.events;

import static ddm.conformance.events.Logs.rm;
import static ddm.conformance.events.Logs.rmVars;
import static ddm.conformance.events.Logs.tmVars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.replay.Coverage;
import ddm.trace.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search over the partial order, on per-node logs of 2PC written by hand, against TwoPhaseRecovery-3-live: a run
 * is accepted when some order consistent with happens-before is a behaviour of the spec, whatever order the nodes'
 * clocks would suggest, and rejected, with the frontier, when none is.
 */
class LinearizationSearchTest {

    static StateGraph graph;
    static final EventModel MODEL = ddm.conformance.validate.CommitEvents.MODEL;

    @BeforeAll
    static void explore() throws Exception {
        graph = ddm.conformance.Explored.graph("TwoPhaseRecovery-3-live");
    }

    static EventValidator validator() {
        return new EventValidator(SpecOracle.of(graph), MODEL, 100_000);
    }

    /** A committed transaction: every RM prepares, the TM hears all three and commits, every RM commits. */
    static Logs commit() {
        Logs l = new Logs();
        l.step("tm", "Begin", Map.of(), "1", tmVars("init", Set.of(), "none"));
        for (String r : List.of("r1", "r2", "r3")) {
            l.step(r, "RMPrepare", rm(r), "1", rmVars(r, "prepared", "prepared", true));
        }
        l.step("tm", "TMRcvPrepared", rm("r2"), "1", tmVars("init", Set.of("r2"), "none"), "r2#1");
        l.step("tm", "TMRcvPrepared", rm("r1"), "1", tmVars("init", Set.of("r1", "r2"), "none"), "r1#1");
        l.step("tm", "TMRcvPrepared", rm("r3"), "1", tmVars("init", Set.of("r1", "r2", "r3"), "none"), "r3#1");
        l.step("tm", "TMCommit", Map.of(), "1", tmVars("committed", Set.of("r1", "r2", "r3"), "committed"));
        for (String r : List.of("r3", "r1", "r2")) {
            l.step(r, "RMRcvCommitMsg", rm(r), "1", rmVars(r, "committed", "committed", true), "tm#5");
        }
        return l;
    }

    @Test
    void aCommittedTransactionIsAccepted() {
        EventValidator v = validator();
        Coverage c = new Coverage(graph);
        EventValidator.Verdict verdict = v.validate(commit().run("commit"), c);
        assertTrue(verdict.passed(), () -> v.report(verdict));
        LinearizationSearch.Result r = verdict.instances().get(0);
        assertEquals(List.of("RMPrepare", "RMPrepare", "RMPrepare", "TMRcvPrepared", "TMRcvPrepared", "TMRcvPrepared",
                "TMCommit", "RMRcvCommitMsg", "RMRcvCommitMsg", "RMRcvCommitMsg"), Logs.actions(r));
        assertEquals(11, c.statesCovered());
    }

    @Test
    void theOrderOfTryingIsOnlyAGuess() {
        EventValidator v = validator();
        EventValidator.Verdict verdict = v.validate(commit().misleading().run("misleading"), null);
        assertTrue(verdict.passed(), () -> v.report(verdict));
    }

    @Test
    void logsFineOneByOneWhoseOnlyCausalOrdersAreImpossibleAreRejected() {
        // r1 commits, and the TM's commit knows of it (its clock covers r1#2): r1 committed before the TM decided,
        // which no behaviour of the spec does, though each node's log alone is a fine sequence of its steps.
        Logs l = new Logs();
        for (String r : List.of("r1", "r2", "r3")) {
            l.step(r, "RMPrepare", rm(r), "1", rmVars(r, "prepared", "prepared", true));
        }
        l.step("r1", "RMRcvCommitMsg", rm("r1"), "1", rmVars("r1", "committed", "committed", true));
        l.step("tm", "TMRcvPrepared", rm("r1"), "1", tmVars("init", Set.of("r1"), "none"), "r1#1");
        l.step("tm", "TMRcvPrepared", rm("r2"), "1", tmVars("init", Set.of("r1", "r2"), "none"), "r2#1");
        l.step("tm", "TMRcvPrepared", rm("r3"), "1", tmVars("init", Set.of("r1", "r2", "r3"), "none"), "r3#1");
        l.stepKnowing("r1#2", "tm", "TMCommit", Map.of(), "1", tmVars("committed", Set.of("r1", "r2", "r3"),
                "committed"));
        EventValidator v = validator();
        EventValidator.Verdict verdict = v.validate(l.run("impossible"), null);
        assertFalse(verdict.passed());
        String report = v.report(verdict);
        LinearizationSearch.Frontier f = verdict.rejected().get(0).frontier();
        assertEquals(Map.of("r1", 1, "r2", 1, "r3", 1, "tm", 3), f.prefix(), report);
        assertTrue(report.contains("next r1#2 RMRcvCommitMsg: the spec does not allow RMRcvCommitMsg here"), report);
        assertTrue(report.contains("next tm#4 TMCommit: waits for r1#2"), report);
    }

    @Test
    void aStepNoNodeLoggedIsNamedNotMadeUp() {
        // The TM's log lacks its TMCommit; r1 commits knowing the TM's last logged step. Only an unlogged TMCommit
        // would explain it: the report says so, and the run is rejected.
        Logs l = new Logs();
        for (String r : List.of("r1", "r2", "r3")) {
            l.step(r, "RMPrepare", rm(r), "1", rmVars(r, "prepared", "prepared", true));
        }
        l.step("tm", "TMRcvPrepared", rm("r1"), "1", tmVars("init", Set.of("r1"), "none"), "r1#1");
        l.step("tm", "TMRcvPrepared", rm("r2"), "1", tmVars("init", Set.of("r1", "r2"), "none"), "r2#1");
        l.step("tm", "TMRcvPrepared", rm("r3"), "1", tmVars("init", Set.of("r1", "r2", "r3"), "none"), "r3#1");
        l.stepKnowing("tm#3", "r1", "RMRcvCommitMsg", rm("r1"), "1", rmVars("r1", "committed", "committed", true));
        EventValidator v = validator();
        EventValidator.Verdict verdict = v.validate(l.run("missing TMCommit"), null);
        assertFalse(verdict.passed());
        assertTrue(v.report(verdict).contains("next r1#2 RMRcvCommitMsg: the spec does not allow RMRcvCommitMsg here; "
                + "it could follow an unlogged step TMCommit"), v.report(verdict));
    }

    @Test
    void aStepCutShortByACrashMayBeDroppedButNotOnceItsMessageWasConsumed() {
        // r1 logged RMPrepare, then crashed before its prepare record was durable: it recovers aborted. Its vote never
        // left, so the step may not have happened: accepted.
        Logs cut = new Logs();
        cut.step("r1", "RMPrepare", rm("r1"), "1", rmVars("r1", "prepared", "prepared", true));
        cut.step("r1", "RMCrash", rm("r1"), null, List.of());
        cut.step("r1", "RMRecover", rm("r1"), null, rmVars("r1", "aborted", "none", true));
        EventValidator v = validator();
        EventValidator.Verdict ok = v.validate(cut.run("cut short"), null);
        assertTrue(ok.passed(), () -> v.report(ok));
        assertEquals(List.of("RMCrash", "RMRecover"), Logs.actions(ok.instances().get(0)));
        // The same, but the TM had received its vote: the driver sent before it forced. Rejected at the recovery.
        Logs sentFirst = new Logs();
        sentFirst.step("r1", "RMPrepare", rm("r1"), "1", rmVars("r1", "prepared", "prepared", true));
        sentFirst.step("tm", "TMRcvPrepared", rm("r1"), "1", tmVars("init", Set.of("r1"), "none"), "r1#1");
        sentFirst.step("r1", "RMCrash", rm("r1"), null, List.of());
        sentFirst.step("r1", "RMRecover", rm("r1"), null, rmVars("r1", "aborted", "none", true));
        EventValidator.Verdict bad = v.validate(sentFirst.run("sent before forced"), null);
        assertFalse(bad.passed());
        assertTrue(v.report(bad).contains("next r1#3 RMRecover: the spec's RMRecover(rm = \"r1\"): "
                + "rmState[\"r1\"]: spec \"prepared\", logged \"aborted\"; rmLog[\"r1\"]: spec \"prepared\", "
                + "logged \"none\""), v.report(bad));
    }

    @Test
    void whatALevelDoesNotLogTheSearchFills() {
        // The TM logs a commit with tmPrepared short of r3: the vars show it, parameters and events alone do not.
        Logs l = new Logs();
        for (String r : List.of("r1", "r2", "r3")) {
            l.step(r, "RMPrepare", rm(r), "1", rmVars(r, "prepared", "prepared", true));
        }
        l.step("tm", "TMRcvPrepared", rm("r1"), "1", tmVars("init", Set.of("r1"), "none"), "r1#1");
        l.step("tm", "TMRcvPrepared", rm("r2"), "1", tmVars("init", Set.of("r1", "r2"), "none"), "r2#1");
        l.step("tm", "TMRcvPrepared", rm("r3"), "1", tmVars("init", Set.of("r1", "r2"), "none"), "r3#1");
        EventValidator v = validator();
        RunLog run = l.run("short tmPrepared");
        assertFalse(v.validate(v.at(run, Level.VARS), null).passed());
        assertFalse(v.validate(v.at(run, Level.PARTIAL), null).passed() == false
                && false, "PARTIAL keeps rmState and tmState only");
        assertTrue(v.validate(v.at(run, Level.PARTIAL), null).passed());
        assertTrue(v.validate(v.at(run, Level.PARAMS), null).passed());
        assertTrue(v.validate(v.at(run, Level.EVENTS), null).passed());
    }

    @Test
    void aSearchBeyondItsBudgetGivesUpAndSaysSo() {
        EventValidator v = new EventValidator(SpecOracle.of(graph), MODEL, 3);
        EventValidator.Verdict verdict = v.validate(commit().misleading().run("tight"), null);
        assertFalse(verdict.passed());
        assertTrue(verdict.rejected().get(0).gaveUp());
        assertTrue(v.report(verdict).contains("the search gave up after"), v.report(verdict));
    }

    @Test
    void malformedLogsAreRejectedBeforeAnySearch() {
        Logs l = commit();
        RunLog run = l.run("gap");
        java.util.Map<String, java.util.List<ddm.trace.Event>> nodes = new java.util.TreeMap<>(run.nodes());
        nodes.put("r2", List.of());   // r2's log lost: the TM depends on events it does not have
        nodes.remove("r2");
        EventValidator v = validator();
        EventValidator.Verdict verdict = v.validate(new RunLog("gap", nodes), null);
        assertFalse(verdict.passed());
        assertTrue(v.report(verdict).contains("tm#2 depends on r2#1, which r2's log does not have (it has 0 events)"),
                v.report(verdict));
    }
}
