package ddm.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --map}: a trace Quint 0.33.1 wrote replays through the mapping; bad mappings are exit 2, one line. */
class ReplayMapTest {

    static final Path REAL = Repo.root().resolve("conformance/src/test/resources/traces/quint-0.33.1-twopc3-commit.itf.json");
    static final Path MAP = Repo.root().resolve("specs/commit/quint/twophase.map.json");

    record Outcome(int code, String out, String err) {}

    static Outcome replay(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            ConformanceCliTest.Run r = ConformanceCliTest.run(args);
            return new Outcome(r.code(), r.out(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aRealQuintTraceReplaysThroughTheMapping() {
        Outcome o = replay("replay", "--protocol", "twophase", "--map", MAP.toString(), REAL.toString());
        assertEquals(Main.OK, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("ok  " + REAL + " (10 steps)"), o.out());
    }

    @Test
    void withoutTheMappingQuintsActionNamesAreBadInput() {
        Outcome o = replay("replay", "--protocol", "twophase", REAL.toString());
        assertEquals(Main.BAD_INPUT, o.code(), o.out() + o.err());
        assertTrue(o.err().startsWith("error: " + REAL + ": step 1: unknown action rmPrepare"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void replayHelpDocumentsTheMappingFormat() {
        ConformanceCliTest.Run r = ConformanceCliTest.run("replay", "--help");
        assertEquals(Main.OK, r.code(), r.out());
        for (String section : new String[] {"\"variables\"", "\"actions\"", "\"params\"", "\"fields\"", "\"tags\"", "$value"}) {
            assertTrue(r.out().contains(section), section + " in\n" + r.out());
        }
    }

    @Test
    void aBadMappingFileIsExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.map.json");
        Files.writeString(bad, "{\"actions\": {\"rmPrepare\": 7}}");
        Path absent = dir.resolve("absent.map.json");
        for (Path m : new Path[] {bad, absent}) {
            Outcome o = replay("replay", "--protocol", "twophase", "--map", m.toString(), REAL.toString());
            assertEquals(Main.BAD_INPUT, o.code(), o.out() + o.err());
            assertTrue(o.err().startsWith("error: " + m + ": "), o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertEquals("", o.out(), "nothing is replayed before the mapping is read");
        }
    }
}
