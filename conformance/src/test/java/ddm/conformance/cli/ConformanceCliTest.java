package ddm.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.Repo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate and replay end to end, and replay's three exit codes. */
class ConformanceCliTest {

    @TempDir
    static Path dir;
    static List<Path> generated;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void generate() throws IOException {
        Run r = run("generate", "--root", Repo.root().toString(), "--model", "TwoPhase-3", "--out",
                dir.resolve("traces").toString());
        assertEquals(Main.OK, r.code, r.out);
        try (var files = Files.list(dir.resolve("traces"))) {
            generated = files.sorted().toList();
        }
        assertTrue(generated.size() > 100, "a path cover of TwoPhase-3 takes many traces: " + generated.size());
    }

    record Run(int code, String out) {}

    static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    static Run replay(Path... files) {
        String[] args = new String[files.length + 2];
        args[0] = "replay";
        args[1] = "--protocol=twophase";
        for (int i = 0; i < files.length; i++) args[i + 2] = files[i].toString();
        return run(args);
    }

    /** A copy of the longest generated trace, edited. */
    static Path edited(String name, Consumer<ObjectNode> edit) throws IOException {
        Path longest = generated.get(0);
        for (Path p : generated) if (Files.size(p) > Files.size(longest)) longest = p;
        ObjectNode t = (ObjectNode) JSON.readTree(longest.toFile());
        edit.accept(t);
        Path out = dir.resolve(name + ".itf.json");
        JSON.writeValue(out.toFile(), t);
        return out;
    }

    static ObjectNode state(ObjectNode trace, int i) {
        return (ObjectNode) trace.get("states").get(i);
    }

    @Test
    void everyGeneratedTraceConforms() {
        Run r = replay(generated.toArray(Path[]::new));
        assertEquals(Main.OK, r.code, r.out);
        assertTrue(r.out.contains(generated.size() + " passed, 0 failed"), r.out);
    }

    @Test
    void aQuintMbtTraceInTheSameVocabularyReplays() {
        Run r = replay(Repo.root().resolve("conformance/src/test/resources/traces/quint-twophase-commit.itf.json"));
        assertEquals(Main.OK, r.code, r.out);
    }

    @Test
    void aTraceTheCodeDoesNotFollowIsADivergenceWithItsStepAndDiff() throws IOException {
        Path bad = edited("diverges", t -> state(t, 2).put("tmState", "aborted"));
        Run r = replay(bad);
        assertEquals(Main.CHECK_FAILED, r.code, r.out);
        assertTrue(r.out.contains("divergence in " + bad + " at step 2, action "), r.out);
        assertTrue(r.out.contains("tmState:\n    expected \"aborted\"\n    actual   \"init\""), r.out);
        assertTrue(!r.out.contains("rmState:"), "only the variables that differ are shown: " + r.out);
    }

    @Test
    void aStepTheCodeRefusesIsADivergence() throws IOException {
        // TMCommit straight from the initial state: the spec would not, and the code refuses.
        Path bad = edited("refused", t -> {
            state(t, 1).put("mbt::actionTaken", "TMCommit");
            state(t, 1).putObject("mbt::nondetPicks");
        });
        Run r = replay(bad);
        assertEquals(Main.CHECK_FAILED, r.code, r.out);
        assertTrue(r.out.contains("at step 1, action TMCommit\n  the implementation refused the step"), r.out);
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws IOException {
        Path malformed = dir.resolve("malformed.itf.json");
        Files.writeString(malformed, "{\"vars\": [\"rmState\"");
        Path unknownAction = edited("unknown-action", t -> state(t, 1).put("mbt::actionTaken", "RMDance"));
        Path unknownParam = edited("unknown-param", t -> {
            ObjectNode picks = (ObjectNode) state(t, 1).get("mbt::nondetPicks");
            picks.set("who", picks.remove("rm"));
        });
        Path missingVar = edited("missing-var", t -> state(t, 1).remove("tmPrepared"));
        Path otherProtocol = edited("other-protocol", t -> {
            ((ArrayNode) t.get("vars")).add("crashes");
            for (var s : t.get("states")) ((ObjectNode) s).put("crashes", 0);
        });
        for (Path p : List.of(malformed, unknownAction, unknownParam, missingVar, otherProtocol)) {
            PrintStream savedErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Run r;
            try {
                r = replay(p);
            } finally {
                System.setErr(savedErr);
            }
            String line = err.toString(StandardCharsets.UTF_8);
            assertEquals(Main.BAD_INPUT, r.code, p + ": " + r.out + line);
            assertTrue(line.startsWith("error: " + p) && line.strip().lines().count() == 1, line);
        }
    }

    @Test
    void anUnknownProtocolIsBadInput() {
        assertEquals(Main.BAD_INPUT, run("replay", "--protocol", "threephase", generated.get(0).toString()).code);
    }
}
