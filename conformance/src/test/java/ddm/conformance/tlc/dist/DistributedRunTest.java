package ddm.conformance.tlc.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.ModelRunner;
import ddm.conformance.tlc.TlcRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLC's distributed mode through {@link DistributedRun}: a server JVM and worker JVMs on 127.0.0.1. The state count
 * of a distributed run is the single-JVM count the manifest holds (which {@code make tlc} checks with one JVM), a
 * violation is found and named, and no JVM outlives a run, also one that is interrupted.
 */
class DistributedRunTest {

    private static final Manifest MANIFEST = Manifest.read(Repo.root().resolve("specs/models.json"), Repo.root());

    private static Model model(String name) {
        return MANIFEST.byName(name).orElseThrow();
    }

    /** The TLC JVMs this JVM started that are still alive. */
    private static List<ProcessHandle> tlcJvms() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains(".tlc.dist."))
                .toList();
    }

    @AfterEach
    void noJvmIsLeft() {
        assertEquals(List.of(), tlcJvms(), "a server or worker JVM outlived its run");
    }

    @Test
    void twoWorkersFindTheSingleJvmStateCount(@TempDir Path tmp) throws Exception {
        // TwoPhaseRecovery-3-sym: symmetry reduction, which the workers apply as they fingerprint states.
        Model m = model("TwoPhaseRecovery-3-sym");
        TlcRun.Result r = DistributedRun.run(m, Repo.root(), tmp.resolve("run"), DistributedRun.Settings.local(2, 60_000));
        ModelRunner.Outcome o = ModelRunner.judgeDistributed(m, r);
        assertTrue(o.ok(), o.problems() + " (log " + r.log() + ")");
        assertEquals(0, r.exitCode());
        assertEquals(m.distinctStates(), r.distinctStates());
        String server = Files.readString(r.log());
        // The states came from workers (the server computes none past the initial ones); how many of the two joined
        // before the end is the machine's timing (a loaded one may start the second after the first has finished).
        assertTrue(server.split("Registration for worker", -1).length - 1 >= 1, "no worker took part:\n" + server);
    }

    @Test
    void aViolationIsFoundAndNamed(@TempDir Path tmp) throws Exception {
        Model m = model("TwoPhase-3-commit-on-majority");
        TlcRun.Result r = DistributedRun.run(m, Repo.root(), tmp.resolve("run"), DistributedRun.Settings.local(1, 60_000));
        assertEquals(12, r.exitCode(), "log " + r.log());
        assertEquals(Optional.of("Consistency"), r.violated());
        assertTrue(ModelRunner.judgeDistributed(m, r).ok());
        // Judged as the pass model it is not, the same run fails.
        Model claimsPass = new Model(m.name(), m.module(), m.config(), Model.Expect.PASS, m.tier(), OptionalLong.empty(),
                Optional.empty(), 1, "", Optional.empty(), Optional.empty());
        assertEquals(List.of("expected pass, TLC reported safety (Consistency)"),
                ModelRunner.judgeDistributed(claimsPass, r).problems());
    }

    @Test
    void anInterruptedRunStopsEveryJvm(@TempDir Path tmp) throws Exception {
        Model m = model("PaxosCommit-2x3"); // runs long enough to be interrupted while workers work
        Path run = tmp.resolve("run");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                DistributedRun.run(m, Repo.root(), run, DistributedRun.Settings.local(2, 60_000));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Path log = run.resolve("tlc.log");
        for (int i = 0; i < 1200 && t.isAlive(); i++) { // at most 120 s for both workers to register
            if (Files.exists(log) && Files.readString(log).split("Registration for worker", -1).length > 2) break;
            Thread.sleep(100);
        }
        assertTrue(t.isAlive(), "the run ended before it could be interrupted: " + thrown.get());
        assertEquals(3, tlcJvms().size(), "a server and two workers run");
        t.interrupt();
        t.join(60_000);
        assertFalse(t.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, "got " + thrown.get());
    }

    /** A server that cannot parse its spec ends at once; the workers waiting for it are stopped, not left behind. */
    @Test
    void aServerThatFailsLeavesNoWorkerBehind(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("s"));
        Files.writeString(tmp.resolve("s/M.tla"), "---- MODULE M ----\nVARIABLE x\nInit == x = \n====\n");
        Files.writeString(tmp.resolve("s/M.cfg"), "INIT Init\n");
        Model m = new Model("M", "s/M.tla", "s/M.cfg", Model.Expect.PASS, Model.Tier.CI, OptionalLong.of(1),
                Optional.empty(), 1, "", Optional.empty(), Optional.empty());
        TlcRun.Result r = DistributedRun.run(m, tmp, tmp.resolve("run"), DistributedRun.Settings.local(2, 60_000));
        assertEquals(255, r.exitCode(), "log " + r.log());
        assertFalse(ModelRunner.judgeDistributed(m, r).ok());
    }

    @Test
    void aConfigOutsideTheModulesFolderIsBadInput(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("b"));
        Files.writeString(tmp.resolve("a/M.tla"), "---- MODULE M ----\n====\n");
        Files.writeString(tmp.resolve("b/M.cfg"), "\n");
        Model m = new Model("M", "a/M.tla", "b/M.cfg", Model.Expect.PASS, Model.Tier.CI, OptionalLong.of(1),
                Optional.empty(), 1, "", Optional.empty(), Optional.empty());
        var e = org.junit.jupiter.api.Assertions.assertThrows(ddm.conformance.BadInputException.class,
                () -> DistributedRun.run(m, tmp, tmp.resolve("run"), DistributedRun.Settings.local(1, 60_000)));
        assertTrue(e.getMessage().contains("config in the module's folder"), e.getMessage());
    }

    @Test
    void readsTheVerdictOffTheServerAndTheWorkers() {
        Path log = Path.of("tlc.log");
        String ok = "Model checking completed. No error has been found.\n"
                + "1,234 states generated, 288 distinct states found, 0 states left on queue.\n"
                + "The depth of the complete state graph search is 11.\n";
        TlcRun.Result pass = DistributedRun.parse(0, ok, List.of(""), 1, log);
        assertEquals(0, pass.exitCode());
        assertEquals(OptionalLong.of(288), pass.distinctStates());
        assertEquals(OptionalLong.of(11), pass.depth());

        String stopped = "Error: The behavior up to this point is:\n9 states generated, 7 distinct states found, "
                + "2 states left on queue.\n";
        TlcRun.Result inv = DistributedRun.parse(0, stopped,
                List.of("", WorkerMain.FOUND + "Error: Invariant Consistency is violated.\n"), 1, log);
        assertEquals(12, inv.exitCode());
        assertEquals(Optional.of("Consistency"), inv.violated());
        assertEquals(OptionalLong.empty(), inv.depth());

        TlcRun.Result action = DistributedRun.parse(0, stopped,
                List.of(WorkerMain.FOUND + "Error: Implied-action AbsSpec is violated.\n"), 1, log);
        assertEquals(Optional.of("AbsSpec"), action.violated());

        TlcRun.Result deadlock = DistributedRun.parse(0, stopped, List.of(WorkerMain.FOUND + "Error: deadlock reached."),
                1, log);
        assertEquals(11, deadlock.exitCode());

        assertEquals(255, DistributedRun.parse(0, "Parsing file X\n", List.of(), 1, log).exitCode());
        assertEquals(3, DistributedRun.parse(3, "", List.of(), 1, log).exitCode());
    }

    @Test
    void deadlockCheckingIsReadFromTheConfig(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("M.cfg");
        Files.writeString(cfg, "\\* CHECK_DEADLOCK FALSE in a comment\nSPECIFICATION Spec\n");
        assertTrue(CfgFacts.checksDeadlock(cfg));
        Files.writeString(cfg, "(* CHECK_DEADLOCK FALSE *)\nSPECIFICATION Spec\n");
        assertTrue(CfgFacts.checksDeadlock(cfg));
        Files.writeString(cfg, "SPECIFICATION Spec\n  CHECK_DEADLOCK   FALSE\n");
        assertFalse(CfgFacts.checksDeadlock(cfg));
    }
}
