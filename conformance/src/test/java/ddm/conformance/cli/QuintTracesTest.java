package ddm.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ddm.conformance.Protocols;
import ddm.conformance.Repo;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Vocabulary;
import ddm.conformance.replay.Divergence;
import ddm.conformance.replay.Replayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces that real Quint writes ({@code quint run --mbt --out-itf}, Quint 0.33.1 as {@code make quint} installs it)
 * of specs/commit/quint/TwoPhaseCommit.qnt, mapped by twophase.map.json and replayed against the Java code: every
 * trace of the spec conforms, and the traces of its broken twin (TwoPhaseCommitMajority.qnt, a TM that commits on a
 * majority) diverge exactly where that TM commits without every vote. Quint runs here, in this test, so the test
 * fails (rather than passes on nothing) when Quint is not installed or does not run.
 */
class QuintTracesTest {

    static final Path ROOT = Repo.root();
    static final Path QUINT = ROOT.resolve("build/quint/node_modules/.bin/quint");
    static final Path SPECS = ROOT.resolve("specs/commit/quint");
    static final Path MAP = SPECS.resolve("twophase.map.json");
    static final int TRACES = 20;

    @TempDir
    static Path dir;
    static List<Path> good;
    static List<Path> broken;

    @BeforeAll
    static void generate() throws Exception {
        assertTrue(Files.isExecutable(QUINT), "Quint is not installed at " + QUINT + ": run make quint");
        // Three Quint runs at once (one node process each, bounded in time), then every one of them waited for.
        List<Generation> runs = List.of(
                new Generation("TwoPhaseCommit.qnt", "TwoPC3", "step", "timeout", true),
                new Generation("TwoPhaseCommit.qnt", "TwoPC3", "stepPatient", "patient", true),
                new Generation("TwoPhaseCommitMajority.qnt", "TwoPC3Majority", "stepPatient", "majority", false));
        List<Process> started = new ArrayList<>();
        try {
            for (Generation g : runs) started.add(g.start());
            for (int i = 0; i < runs.size(); i++) runs.get(i).await(started.get(i));
        } finally {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        good = Stream.concat(runs.get(0).files().stream(), runs.get(1).files().stream()).toList();
        broken = runs.get(2).files();
    }

    /**
     * One {@code quint run}: a model module, its step, and a fixed seed, so the traces are the same every time. The
     * spec's own runs also check its invariant (the broken twin's would stop at the first violation).
     */
    record Generation(String spec, String main, String step, String name, boolean consistent) {
        Path out() {
            return dir.resolve(name);
        }

        Process start() throws IOException {
            Files.createDirectories(out());
            List<String> cmd = new ArrayList<>(List.of(QUINT.toString(), "run", "--backend", "typescript", "--mbt",
                    "--main", main, "--step", step, "--seed", "1", "--max-steps", "20", "--n-traces", "" + TRACES,
                    "--max-samples", "" + TRACES, "--verbosity", "1",
                    "--out-itf", out().resolve(name + "-{seq}.itf.json").toString()));
            if (consistent) cmd.addAll(List.of("--invariant", "consistency"));
            cmd.add(SPECS.resolve(spec).toString());
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        }

        void await(Process p) throws Exception {
            if (!p.waitFor(180, TimeUnit.SECONDS)) fail("quint run " + spec + " did not finish in 180 s");
            String log = Files.readString(dir.resolve(name + ".log"));
            assertEquals(0, p.exitValue(), "quint run " + spec + " --main " + main + " --step " + step + ":\n" + log);
        }

        List<Path> files() throws IOException {
            try (Stream<Path> s = Files.list(out())) {
                List<Path> l = s.sorted().toList();
                assertEquals(TRACES, l.size(), "quint run " + spec + " wrote " + l);
                return l;
            }
        }
    }

    static final Vocabulary VOCABULARY = Vocabulary.read(MAP);

    @Test
    void quintWritesTheEnvelopeReplayMustAccept() throws IOException {
        JsonNode t = new ObjectMapper().readTree(good.get(0).toFile());
        List<String> vars = new ArrayList<>();
        t.get("vars").forEach(v -> vars.add(v.asText()));
        assertEquals(List.of("TwoPC3::TwoPC::rmState", "TwoPC3::TwoPC::tmState", "TwoPC3::TwoPC::tmPrepared",
                "TwoPC3::TwoPC::msgs", "mbt::actionTaken", "mbt::nondetPicks"), vars);
    }

    @Test
    void everyTraceOfTheSpecConformsAndTogetherTheyTakeEveryAction() {
        ConformanceCliTest.Run r = replay(good);
        assertEquals(Main.OK, r.code(), r.out());
        assertTrue(r.out().contains(good.size() + " passed, 0 failed"), r.out());
        Set<String> taken = new TreeSet<>();
        for (Path f : good) ItfTrace.read(f, VOCABULARY).actions().forEach(l -> taken.add(l.action()));
        assertEquals(new TreeSet<>(List.of("RMChooseToAbort", "RMPrepare", "RMRcvAbortMsg", "RMRcvCommitMsg",
                "TMAbort", "TMCommit", "TMRcvPrepared")), taken);
    }

    @Test
    void theBrokenTwinsTracesDivergeWhereTheTmCommitsOnAMajority() {
        Replayer replayer = new Replayer(Protocols.byName("twophase").replayAdapter());
        int diverged = 0;
        for (Path f : broken) {
            ItfTrace t = ItfTrace.read(f, VOCABULARY);
            Optional<Divergence> d = replayer.replay(t);
            int majorityCommit = firstCommitWithoutEveryVote(t);
            if (majorityCommit < 0) {
                assertTrue(d.isEmpty(), f + ": the TM committed on every vote, so the trace conforms: " + d);
                continue;
            }
            diverged++;
            assertTrue(d.isPresent(), f + ": the TM commits on a majority at step " + majorityCommit + ", yet it replayed");
            assertEquals(majorityCommit, d.get().step(), d.get().report());
            assertEquals(Optional.of(Label.of("TMCommit")), d.get().action(), d.get().report());
            assertTrue(d.get().problem().startsWith("the implementation refused the step"), d.get().report());
        }
        assertTrue(diverged >= 5, "with seed 1 most broken traces commit on a majority; " + diverged + " did");
        assertEquals(Main.CHECK_FAILED, replay(broken).code());
    }

    /** The step (1-based) at which the TM commits having fewer votes than there are RMs, or -1. */
    static int firstCommitWithoutEveryVote(ItfTrace t) {
        int rms = ((java.util.Map<?, ?>) t.states().get(0).get("rmState")).size();
        for (int i = 0; i < t.steps(); i++) {
            if (t.actions().get(i).action().equals("TMCommit") && ((Set<?>) t.states().get(i).get("tmPrepared")).size() < rms) {
                return i + 1;
            }
        }
        return -1;
    }

    static ConformanceCliTest.Run replay(List<Path> files) {
        List<String> args = new ArrayList<>(List.of("replay", "--protocol", "twophase", "--map", MAP.toString()));
        files.forEach(f -> args.add(f.toString()));
        return ConformanceCliTest.run(args.toArray(String[]::new));
    }
}
