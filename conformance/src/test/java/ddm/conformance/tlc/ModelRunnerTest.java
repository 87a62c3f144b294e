package ddm.conformance.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRunnerTest {

    private static Model model(Model.Expect expect, Long states, String violates) {
        return new Model("M", "a.tla", "a.cfg", expect, Model.Tier.CI,
                states == null ? OptionalLong.empty() : OptionalLong.of(states), Optional.ofNullable(violates), 1, "",
                Optional.empty(), Optional.empty());
    }

    private static TlcRun.Result result(int code, long states, String violated) {
        return new TlcRun.Result(code, OptionalLong.of(states), OptionalLong.of(3), Optional.ofNullable(violated), 0.1,
                Path.of("tlc.log"));
    }

    @Test
    void aModelThatDoesWhatItsEntrySaysPasses() {
        assertTrue(ModelRunner.judge(model(Model.Expect.PASS, 288L, null), result(0, 288, null)).ok());
        assertTrue(ModelRunner.judge(model(Model.Expect.SAFETY, 253L, "Consistency"),
                result(12, 253, "Consistency")).ok());
    }

    @Test
    void aNegativeModelThatPassesIsAFailure() {
        var o = ModelRunner.judge(model(Model.Expect.SAFETY, 253L, "Consistency"), result(0, 288, null));
        assertFalse(o.ok());
        assertEquals("expected safety, TLC reported pass", o.problems().get(0));
    }

    @Test
    void failingForAnotherReasonThanTheNamedOneIsAFailure() {
        var o = ModelRunner.judge(model(Model.Expect.SAFETY, 253L, "Consistency"), result(12, 253, "TypeOK"));
        assertEquals("expected a violation of Consistency, TLC reported TypeOK", o.problems().get(0));
    }

    @Test
    void aChangedStateCountIsAFailure() {
        var o = ModelRunner.judge(model(Model.Expect.PASS, 288L, null), result(0, 289, null));
        assertTrue(o.problems().get(0).startsWith("distinct states changed: manifest says 288, TLC found 289"));
    }

    @Test
    void aParseErrorIsNamed() {
        var o = ModelRunner.judge(model(Model.Expect.PASS, 1L, null), result(150, 0, null));
        assertEquals("TLC exited with 150 (parse error), expected pass", o.problems().get(0));
    }

    @Test
    void readsTheNumbersOffTlcsOutput() {
        String out = """
                Progress(11) at 2026-11-26: 762 states generated, 288 distinct states found, 0 states left on queue.
                Error: Invariant Consistency is violated.
                1,234 states generated, 1,001 distinct states found, 0 states left on queue.
                The depth of the complete state graph search is 8.
                """;
        TlcRun.Result r = TlcRun.parse(12, out, 1.0, Path.of("x"));
        assertEquals(OptionalLong.of(1001), r.distinctStates());
        assertEquals(OptionalLong.of(8), r.depth());
        assertEquals(Optional.of("Consistency"), r.violated());
    }

    /**
     * The must-fail twin of the whole runner: weaken TMCommit's guard in a copy of the commit specs, and the
     * model that passed before must now fail, by name, for a safety violation.
     */
    @Test
    void breakingTwoPhaseCommitMakesItsModelFail(@TempDir Path tmp) throws Exception {
        Path root = copyCommitSpecs(tmp.resolve("good"));
        Path broken = copyCommitSpecs(tmp.resolve("broken"));
        Path spec = broken.resolve("specs/commit/TwoPhaseCommit.tla");
        String text = Files.readString(spec);
        String guard = "    /\\ tmPrepared = RM\n    /\\ tmState' = \"committed\"";
        assertTrue(text.contains(guard), "TMCommit's guard moved; update this test");
        Files.writeString(spec, text.replace(guard, "    /\\ tmPrepared # {}\n    /\\ tmState' = \"committed\""));

        assertEquals(0, runTwoPhase3(root).failed, "the unbroken copy must pass");
        Run bad = runTwoPhase3(broken);
        assertEquals(1, bad.failed);
        assertTrue(bad.out.contains("TwoPhase-3 ") && bad.out.contains("FAILED"), bad.out);
        // Inv, the stronger (inductive) invariant, is listed with Consistency and catches the bug first.
        assertTrue(bad.out.contains("expected pass, TLC reported safety (Inv)"), bad.out);
        assertTrue(bad.out.contains("0 passed, 1 failed"), bad.out);
    }

    private record Run(int failed, String out) {}

    private static Run runTwoPhase3(Path root) throws Exception {
        Manifest m = Manifest.read(Repo.root().resolve("specs/models.json"), root);
        Model twoPhase = m.byName("TwoPhase-3").orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int failed = (int) new ModelRunner(root, root.resolve(".tlc"), 1)
                .runAll(List.of(twoPhase), new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .stream().filter(o -> !o.ok()).count();
        return new Run(failed, bytes.toString(StandardCharsets.UTF_8));
    }

    private static Path copyCommitSpecs(Path to) throws IOException {
        Path from = Repo.root().resolve("specs");
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path q = to.resolve("specs").resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        return to;
    }
}
