package ddm.flink;

import ddm.conformance.events.RunLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of {@link FlinkJob} in an in-process MiniCluster (Flink's local environment starts one for the job and
 * shuts it down when the job ends), recorded by a {@link FlinkSteps}: it runs until Flink has completed
 * {@code checkpoints} checkpoints, or {@code limit} has passed, then is cancelled and waited for, also when it failed.
 */
public final class FlinkRun {

    /** A finished run: its logs, the checkpoints Flink completed, and how long it ran. */
    public record Result(RunLog log, int checkpoints, long millis) {}

    private FlinkRun() {}

    /** Runs the job, recorded by {@code steps} (null: unrecorded), until {@code checkpoints} completed. */
    public static Result run(FlinkJob.Settings settings, FlinkSteps steps, int checkpoints, Duration limit)
            throws Exception {
        if (steps != null) FlinkAdvice.install();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(),
                FlinkJob.configuration(settings));
        FlinkJob.build(env, settings);
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        if (steps != null) steps.start();
        JobClient job = null;
        try {
            job = env.executeAsync("ddm-epoch-alignment");
            while (System.nanoTime() < deadline && completed(steps, job) < checkpoints) {
                if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) break;
                Thread.sleep(20);
            }
        } finally {
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the job may have ended already; its result below says how
                }
                try {
                    job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // a cancelled job ends with an exception
                }
            }
            if (steps != null) steps.stop();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(steps == null ? null : steps.log("flink"), steps == null ? -1 : steps.completedCheckpoints(),
                millis);
    }

    private static int completed(FlinkSteps steps, JobClient job) {
        return steps != null ? steps.completedCheckpoints() : 0;
    }
}
