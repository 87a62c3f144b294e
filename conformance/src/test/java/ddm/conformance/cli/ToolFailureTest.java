package ddm.conformance.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When TLC cannot load a spec, the CLI exits 3 with one line naming what failed, not a stack trace: here the
 * Chandy–Lamport spec, in a copy of specs/, ends in a syntax error, and both ways of validating meet it (the graph
 * explored in process, and TLC started for validation through TLC).
 */
class ToolFailureTest {

    @TempDir
    Path tmp;

    private Path brokenCopy() throws IOException {
        Path from = Repo.root().resolve("specs");
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path q = tmp.resolve("specs").resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        Path spec = tmp.resolve("specs/snapshot/ChandyLamport.tla");
        String text = Files.readString(spec);
        int end = text.lastIndexOf("\n====");   // the module's closing line: text after it is not read
        Files.writeString(spec, text.substring(0, end) + "\nSyntaxError == ==\n" + text.substring(end));
        return tmp;
    }

    private static String[] err(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new String[] {Integer.toString(Main.run(args)), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aSpecTlcCannotLoadExits3WithOneLine() throws IOException {
        Path root = brokenCopy();
        for (String tlcFlag : new String[] {"--runs=1", "--tlc"}) {
            String[] r = tlcFlag.equals("--tlc")
                    ? err("validate", "--root", root.toString(), "--model", "ChandyLamport-Ring3", "--tlc", "--runs", "1")
                    : err("validate", "--root", root.toString(), "--model", "ChandyLamport-Ring3", "--runs", "1");
            assertEquals(Integer.toString(Main.TOOL_FAILED), r[0], r[1]);
            assertTrue(r[1].startsWith(tlcFlag.equals("--tlc") ? "error: starting TLC on ChandyLamport-Ring3 failed"
                    : "error: exploring ChandyLamport-Ring3 failed"), r[1]);
            assertTrue(r[1].contains("Encountered \"==\" at line ") && r[1].contains("In module ChandyLamport"), r[1]);
            assertEquals(1, r[1].strip().lines().count(), r[1]);
            assertFalse(r[1].contains("\tat "), r[1]);
        }
    }
}
