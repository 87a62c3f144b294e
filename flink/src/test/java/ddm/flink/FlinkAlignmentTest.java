package ddm.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.validate.TlcValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's aligned checkpoints, recorded in one MiniCluster, validated against EpochAlignment with recovery on
 * ({@code MC_FlinkRecovery.cfg}); a failure and its restore; bugs seeded in the recorder and re-introduced into
 * Flink, each caught at the step where it shows; and an unaligned run, which the aligned spec refuses.
 *
 * <p>The MiniCluster and TLC's follower are started once for the class. The correct run is recorded once, by the
 * plain recorder and, alongside, by the two seeded recorders (their mutations of the same run are their logs).
 */
class FlinkAlignmentTest {

    private static final int CHECKPOINTS = 20;
    private static final int FAIL_AFTER = 8;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    static MiniCluster cluster;
    static CompletableFuture<FlinkValidation> validation;

    /** The correct run's three logs: plain, and two recorder-level seeded bugs of the same run. */
    static FlinkSteps plain, blockedTake, lateBarrier;
    static FlinkRun.Result correct;

    @BeforeAll
    static void start() throws Exception {
        long t = System.nanoTime();
        FlinkAdvice.install();
        FlinkBugs.install();
        // TLC parses the spec in its child JVM while the MiniCluster starts and the first run records
        validation = CompletableFuture.supplyAsync(() -> {
            try {
                return new FlinkValidation(FlinkValidation.root(Path.of("")), work);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        System.out.printf("flink: advice installed in %d ms%n", (t0 - t) / 1_000_000);
        cluster = FlinkRun.cluster(4);
        System.out.printf("flink: MiniCluster started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() throws Exception {
        FlinkBugs.off();
        long t0 = System.nanoTime();
        try {
            if (cluster != null) cluster.close();
        } finally {
            long t1 = System.nanoTime();
            if (validation != null) validation.get().close();
            System.out.printf("flink: MiniCluster closed in %d ms, TLC in %d ms%n", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        }
    }

    private static TlcValidator.EventVerdict validate(FlinkRun.Result r) throws Exception {
        return validation.get().validate(r.log());
    }

    private static TlcValidator.EventVerdict validate(FlinkSteps s) throws Exception {
        return validation.get().validate(s.log("flink"));
    }

    /** The correct run, recorded once for the class: 20 checkpoints, and a failure after the 8th, restored. */
    static synchronized void recordCorrectRun() throws Exception {
        if (correct != null) return;
        plain = new FlinkSteps(2);
        blockedTake = new FlinkSteps(2) {
            /** A task takes a record from a channel blocked for alignment, just before its snapshot. */
            @Override
            protected void beforeSnapshot(Node n) {
                process(n, n.ins().get(0));
            }
        };
        lateBarrier = new FlinkSteps(2) {
            /** Per task (each touched by its own thread): the barrier held back until after the snapshot. */
            private final Map<String, List<Object>> late = new ConcurrentHashMap<>();

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
        correct = FlinkRun.run(cluster, FlinkJob.Settings.standard(), plain,
                FlinkRun.Plan.failure(CHECKPOINTS, FAIL_AFTER, LIMIT), blockedTake, lateBarrier);
    }

    @Test
    void alignedCheckpointsWithAFailureAndRestoreFollowTheSpec() throws Exception {
        recordCorrectRun();
        for (String type : FlinkAdvice.TYPES) assertEquals("advised", FlinkAdvice.advised().get(type), type);
        assertEquals(List.of(), plain.anomalies());
        assertTrue(correct.checkpoints() >= CHECKPOINTS, "completed " + correct.checkpoints() + " checkpoints");
        assertTrue(plain.failures() >= 1 && correct.recoveries() >= 1,
                plain.failures() + " failures, " + correct.recoveries() + " restores");
        long t0 = System.nanoTime();
        TlcValidator.EventVerdict v = validate(correct);
        System.out.printf("flink: %d checkpoints, %d failure(s), %d restore(s), %d events, run %d ms, validated in "
                        + "%d ms (%d search states)%n", correct.checkpoints(), plain.failures(), correct.recoveries(),
                correct.log().size(), correct.millis(), (System.nanoTime() - t0) / 1_000_000, v.searched());
        assertTrue(v.passed(), v.report());
        assertTrue(correct.log().events().anyMatch(e -> e.action().equals("Recover")), "no Recover logged");
    }

    /** Recorder-level: a task takes a record from a channel blocked for alignment (the log of the correct run). */
    @Test
    void aRecordFromABlockedChannelInTheLogIsCaughtAtProcess() throws Exception {
        recordCorrectRun();
        TlcValidator.EventVerdict v = validate(blockedTake);
        assertFalse(v.passed(), "the seeded bug passed");
        assertTrue(caughtAt("Process", v), v.report());
    }

    /**
     * Recorder-level: the alignment ends before it started on every channel (FLINK-23201's effect): the barrier
     * that completes the alignment is logged after the snapshot it triggered.
     */
    @Test
    void aSnapshotBeforeTheLastBarrierInTheLogIsCaughtAtAlignedSnapshot() throws Exception {
        recordCorrectRun();
        TlcValidator.EventVerdict v = validate(lateBarrier);
        assertFalse(v.passed(), "the seeded bug passed");
        assertTrue(caughtAt("AlignedSnapshot", v), v.report());
    }

    /**
     * In Flink: a channel resumes as soon as its barrier is in (FLINK-17568's effect); refused at Process. The
     * sources' barriers reach a task within a fraction of a millisecond of each other, so the run has its sources
     * unlimited: a record is waiting behind every barrier, and the resumed channel delivers it first.
     */
    @Test
    void flinkResumingAChannelAtItsBarrierIsCaughtAtProcess() throws Exception {
        TlcValidator.EventVerdict v = runWithBug(FlinkBugs.Bug.RESUME_ON_BARRIER, FlinkJob.Settings.standard().rate(0));
        assertTrue(caughtAt("Process", v), v.report());
    }

    /** In Flink: the channels resume before the snapshot (it is deferred); refused at Process. */
    @Test
    void flinkResumingTheChannelsBeforeTheSnapshotIsCaughtAtProcess() throws Exception {
        TlcValidator.EventVerdict v = runWithBug(FlinkBugs.Bug.RESUME_BEFORE_SNAPSHOT, FlinkJob.Settings.standard());
        assertTrue(caughtAt("Process", v), v.report());
    }

    /**
     * A record from a blocked channel, Flink's bug on: the run goes until the recorder saw one (a timing Flink
     * may take a few checkpoints to hit), and the validation must refuse it.
     */
    private static TlcValidator.EventVerdict runWithBug(FlinkBugs.Bug bug, FlinkJob.Settings settings)
            throws Exception {
        FlinkSteps steps = new FlinkSteps(2);
        FlinkRun.Result r;
        FlinkBugs.on(bug, 0);
        try {
            r = FlinkRun.run(cluster, settings, steps,
                    new FlinkRun.Plan(s -> s.blockedTakes() >= 1, 0, Duration.ofSeconds(30)));
        } finally {
            FlinkBugs.off();
        }
        assertTrue(steps.blockedTakes() >= 1, "Flink took no record from a blocked channel in " + r.millis() + " ms");
        long t0 = System.nanoTime();
        TlcValidator.EventVerdict v = validate(r);
        System.out.printf("flink %s: %d events, %d checkpoints, run %d ms, validated in %d ms (%d search states)%n",
                bug, r.log().size(), r.checkpoints(), r.millis(), (System.nanoTime() - t0) / 1_000_000, v.searched());
        assertFalse(v.passed(), "the re-introduced bug passed");
        return v;
    }

    /**
     * In Flink: a restore from a checkpoint that never completed. The store keeps the 3rd checkpoint although its
     * completion failed, and the job fails at the next record: Flink restores epoch 3, the spec's Recover its last
     * completed epoch, 2. Refused at Recover, where the restore logs started and recorded = 3: as in
     * MC_FanInRecoverUncompleted, the sources would rewind to a position no completed epoch vouches for, and the
     * records between the two positions would be lost (ExactlyOnce), which the abstract log cannot count but the
     * epoch restored shows.
     */
    @Test
    void flinkRestoringACheckpointThatNeverCompletedIsCaughtAtRecover() throws Exception {
        FlinkSteps steps = new FlinkSteps(2);
        FlinkRun.Result r;
        FlinkBugs.on(FlinkBugs.Bug.RESTORE_UNCOMPLETED, 2);
        try {
            r = FlinkRun.run(cluster, FlinkJob.Settings.standard(), steps,
                    new FlinkRun.Plan(s -> s.recoveries() >= 1, 0, Duration.ofSeconds(30)));
        } finally {
            FlinkBugs.off();
        }
        assertTrue(FlinkBugs.STORE_ADDS_BEFORE.get() < 0, "the store's seeded add never ran");
        assertEquals(2, r.checkpoints(), "checkpoints declared complete");
        assertTrue(r.recoveries() >= 1, "Flink did not restore");
        TlcValidator.EventVerdict v = validate(r);
        assertFalse(v.passed(), "the re-introduced bug passed");
        assertTrue(caughtAt("Recover", v), v.report());
    }

    /**
     * Unaligned checkpoints: a task snapshots at the first barrier, before the other inputs' barriers are in, and
     * the records the barrier overtook become part of the checkpoint (EpochUnaligned's UnalignedSnapshot, which logs
     * them). The aligned spec refuses that snapshot at AlignedSnapshot, whose guard wants every input blocked.
     */
    @Test
    void unalignedCheckpointsFailTheAlignedSpecAtAlignedSnapshot() throws Exception {
        FlinkSteps steps = new FlinkSteps(2);
        FlinkRun.Result r = FlinkRun.run(cluster, FlinkJob.Settings.standard().unalignedCheckpoints(), steps,
                FlinkRun.Plan.checkpoints(2, Duration.ofSeconds(30)));
        assertTrue(r.checkpoints() >= 2, "completed " + r.checkpoints() + " unaligned checkpoints");
        TlcValidator.EventVerdict v = validate(r);
        assertFalse(v.passed(), "the unaligned run passed the aligned spec");
        assertTrue(caughtAt("AlignedSnapshot", v), v.report());
    }

    /** Whether the search stopped at a task's {@code action} (Recover: the coordinator's) that the spec refused. */
    private static boolean caughtAt(String action, TlcValidator.EventVerdict v) {
        String node = action.equals("Recover") ? "coordinator" : "(c0|c1|sum)";
        return Pattern.compile("(?m)^  next " + node + "#\\d+ " + action + ": ").matcher(v.report()).find();
    }
}
