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
 * {@link FileCheckpointStore} (write, force, atomic rename, force directory). Each is run {@code RUNS} times,
 * interleaved; the table shows the median records/s and its ratio to no checkpoints; the alignment time of the fan-in
 * task (first barrier to aligned snapshot) as p50/p99 over all runs; and per checkpoint the bytes stored against the
 * records a Chandy-Lamport snapshot of the same run would have logged as channel state (records the task consumed
 * between the first and the last barrier of the epoch: those CL records as in flight, alignment holds back instead).
 *
 * <p>Run from the repository root after building impl (any build directory; the classes folder on the class path):
 * <pre>java -cp /tmp/build-epoch/ddm-impl/classes bench/epoch/EpochBench.java [recordsPerSource] [runs] [directory]</pre>
 */
public final class EpochBench {

    public static void main(String[] args) throws Exception {
        int perSource = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
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
        System.out.printf("epoch runtime: %s; %,d records per source, %d runs each, store in %s (%s)%n", df, perSource,
                runs, base.toAbsolutePath(), Files.getFileStore(base).type());
        List<Double> none = new ArrayList<>(), every100 = new ArrayList<>();
        List<Long> align = new ArrayList<>(), bytes = new ArrayList<>(), logged = new ArrayList<>();
        run(df, input, base, 0, 0); // warm-up
        for (int i = 0; i < runs; i++) {
            none.add(run(df, input, base, 0, i).recordsPerSecond());
            EpochRuntime.Result res = run(df, input, base, 100, i);
            every100.add(res.recordsPerSecond());
            align.addAll(res.alignmentNanos());
            bytes.addAll(res.checkpointBytes());
            logged.addAll(res.inFlightRecords());
        }
        double a = median(none), b = median(every100);
        System.out.printf("%-28s %14s %8s%n", "configuration", "records/s", "ratio");
        System.out.printf("%-28s %,14.0f %8s%n", "no checkpoints", a, "1.00");
        System.out.printf("%-28s %,14.0f %8.2f%n", "checkpoint every 100 ms", b, b / a);
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

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        return s.get(s.size() / 2);
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
