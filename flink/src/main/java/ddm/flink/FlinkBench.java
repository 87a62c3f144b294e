package ddm.flink;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * The recorder's cost (bench/run flink): the job with unlimited sources, recorded or not, for a few runs of a fixed
 * time on one MiniCluster, each run's records per second (records the sink took) printed on one line. One JVM runs one
 * mode: unrecorded, no agent is installed at all (advice, once inlined, stays in Flink's classes), so bench/run
 * alternates JVMs of the two modes and takes the medians and their ratio.
 *
 * <p>Usage: {@code FlinkBench recorded|unrecorded SECONDS RUNS}; prints {@code MODE r1 r2 ...} (records/s), after a
 * warm-up run that is not counted.
 */
public final class FlinkBench {

    private FlinkBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !(args[0].equals("recorded") || args[0].equals("unrecorded"))) {
            System.err.println("error: usage: FlinkBench recorded|unrecorded SECONDS RUNS");
            System.exit(2);
        }
        boolean recorded = args[0].equals("recorded");
        int seconds, runs;
        try {
            seconds = Integer.parseInt(args[1]);
            runs = Integer.parseInt(args[2]);
        } catch (NumberFormatException e) {
            System.err.println("error: SECONDS and RUNS must be whole numbers: " + args[1] + " " + args[2]);
            System.exit(2);
            return;
        }
        FlinkJob.Settings settings = FlinkJob.Settings.standard().rate(0);
        StringBuilder out = new StringBuilder(args[0]);
        MiniCluster mini = FlinkRun.cluster(2 * settings.parallelism());
        try {
            for (int i = 0; i <= runs; i++) {
                FlinkSteps steps = recorded ? new FlinkSteps(settings.parallelism()) : null;
                FlinkRun.Result r = FlinkRun.run(mini, settings, steps,
                        new FlinkRun.Plan(s -> false, 0, Duration.ofSeconds(seconds)));
                if (i == 0) continue;   // the warm-up: the JIT, the MiniCluster's first job
                out.append(String.format(Locale.ROOT, " %.0f", r.records() * 1000.0 / r.recordsMillis()));
                if (steps != null && !steps.anomalies().isEmpty()) {
                    System.err.println("error: the recorder saw " + steps.anomalies().get(0));
                    System.exit(1);
                }
            }
        } finally {
            mini.close();
        }
        System.out.println(out);
    }
}
