package ddm.bench;

import ddm.epoch.Channel;
import ddm.epoch.Dataflow;
import ddm.epoch.EpochRuntime;
import ddm.epoch.FileCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures the threaded epoch runtime. Not a test: it prints numbers and asserts nothing.
 *
 * <p>Dataflow: two sources -> keyed count (fan-in, aligns two channels) -> sum -> sink (a tally per key); 1,000 keys;
 * channel buffers of
 * 1,024 messages. Configurations: no checkpoints, and a checkpoint every 100 ms (the timer thread) stored in a
 * {@link FileCheckpointStore} (write, force, atomic rename, force directory). They run in {@code rounds}, each round
 * both configurations in a shuffled order; the table shows the median records/s and the ratio to no checkpoints as
 * the median of the rounds' paired ratios with their 5th-95th percentile ({@link Ratios}: a run-to-run spread of
 * 10 % or more hides a difference of a few percent unless the two sides are paired); the alignment time of the fan-in
 * task (first barrier to aligned snapshot) as p50/p99 over all runs; and per checkpoint the bytes stored against the
 * records a Chandy-Lamport snapshot of the same run would have logged as channel state (records the task consumed
 * between the first and the last barrier of the epoch: those CL records as in flight, alignment holds back instead).
 *
 * <p>Run from the repository root after building impl (any build directory; the classes folder on the class path):
 * <pre>java -cp impl/target/classes:RATIOS bench/epoch/EpochBench.java [recordsPerSource] [rounds] [directory]</pre>
 * (bench/run compiles Ratios into RATIOS.)
 */
public final class EpochBench {

    public static void main(String[] args) throws Exception {
        int perSource = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory(Path.of("."), "epoch-bench-");
        Dataflow df = new Dataflow(Set.of("s1", "s2"), Map.of("count", "count", "sum", "sum", "sink", "tally"),
                Set.of(new Channel("s1", "count"), new Channel("s2", "count"), new Channel("count", "sum"),
                        new Channel("sum", "sink")));
        Map<String, List<long[]>> input = new HashMap<>();
        Random r = new Random(1);
        for (String s : df.sources()) {
            List<long[]> recs = new ArrayList<>(perSource);
            for (int i = 0; i < perSource; i++) recs.add(new long[] {r.nextInt(1000), 1 + r.nextInt(10)});
            input.put(s, recs);
        }
        System.out.printf("epoch runtime: %s; %,d records per source, %d rounds (both configurations in each, shuffled), "
                        + "store in %s (%s)%n", df, perSource,
                runs, base.toAbsolutePath(), Files.getFileStore(base).type());
        double[] none = new double[runs], every100 = new double[runs];
        List<Long> align = new ArrayList<>(), bytes = new ArrayList<>(), logged = new ArrayList<>();
        run(df, input, base, 0, 0); // warm-up
        run(df, input, base, 100, 0);
        for (int i = 0; i < runs; i++) {
            for (int c : Ratios.order(2, 3, i)) {
                if (c == 0) {
                    none[i] = run(df, input, base, 0, i).recordsPerSecond();
                    continue;
                }
                EpochRuntime.Result res = run(df, input, base, 100, i);
                every100[i] = res.recordsPerSecond();
                align.addAll(res.alignmentNanos());
                bytes.addAll(res.checkpointBytes());
                logged.addAll(res.inFlightRecords());
            }
        }
        double[] ratio = Ratios.paired(every100, none);
        System.out.printf("%-28s %14s %28s%n", "configuration", "records/s", "ratio [5th, 95th pct]");
        System.out.printf("%-28s %,14.0f %28s%n", "no checkpoints", Ratios.median(none), "1.00");
        System.out.printf("%-28s %,14.0f %28s%n", "checkpoint every 100 ms", Ratios.median(every100),
                Ratios.describe(ratio));
        System.out.println("ratio = the median over rounds of the round's records/s with checkpoints over its records/s "
                + "without, with the 5th and 95th percentile; \"within noise\" when they hold 1.");
        align.sort(Comparator.naturalOrder());
        System.out.printf("alignment time over %d aligned snapshots: p50 %.3f ms, p99 %.3f ms%n", align.size(),
                pct(align, 0.50) / 1e6, pct(align, 0.99) / 1e6);
        System.out.printf("%d checkpoints: bytes stored per checkpoint median %,d (max %,d); records a Chandy-Lamport"
                        + " snapshot would log per checkpoint median %,d (max %,d), ~%,d bytes at 24 bytes a record%n",
                bytes.size(), (long) pctL(bytes, 0.5), (long) pctL(bytes, 1.0), (long) pctL(logged, 0.5),
                (long) pctL(logged, 1.0), (long) pctL(logged, 0.5) * 24);
        if (args.length <= 2) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static EpochRuntime.Result run(Dataflow df, Map<String, List<long[]>> input, Path base, long intervalMs, int i)
            throws Exception {
        Path dir = base.resolve((intervalMs == 0 ? "none-" : "ckpt-") + i + "-" + System.nanoTime());
        return new EpochRuntime(df, input, new EpochRuntime.Settings(1024, intervalMs, 0), new FileCheckpointStore(dir))
                .run();
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    static double pctL(List<Long> xs, double p) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        return pct(s, p);
    }
}
