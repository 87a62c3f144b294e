package ddm.flink;

import ddm.conformance.events.RunLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs of {@link FlinkJob} in an in-process MiniCluster, each recorded by a {@link FlinkSteps} (or not): a run goes
 * until its stop condition holds or its time limit has passed, then is cancelled and waited for, also when it
 * failed. One MiniCluster serves many runs, one after the other ({@link #cluster}): starting it is most of a short
 * run's time.
 */
public final class FlinkRun {

    /**
     * A finished run: its logs (null unrecorded), the checkpoints completed, restores, its time in all, and the
     * records the sink took from its first to the stop ({@code recordsMillis} later; the deployment is not counted).
     */
    public record Result(RunLog log, int checkpoints, int recoveries, long millis, long records, long recordsMillis) {}

    /**
     * When to stop and what to do on the way: stop once {@code until} holds of the recorder (unrecorded: after
     * {@code limit}); with {@code failAfter} > 0, arm the seeded failure once that many checkpoints completed.
     */
    public record Plan(Predicate<FlinkSteps> until, int failAfter, Duration limit) {
        public static Plan checkpoints(int n, Duration limit) {
            return new Plan(s -> s.completedCheckpoints() >= n, 0, limit);
        }

        /** {@code n} checkpoints in all and a failure after the {@code failAfter}-th, restored before the end. */
        public static Plan failure(int n, int failAfter, Duration limit) {
            return new Plan(s -> s.completedCheckpoints() >= n && s.recoveries() >= 1, failAfter, limit);
        }
    }

    private FlinkRun() {}

    /**
     * A MiniCluster of one task manager with {@code slots} slots, started: its RPC in process (no bind address, so
     * no remote RPC service is started), its REST endpoint on loopback and a random port.
     */
    public static MiniCluster cluster(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster mini = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        mini.start();
        return mini;
    }

    /**
     * Runs the job on {@code cluster}, recorded by {@code steps} (null: unrecorded), as {@code plan} says; the
     * {@code derived} recorders record the same run alongside (their logs are theirs to read).
     */
    public static Result run(MiniCluster cluster, FlinkJob.Settings settings, FlinkSteps steps, Plan plan,
                             FlinkSteps... derived) throws Exception {
        if (steps != null) FlinkAdvice.install();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkJob.configuration(settings));
        env.setParallelism(settings.parallelism());
        FlinkJob.build(env, settings);
        var graph = env.getStreamGraph().getJobGraph();
        FlinkJob.FAIL_NEXT.set(false);
        long sunk0 = FlinkJob.SUNK.get();
        long start = System.nanoTime();
        long deadline = start + plan.limit().toNanos();
        if (steps != null) steps.start();
        for (FlinkSteps d : derived) d.start();
        JobID job = null;
        boolean armed = false;
        long sunk, sunkAt, firstAt = 0, first = sunk0;
        try {
            job = cluster.submitJob(graph).get(30, TimeUnit.SECONDS).getJobID();
            while (System.nanoTime() < deadline && (steps == null || !plan.until().test(steps))) {
                if (firstAt == 0 && FlinkJob.SUNK.get() > sunk0) {
                    firstAt = System.nanoTime();
                    first = FlinkJob.SUNK.get();
                }
                if (!armed && plan.failAfter() > 0 && steps != null
                        && steps.completedCheckpoints() >= plan.failAfter()) {
                    FlinkJob.FAIL_NEXT.set(true);
                    armed = true;
                }
                if (cluster.getJobStatus(job).get(10, TimeUnit.SECONDS).isGloballyTerminalState()) break;
                Thread.sleep(10);
            }
            sunk = FlinkJob.SUNK.get() - first;
            sunkAt = System.nanoTime();
            if (firstAt == 0) firstAt = sunkAt;
        } finally {
            FlinkJob.FAIL_NEXT.set(false);
            if (job != null) {
                try {
                    cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the job may have ended already; its result below says how
                }
                try {
                    cluster.requestJobResult(job).get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // a cancelled job ends with an exception
                }
            }
            stopAll(steps, derived);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(steps == null ? null : steps.log("flink"), steps == null ? -1 : steps.completedCheckpoints(),
                steps == null ? -1 : steps.recoveries(), millis, sunk, Math.max(1, (sunkAt - firstAt) / 1_000_000));
    }

    /** Stops every recorder, then rethrows the first one's failure. */
    private static void stopAll(FlinkSteps steps, FlinkSteps... derived) {
        RuntimeException first = null;
        java.util.List<FlinkSteps> all = new java.util.ArrayList<>(java.util.Arrays.asList(derived));
        if (steps != null) all.add(0, steps);
        for (FlinkSteps s : all) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    /** One run on a MiniCluster of its own, which it shuts down after. */
    public static Result run(FlinkJob.Settings settings, FlinkSteps steps, Plan plan) throws Exception {
        MiniCluster mini = cluster(2 * settings.parallelism());
        try {
            return run(mini, settings, steps, plan);
        } finally {
            mini.close();
        }
    }
}
