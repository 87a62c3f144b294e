package ddm.conformance.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.Repo;
import ddm.conformance.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's {@code diagram}, {@code explain} and {@code shrink} keep the exit-code conventions: a trace drawn is 0, a
 * divergence highlighted is 1, bad input is 2 with one line.
 */
class DiagramCliTest {

    @TempDir
    Path tmp;

    static final Path QUINT = Repo.root().resolve("conformance/src/test/resources/traces/quint-twophase-commit.itf.json");

    static String[] run(int expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = System.out, e = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        String[] said = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertEquals(expected, code, said[0] + said[1]);
        return said;
    }

    @Test
    void aTraceIsDrawnAndADivergenceHighlighted() throws Exception {
        String[] ok = run(0, "diagram", "--out", tmp.toString(), QUINT.toString());
        assertTrue(ok[0].startsWith("wrote "), ok[0]);
        assertTrue(Files.readString(tmp.resolve("quint-twophase-commit.svg")).startsWith("<svg "));
        // The same trace with the spec's state after step 2 changed: replay diverges there.
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(QUINT.toFile());
        ((ObjectNode) root.get("states").get(2)).put("tmState", "aborted");
        Path bad = tmp.resolve("tampered.itf.json");
        new ObjectMapper().writeValue(bad.toFile(), root);
        String[] failed = run(1, "diagram", "--replay", "--protocol", "twophase", "--out", tmp.toString(), bad.toString());
        assertTrue(failed[0].startsWith("FAILED at step 2 "), failed[0]);
        String svg = Files.readString(tmp.resolve("tampered.svg"));
        assertTrue(svg.contains("class=\"highlight\"") && svg.contains("tmState: spec &quot;aborted&quot;, code &quot;init&quot;"), svg);
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        assertTrue(run(2, "diagram", tmp.resolve("missing.itf.json").toString())[1].startsWith("error: "));
        assertTrue(run(2, "diagram", "--replay", QUINT.toString())[1].contains("--replay needs --protocol"));
        String[] pass = run(2, "explain", "--root", Repo.root().toString(), "--model", "TwoPhase-3");
        assertTrue(pass[1].startsWith("error: model TwoPhase-3 is expected to pass"), pass[1]);
        assertTrue(run(2, "shrink", "--root", Repo.root().toString(), "--model", "PaxosCommit-2x3-Walks", QUINT.toString())[1]
                .contains("too large to enumerate"));
        assertTrue(run(2, "shrink", "--root", Repo.root().toString(), "--model", "TwoPhase-3-commit-on-majority",
                QUINT.toString())[1].contains("names no protocol"));
    }
}
