package ddm.conformance.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {

    private static final String LOG = """
            Starting... (2026-12-01 21:42:07)
            Progress(6) at 2026-12-01 21:42:20: 739 states generated (739 s/min), 181 distinct states found (181 ds/min), 117 states left on queue.
            Progress(16) at 2026-12-01 22:03:24: 2,189,911 states generated (31,019 s/min), 349,205 distinct states found (4,196 ds/min), 156,594 states left on queue.
            """;

    @Test
    void readsTheLastProgressLine() {
        assertEquals(Optional.of(new Progress(2_189_911, 349_205, 156_594, Optional.of(31_019L))), Progress.latest(LOG));
        assertEquals("349,205 distinct states, 156,594 on the queue, 516 states/s",
                Progress.latest(LOG).orElseThrow().describe());
    }

    @Test
    void tlcsLastLineHasNoRate() {
        String last = "Progress(29) at 2026-12-01 21:44:27: 17,010 states generated, 5,284 distinct states found, "
                + "0 states left on queue.\n";
        Progress p = Progress.latest(last).orElseThrow();
        assertEquals(5_284, p.distinct());
        assertEquals("5,284 distinct states, 0 on the queue", p.describe());
        assertEquals(Optional.empty(), Progress.latest("Parsing file X.tla\n"));
    }

    @Test
    void aModelIsReportedOnlyOnceItRanAnInterval(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("tlc.log");
        Files.writeString(log, LOG);
        ModelRunner runner = new ModelRunner(tmp, tmp, 1, new ModelRunner.Options(10, Optional.empty()));
        long now = 1_000_000_000_000L;
        runner.running("Short", log, now - 3_000_000_000L);
        runner.running("Long", log, now - 42_000_000_000L);
        runner.running("Silent", tmp.resolve("no-log-yet"), now - 12_000_000_000L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        runner.reportProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), now);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("  ... Long, 42 s: 349,205 distinct states, 156,594 on the queue, 516 states/s"), out);
        assertTrue(out.contains("  ... Silent, 12 s: starting"), out);
        assertTrue(!out.contains("Short"), out);
    }
}
