package ddm.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.validate.TlcValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's aligned checkpoints, recorded in a MiniCluster, validated against EpochAlignment; and a seeded bug. */
class FlinkAlignmentTest {

    private static final int CHECKPOINTS = 20;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    static FlinkValidation validation;

    @BeforeAll
    static void startTlc() throws Exception {
        validation = new FlinkValidation(FlinkValidation.root(Path.of("")), work);
    }

    @AfterAll
    static void stopTlc() throws Exception {
        if (validation != null) validation.close();
    }

    @Test
    void alignedCheckpointsFollowTheSpec() throws Exception {
        FlinkSteps steps = new FlinkSteps(2);
        FlinkRun.Result r = FlinkRun.run(FlinkJob.Settings.standard(), steps, CHECKPOINTS, LIMIT);
        for (String type : FlinkAdvice.TYPES) assertEquals("advised", FlinkAdvice.advised().get(type), type);
        assertEquals(java.util.List.of(), steps.anomalies());
        assertTrue(r.checkpoints() >= CHECKPOINTS, "completed " + r.checkpoints() + " checkpoints");
        long t0 = System.nanoTime();
        TlcValidator.EventVerdict v = validation.validate(r.log());
        System.out.printf("flink: %d checkpoints, %d events, run %d ms, validated in %d ms (%d search states)%n",
                r.checkpoints(), r.log().size(), r.millis(), (System.nanoTime() - t0) / 1_000_000, v.searched());
        assertTrue(v.passed(), v.report());
    }

    @Test
    void aRecordFromABlockedChannelIsCaughtAtProcess() throws Exception {
        FlinkSteps steps = new FlinkSteps(2) {
            @Override
            protected void beforeSnapshot(Node n) {
                process(n, n.ins().get(0));
            }
        };
        FlinkRun.Result r = FlinkRun.run(FlinkJob.Settings.standard(), steps, 3, LIMIT);
        TlcValidator.EventVerdict v = validation.validate(r.log());
        assertFalse(v.passed(), "the seeded bug passed");
        assertTrue(java.util.regex.Pattern.compile("(?m)^  next (c0|c1|sum)#\\d+ Process: .*AlignedSnapshot")
                .matcher(v.report()).find(), v.report());
    }

    /**
     * The alignment ends before it started on every channel (FLINK-23201's effect, a recorder-level mutation): the
     * barrier that completes the alignment is logged after the snapshot it triggered.
     */
    @Test
    void aSnapshotBeforeTheLastBarrierIsCaughtAtAlignedSnapshot() throws Exception {
        FlinkSteps steps = new FlinkSteps(2) {
            /** Per task (each touched by its own thread): the barrier held back until after the snapshot. */
            private final java.util.Map<String, List<Object>> late = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            protected void receiveBarrier(Node n, List<Object> c) {
                if (n.blocked().size() == n.ins().size() - 1) {
                    late.put(n.name(), c);
                } else {
                    super.receiveBarrier(n, c);
                }
            }

            @Override
            protected void afterSnapshot(Node n) {
                List<Object> c = late.remove(n.name());
                if (c != null) rcvBarrier(n, c);
            }
        };
        FlinkRun.Result r = FlinkRun.run(FlinkJob.Settings.standard(), steps, 3, LIMIT);
        TlcValidator.EventVerdict v = validation.validate(r.log());
        assertFalse(v.passed(), "the seeded bug passed");
        assertTrue(java.util.regex.Pattern.compile("(?m)^  next (c0|c1|sum)#\\d+ AlignedSnapshot: ")
                .matcher(v.report()).find(), v.report());
    }
}
