package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.Repo;
import ddm.conformance.cli.Main;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Coverage;
import ddm.conformance.snapshot.BrokenSnapshotProcesses;
import ddm.conformance.tlc.Model;
import ddm.snapshot.SnapshotSimulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Validation through TLC ({@link TlcValidator}) judges recorded traces as the in-process check against the enumerated
 * graph does: the same traces of ChandyLamport-Ring3, good and broken, get the same verdicts, failing steps, problems,
 * allowed actions and differences from the spec's state. On ChandyLamport-Complete4, which CI does not enumerate, runs of the runtime validate and a
 * seeded bug fails; and the CLI takes that model through TLC by itself.
 */
class TlcValidatorTest {

    private static TlcValidator tlc(Model m, Path work) throws Exception {
        return new TlcValidator(Repo.root(), m, work);
    }

    /** Records {@code n} runs (validated in process against {@code graph}) and returns the traces. */
    private static List<ItfTrace> record(StateGraph graph, SnapshotSimulation.ProcessFactory processes, int n)
            throws Exception {
        ValidateRuns v = new ValidateRuns(graph);
        SnapshotRuns.runs(v, processes, n, 1, 500);
        return v.traces();
    }

    @Test
    void tlcAndTheEnumeratedGraphGiveTheSameVerdicts() throws Exception {
        Model m = Explored.model("ChandyLamport-Ring3");
        Path work = Files.createTempDirectory("tlc-validate-ring3");
        StateGraph graph = ConformanceCheck.explore(Repo.root(), m, work.resolve("graph"));
        List<ItfTrace> traces = new ArrayList<>(record(graph, SnapshotRuns.STANDARD, 20));
        traces.addAll(record(graph, BrokenSnapshotProcesses.MARKERS_LATE, 5));
        traces.addAll(record(graph, BrokenSnapshotProcesses.NO_IN_FLIGHT, 20));
        Validator inProcess = new Validator(graph);
        int failed = 0;
        try (TlcValidator viaTlc = tlc(m, work.resolve("tlc"))) {
            for (ItfTrace t : traces) {
                Optional<Validator.Failure> a = inProcess.validate(t, null), b = viaTlc.validate(t, null);
                assertEquals(a.isPresent(), b.isPresent(), t.source() + ": " + a.map(Validator.Failure::report)
                        .orElse("passes in process") + " / " + b.map(Validator.Failure::report).orElse("passes via TLC"));
                if (a.isEmpty()) {
                    Map<String, Object> last = t.states().get(t.states().size() - 1);
                    assertEquals(inProcess.allowed(last), viaTlc.allowed(last), t.source());
                    continue;
                }
                failed++;
                assertEquals(a.get().step(), b.get().step(), b.get().report());
                assertEquals(a.get().action(), b.get().action(), b.get().report());
                // The graph also knows whether the recorded state is in the model at all; TLC is not asked that.
                assertTrue(a.get().problem().startsWith(b.get().problem()), a.get().report() + b.get().report());
                assertEquals(a.get().allowed(), b.get().allowed(), b.get().report());
                assertEquals(a.get().diff(), b.get().diff(), b.get().report());
            }
            assertEquals(inProcess.totals().steps(), viaTlc.totals().steps());
        }
        assertTrue(failed >= 5, "the seeded bugs failed only " + failed + " traces");
    }

    @Test
    void aFirstStateThatIsNotInitialFailsAtStepZero() throws Exception {
        Model m = Explored.model("ChandyLamport-Complete4");
        Path work = Files.createTempDirectory("tlc-validate-init");
        try (TlcValidator viaTlc = tlc(m, work)) {
            ValidateRuns v = new ValidateRuns(viaTlc, Coverage.byValue(OptionalLong.empty()));
            SnapshotRuns.runs(v, SnapshotRuns.STANDARD, 1, 7, 2000);
            ItfTrace t = v.traces().get(0);
            List<Map<String, Object>> later = t.states().subList(1, t.states().size());
            ItfTrace shifted = new ItfTrace("shifted", t.constants(), t.vars(), later,
                    t.stateJson().subList(1, t.states().size()), t.actions().subList(1, t.actions().size()));
            Validator.Failure f = viaTlc.validate(shifted, null).orElseThrow();
            assertEquals(0, f.step(), f.report());
            assertEquals("the first state is not an initial state of the model", f.problem());
        }
    }

    @Test
    void runsOnAModelTooLargeToEnumerateValidateAndASeededBugFails() throws Exception {
        Model m = Explored.model("ChandyLamport-Complete4");
        Path work = Files.createTempDirectory("tlc-validate-complete4");
        try (TlcValidator viaTlc = tlc(m, work)) {
            ValidateRuns.Result good = SnapshotRuns.runs(new ValidateRuns(viaTlc,
                    Coverage.byValue(m.distinctStates())), SnapshotRuns.STANDARD, 30, 1, 2000);
            assertTrue(good.passed(), good.summary() + good.failures().stream().map(Validator.Failure::report).toList());
            assertEquals(30, good.totals().traces(), good.summary());
            ValidateRuns.Result bad = SnapshotRuns.runs(new ValidateRuns(viaTlc,
                    Coverage.byValue(m.distinctStates())), BrokenSnapshotProcesses.MARKERS_LATE, 5, 1, 200);
            assertEquals(5, bad.failures().size(), bad.summary());
            for (Validator.Failure f : bad.failures()) {
                assertTrue(f.diff().stream().anyMatch(d -> d.startsWith("chan: spec ")), f.report());
                assertFalse(f.allowed().isEmpty(), f.report());
            }
        }
    }

    @Test
    void theCliChecksAModelTooLargeToEnumerateThroughTlc() {
        ValidateCliTest.Run run = ValidateCliTest.run("validate", "--root", Repo.root().toString(), "--model",
                "ChandyLamport-Complete4", "--runs", "10", "--seed", "5");
        assertEquals(Main.OK, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("checked through TLC"), run.out());
        assertTrue(run.out().contains("10 runs recorded per node, no lock: 10 runs, "), run.out());
        assertTrue(run.out().contains(" events, through TLC; "), run.out());
        assertTrue(run.out().contains("of the model's 212,749 states"), run.out());
        ValidateCliTest.Run locked = ValidateCliTest.run("validate", "--root", Repo.root().toString(), "--model",
                "ChandyLamport-Complete4", "--runs", "10", "--seed", "5", "--locked");
        assertEquals(Main.OK, locked.code(), locked.out() + locked.err());
        assertTrue(locked.out().contains("10 runs, 10 traces, "), locked.out());
    }
}
