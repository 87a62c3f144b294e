package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.ActionRefused;
import ddm.commit.DurableRecord;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import ddm.conformance.commit.BrokenCommit;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.replay.Coverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recorder on nodes driven by hand, on one thread, so that every recorded step and state is known: labels,
 * parameters, the abstraction after each step, refusals recording nothing, a broken node's override calling
 * {@code super} recording one step, and nodes outside the recording left alone. And the validator's report on a
 * tampered trace.
 */
class RecorderTest {

    static final List<String> RMS = List.of("r1", "r2", "r3");
    static StateGraph graph;

    @BeforeAll
    static void setUp() throws Exception {
        graph = Explored.graph();
        CommitRecorder.advise();
    }

    /** The nodes of one recorded "run", driven by the test. */
    record Run(CommitRecorder recorder, TransactionManager tm, Map<String, ResourceManager> rm) {
        static Run of(Nodes base) {
            CommitRecorder rec = new CommitRecorder(RMS);
            Nodes nodes = rec.nodes(base);
            Map<String, ResourceManager> rms = new LinkedHashMap<>();
            TransactionManager tm = nodes.tm().apply(RMS);
            RMS.forEach(r -> rms.put(r, nodes.rm().apply(r)));
            return new Run(rec, tm, rms);
        }

        List<ItfTrace> record(Runnable steps) {
            Recording.start(recorder);
            try {
                steps.run();
            } finally {
                Recording.stop(recorder);
            }
            return recorder.traces(graph.constants(), "by hand");
        }
    }

    static List<String> labels(ItfTrace t) {
        return t.actions().stream().map(Label::toString).toList();
    }

    static ItfTrace byHand() {
        Run run = Run.of(Nodes.STANDARD);
        TransactionManager tm = run.tm();
        Map<String, ResourceManager> rm = run.rm();
        List<ItfTrace> traces = run.record(() -> {
            tm.begin(1);
            rm.values().forEach(r -> r.begin(1));
            rm.get("r1").rmPrepare(1);
            tm.tmRcvPrepared(1, "r1");
            assertThrows(ActionRefused.class, () -> tm.tmCommit(1));   // refused: no step
            rm.get("r2").rmPrepare(1);
            rm.get("r3").rmChooseToAbort(1);
            tm.tmAbort(1);
            rm.get("r1").rmAskOutcome(1);
            tm.tmRcvQuery(1, "r1");                                   // Abort already sent: a stutter
            rm.get("r1").rmRcvAbortMsg(1);
            rm.get("r2").rmRcvAbortMsg(1);
        });
        assertEquals(1, traces.size());
        return traces.get(0);
    }

    @Test
    void eachActionIsOneStepWithItsParametersAndTheStateAfterIt() {
        ItfTrace t = byHand();
        assertEquals(List.of("RMPrepare(rm = \"r1\")", "TMRcvPrepared(rm = \"r1\")", "RMPrepare(rm = \"r2\")",
                "RMChooseToAbort(rm = \"r3\")", "TMAbort", "RMAskOutcome(rm = \"r1\")", "TMRcvQuery(rm = \"r1\")",
                "RMRcvAbortMsg(rm = \"r1\")", "RMRcvAbortMsg(rm = \"r2\")"), labels(t));
        assertTrue(graph.initial().stream().anyMatch(i -> graph.states().get(i).equals(t.states().get(0))),
                "the first state is the spec's Init");
        Map<String, Object> afterPrepare = t.states().get(1);
        assertEquals(Map.of("r1", "prepared", "r2", "none", "r3", "none"), afterPrepare.get("rmLog"));
        assertEquals(Set.of(Map.of("type", "Prepared", "rm", "r1")), afterPrepare.get("msgs"));
        assertEquals(Set.of("r1"), t.states().get(2).get("tmPrepared"));
        Map<String, Object> last = t.states().get(t.states().size() - 1);
        assertEquals(Map.of("r1", "aborted", "r2", "aborted", "r3", "aborted"), last.get("rmState"));
        assertEquals(Map.of("r1", "aborted", "r2", "aborted", "r3", "none"), last.get("rmLog"));
        assertEquals(t.states().get(6), t.states().get(7), "the second answer changes nothing");

        Validator v = new Validator(graph);
        assertEquals(Optional.empty(), v.validate(t, new Coverage(graph)).map(Validator.Failure::report));
        assertEquals(new Validator.Totals(1, 9, 1, 0), v.totals());
    }

