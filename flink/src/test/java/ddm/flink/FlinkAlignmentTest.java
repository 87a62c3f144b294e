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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * <p>The MiniCluster and TLC's follower are started once for the class, and every run is recorded once, before the
 * tests, one after the other on the same MiniCluster; TLC validates each run's logs in its own thread as soon as the
 * run is over, while the next one runs. The correct run is recorded by the plain recorder and, alongside, by the two
 * seeded recorders (their mutations of the same run are their logs). The tests then read the runs and verdicts.
 */
class FlinkAlignmentTest {

    private static final int CHECKPOINTS = 20;
    private static final int FAIL_AFTER = 8;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Duration BUG_LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    static MiniCluster cluster;
    static CompletableFuture<FlinkValidation> validation;
    /** TLC's follower answers one request at a time: validations queue here, in the order the runs end. */
    static final ExecutorService VALIDATING = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ddm-flink-validation");
        t.setDaemon(true);
        return t;
    });

    /** A recorded run (or why it could not be recorded) and its recorders' verdicts, by recorder. */
    record Recorded(FlinkRun.Result run, Throwable failed, Map<FlinkSteps, CompletableFuture<Verdict>> verdicts) {
        Verdict verdict(FlinkSteps s) throws Exception {
            if (failed != null) throw new AssertionError("the run failed: " + failed, failed);
            return verdicts.get(s).get(5, TimeUnit.MINUTES);
        }
    }

    /** TLC's verdict on one recorder's logs, with how long it took. */
    record Verdict(TlcValidator.EventVerdict tlc, long events, long millis) {}

    static FlinkSteps plain, blockedTake, lateBarrier, resumeOnBarrier, resumeBeforeSnapshot, restoreUncompleted,
            unaligned;
    static Recorded correct, onBarrier, beforeSnapshot, uncompleted, unalignedRun;

    @BeforeAll
    static void recordEveryRun() throws Exception {
        long t = System.nanoTime();
        FlinkAdvice.install();
        FlinkBugs.install();
        long t0 = System.nanoTime();
        cluster = FlinkRun.cluster(4);
        System.out.printf("flink: advice installed in %d ms, MiniCluster started in %d ms%n", (t0 - t) / 1_000_000,
                (System.nanoTime() - t0) / 1_000_000);
        // TLC parses the spec in its child JVM while the first run records (a rate-limited job leaves the cores
        // mostly idle; the MiniCluster's start does not)
        validation = CompletableFuture.supplyAsync(() -> {
            try {
                return new FlinkValidation(FlinkValidation.root(Path.of("")), work);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        recordCorrectRun();
        resumeOnBarrier = new FlinkSteps(2);
        // The sources' barriers reach a task within a fraction of a millisecond of each other; with unlimited
        // sources a record waits behind every barrier, and the channel resumed at its barrier delivers it first.
        onBarrier = recordWithBug(FlinkBugs.Bug.RESUME_ON_BARRIER, FlinkJob.Settings.standard().rate(0),
                resumeOnBarrier, s -> s.blockedTakes() >= 1);
        resumeBeforeSnapshot = new FlinkSteps(2);
        beforeSnapshot = recordWithBug(FlinkBugs.Bug.RESUME_BEFORE_SNAPSHOT, FlinkJob.Settings.standard(),
                resumeBeforeSnapshot, s -> s.blockedTakes() >= 1);
        restoreUncompleted = new FlinkSteps(2);
        uncompleted = recordWithBug(FlinkBugs.Bug.RESTORE_UNCOMPLETED, FlinkJob.Settings.standard(),
                restoreUncompleted, s -> s.recoveries() >= 1);
        unaligned = new FlinkSteps(2);
        unalignedRun = record(FlinkJob.Settings.standard().unalignedCheckpoints(), unaligned,
                FlinkRun.Plan.checkpoints(2, BUG_LIMIT));
    }

    @AfterAll
    static void stop() throws Exception {
        FlinkBugs.off();
        try {
            if (cluster != null) cluster.close();
        } finally {
            VALIDATING.shutdown();
            VALIDATING.awaitTermination(5, TimeUnit.MINUTES);
            if (validation != null) validation.get().close();
        }
    }

    /** Records one run by {@code steps} (and {@code derived}), and queues each recorder's logs for TLC. */
    private static Recorded record(FlinkJob.Settings settings, FlinkSteps steps, FlinkRun.Plan plan,
                                   FlinkSteps... derived) {
        FlinkRun.Result r;
        try {
            r = FlinkRun.run(cluster, settings, steps, plan, derived);
        } catch (Throwable e) {
            return new Recorded(null, e, Map.of());
        }
        Map<FlinkSteps, CompletableFuture<Verdict>> verdicts = new ConcurrentHashMap<>();
        List<FlinkSteps> all = new java.util.ArrayList<>(List.of(derived));
        all.add(0, steps);
        for (FlinkSteps s : all) {
            var log = s == steps ? r.log() : s.log("flink");
            verdicts.put(s, CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                try {
                    return new Verdict(validation.get().validate(log), log.size(),
                            (System.nanoTime() - t0) / 1_000_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, VALIDATING));
        }
        return new Recorded(r, null, verdicts);
    }

    /** The correct run: 20 checkpoints, and a failure after the 8th, restored. */
    private static void recordCorrectRun() {
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
        correct = record(FlinkJob.Settings.standard(), plain, FlinkRun.Plan.failure(CHECKPOINTS, FAIL_AFTER, LIMIT),
                blockedTake, lateBarrier);
    }

    /** A run with Flink's {@code bug} on, until {@code until} holds of its recorder (or the limit passed). */
    private static Recorded recordWithBug(FlinkBugs.Bug bug, FlinkJob.Settings settings, FlinkSteps steps,
                                          java.util.function.Predicate<FlinkSteps> until) {
        FlinkBugs.on(bug, 2);
        try {
            return record(settings, steps, new FlinkRun.Plan(until, 0, BUG_LIMIT));
        } finally {
            FlinkBugs.off();
        }
    }

    private static void print(String what, Recorded r, Verdict v) {
        System.out.printf("flink %s: %d events, %d checkpoints, %d restore(s), run %d ms, validated in %d ms "
                        + "(%d search states)%n", what, v.events(), r.run().checkpoints(), r.run().recoveries(),
                r.run().millis(), v.millis(), v.tlc().searched());
    }

    @Test
    void alignedCheckpointsWithAFailureAndRestoreFollowTheSpec() throws Exception {
        Verdict v = correct.verdict(plain);
        print("correct", correct, v);
        for (String type : FlinkAdvice.TYPES) assertEquals("advised", FlinkAdvice.advised().get(type), type);
        assertEquals(List.of(), plain.anomalies());
        assertTrue(correct.run().checkpoints() >= CHECKPOINTS, "completed " + correct.run().checkpoints());
        assertTrue(plain.failures() >= 1 && correct.run().recoveries() >= 1,
                plain.failures() + " failures, " + correct.run().recoveries() + " restores");
        assertTrue(correct.run().log().events().anyMatch(e -> e.action().equals("Recover")), "no Recover logged");
        assertTrue(v.tlc().passed(), v.tlc().report());
    }

    /** Recorder-level: a task takes a record from a channel blocked for alignment (the log of the correct run). */
    @Test
    void aRecordFromABlockedChannelInTheLogIsCaughtAtProcess() throws Exception {
        Verdict v = correct.verdict(blockedTake);
        assertFalse(v.tlc().passed(), "the seeded bug passed");
        assertTrue(caughtAt("Process", v), v.tlc().report());
    }

    /**
     * Recorder-level: the alignment ends before it started on every channel (FLINK-23201's effect): the barrier
     * that completes the alignment is logged after the snapshot it triggered.
     */
    @Test
    void aSnapshotBeforeTheLastBarrierInTheLogIsCaughtAtAlignedSnapshot() throws Exception {
        Verdict v = correct.verdict(lateBarrier);
        assertFalse(v.tlc().passed(), "the seeded bug passed");
        assertTrue(caughtAt("AlignedSnapshot", v), v.tlc().report());
    }

    /**
     * In Flink: a channel resumes as soon as its barrier is in (FLINK-17568's effect). The task takes a record from
     * it before the other barrier is in; refused at Process, which could only follow the task's AlignedSnapshot.
     */
    @Test
    void flinkResumingAChannelAtItsBarrierIsCaughtAtProcess() throws Exception {
        assertCaughtTakingFromABlockedChannel("resume at the barrier", onBarrier, resumeOnBarrier);
    }

    /** In Flink: the channels resume before the snapshot (it is deferred); refused at Process. */
    @Test
    void flinkResumingTheChannelsBeforeTheSnapshotIsCaughtAtProcess() throws Exception {
        assertCaughtTakingFromABlockedChannel("resume before the snapshot", beforeSnapshot, resumeBeforeSnapshot);
    }

    /** The run went until Flink took a record from a blocked channel (which may take a few checkpoints). */
    private static void assertCaughtTakingFromABlockedChannel(String what, Recorded r, FlinkSteps steps)
            throws Exception {
        Verdict v = r.verdict(steps);
        print(what, r, v);
        assertTrue(steps.blockedTakes() >= 1, "Flink took no record from a blocked channel in " + r.run().millis()
                + " ms");
        assertFalse(v.tlc().passed(), "the re-introduced bug passed");
        assertTrue(caughtAt("Process", v), v.tlc().report());
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
        Verdict v = uncompleted.verdict(restoreUncompleted);
        print("restore of an uncompleted checkpoint", uncompleted, v);
        assertEquals(2, uncompleted.run().checkpoints(), "checkpoints declared complete");
        assertTrue(uncompleted.run().recoveries() >= 1, "Flink did not restore");
        assertFalse(v.tlc().passed(), "the re-introduced bug passed");
        assertTrue(caughtAt("Recover", v), v.tlc().report());
    }

    /**
     * Unaligned checkpoints: a task snapshots at the first barrier, before the other inputs' barriers are in, and
     * the records the barrier overtook become part of the checkpoint (EpochUnaligned's UnalignedSnapshot, which logs
     * them). The aligned spec refuses that snapshot at AlignedSnapshot, whose guard wants every input blocked.
     */
    @Test
    void unalignedCheckpointsFailTheAlignedSpecAtAlignedSnapshot() throws Exception {
        Verdict v = unalignedRun.verdict(unaligned);
        print("unaligned", unalignedRun, v);
        assertTrue(unalignedRun.run().checkpoints() >= 2, "completed " + unalignedRun.run().checkpoints());
        assertFalse(v.tlc().passed(), "the unaligned run passed the aligned spec");
        assertTrue(caughtAt("AlignedSnapshot", v), v.tlc().report());
    }

    /** Whether the search stopped at a task's {@code action} (Recover: the coordinator's) that the spec refused. */
    private static boolean caughtAt(String action, Verdict v) {
        String node = action.equals("Recover") ? "coordinator" : "(c0|c1|sum)";
        var m = Pattern.compile("(?m)^  next " + node + "#\\d+ " + action + ": .*$").matcher(v.tlc().report());
        if (!m.find()) return false;
        System.out.println("flink: caught:" + m.group().substring(0, Math.min(m.group().length(), 300)));
        return true;
    }
}