    @Test
    void aBrokenOverrideCallingSuperIsOneStepWithTheOverridesResult() {
        Run run = Run.of(BrokenCommit.rm(BrokenCommit.VotesWithoutForce::new));
        ItfTrace t = run.record(() -> {
            run.tm().begin(1);
            run.rm().values().forEach(r -> r.begin(1));
            run.rm().get("r2").rmPrepare(1);
        }).get(0);
        assertEquals(List.of("RMPrepare(rm = \"r2\")"), labels(t));
        assertEquals("none", ((Map<?, ?>) t.states().get(1).get("rmLog")).get("r2"), "the vote was not forced");
        Validator.Failure f = new Validator(graph).validate(t, null).orElseThrow();
        assertEquals(1, f.step());
        assertTrue(f.diff().contains("rmLog: spec [r1 |-> \"none\", r2 |-> \"prepared\", r3 |-> \"none\"], "
                + "recorded [r1 |-> \"none\", r2 |-> \"none\", r3 |-> \"none\"]"), f.report());
    }

    /**
     * A crash names no transaction: it is a step of each one, with the down node at its log's image (r1 prepared in
     * tx 1, whose vote it forced; aborted in tx 2, whose work it lost); recovery brings back what the log holds. Every
     * step is the spec's until a crash beyond MaxCrashes (2), which the spec does not allow.
     */
    @Test
    void aCrashIsAStepOfEveryTransactionAndTheDownNodeIsItsLogsImage() {
        Run run = Run.of(Nodes.STANDARD);
        TransactionManager tm = run.tm();
        Map<String, ResourceManager> rm = run.rm();
        List<ItfTrace> traces = run.record(() -> {
            for (long tx = 1; tx <= 2; tx++) {
                tm.begin(tx);
                for (ResourceManager r : rm.values()) r.begin(tx);
            }
            rm.get("r1").rmPrepare(1);
            rm.get("r1").rmCrash();
            rm.get("r1").rmRecover(List.of(new DurableRecord.Prepared(1)));   // what its log holds
            tm.tmCrash();
            tm.tmRecover(List.of());
            rm.get("r2").rmCrash();                                           // a third crash
        });
        assertEquals(2, traces.size());
        ItfTrace t1 = traces.get(0), t2 = traces.get(1);
        assertEquals(List.of("RMPrepare(rm = \"r1\")", "RMCrash(rm = \"r1\")", "RMRecover(rm = \"r1\")", "TMCrash",
                "TMRecover", "RMCrash(rm = \"r2\")"), labels(t1));
        assertEquals(labels(t1).subList(1, 6), labels(t2));
        Map<String, Object> down1 = t1.states().get(2), down2 = t2.states().get(1);
        assertEquals("prepared", ((Map<?, ?>) down1.get("rmState")).get("r1"));
        assertEquals("aborted", ((Map<?, ?>) down2.get("rmState")).get("r1"));
        assertEquals(false, ((Map<?, ?>) down1.get("rmUp")).get("r1"));
        assertEquals(1L, down1.get("crashes"));
        assertEquals("prepared", ((Map<?, ?>) t1.states().get(3).get("rmState")).get("r1"));
        assertEquals("aborted", t1.states().get(4).get("tmState"), "a TM without a commit record is aborted");
        assertEquals(2L, t2.states().get(4).get("crashes"));
        for (ItfTrace t : traces) {
            Validator.Failure f = new Validator(graph).validate(t, null).orElseThrow();
            assertEquals(t.steps(), f.step(), f.report());
            assertTrue(f.problem().startsWith("the spec does not allow RMCrash(rm = \"r2\") from the state before it"),
                    f.report());
        }
    }

    @Test
    void nodesOutsideTheRecordingAreNeitherLockedNorRecorded() {
        Run recorded = Run.of(Nodes.STANDARD);
        TransactionManager stranger = new TransactionManager(RMS);
        List<ItfTrace> traces = recorded.record(() -> {
            stranger.begin(1);
            stranger.tmAbort(1);
        });
        assertEquals(List.of(), traces);
        assertEquals(0, recorded.recorder().steps());
    }

    @Test
    void aTamperedTraceFailsAtItsFirstBadStepNamingWhatTheSpecAllowed() {
        ItfTrace t = byHand();
        List<Label> actions = new ArrayList<>(t.actions());
        actions.set(1, Label.of("TMCommit"));              // the TM's second step relabelled
        ItfTrace tampered = new ItfTrace("tampered", t.constants(), t.vars(), t.states(), t.stateJson(), actions);
        Validator.Failure f = new Validator(graph).validate(tampered, null).orElseThrow();
        assertEquals(2, f.step(), f.report());
        assertEquals("the spec does not allow TMCommit from the state before it", f.problem());
        List<String> allowed = f.allowed().stream().map(Label::toString).toList();
        assertTrue(allowed.contains("TMRcvPrepared(rm = \"r1\")") && allowed.contains("TMAbort")
                && !allowed.contains("TMCommit"), allowed.toString());
    }
}
