package ddm.bench;

import ddm.log.FileLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Measures the durable log on this machine's disk. Not a test: it prints numbers and asserts nothing.
 *
 * <ul>
 *   <li>single force: one thread appends one small record and forces it, in a loop: the disk's forced writes per
 *       second as the log sees them (every force is a {@code FileChannel.force(false)}).</li>
 *   <li>group commit at 1, 4, 16, 64 threads: every thread appends one record and forces, in a loop, on one shared
 *       {@link FileLog}; concurrent forces share a device sync.</li>
 * </ul>
 * The configurations are measured in {@code rounds}, each round every configuration once for {@code seconds}, in a
 * shuffled order, so that drift in the disk affects all alike; the table shows each configuration's median and range,
 * and its ratio to single force as the median of the rounds' paired ratios with their 5th-95th percentile
 * ({@link Ratios}). Each measurement uses a fresh log file.
 *
 * <p>Run from the repository root, after {@code mvn -q -B -pl impl compile} (bench/run compiles Ratios):
 * <pre>java -cp impl/target/classes:RATIOS bench/log/LogBench.java [directory] [seconds] [rounds]</pre>
 * {@code directory} (default: a fresh one under the current directory, removed at the end) must be on the disk to be
 * measured; a tmpfs makes fsync free and the numbers meaningless, so the file store type is printed.
 */
public final class LogBench {

    static final int[] THREADS = {1, 4, 16, 64};
    static final byte[] RECORD = new byte[32];

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 && !args[0].isEmpty() ? Path.of(args[0]) : null;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        boolean ownDir = dir == null;
        if (ownDir) {
            dir = Files.createTempDirectory(Path.of("."), "log-bench-");
        } else {
            Files.createDirectories(dir);
        }
        try {
            run(dir, seconds, rounds);
        } finally {
            if (ownDir) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    static void run(Path dir, double seconds, int rounds) throws Exception {
        System.out.printf("durable log benchmark: %s (file store type %s), %d rounds of %.1f s per configuration, "
                        + "shuffled within each round, %d-byte records%n",
                dir.toAbsolutePath().normalize(), Files.getFileStore(dir).type(), rounds, seconds, RECORD.length);
        List<String> names = new ArrayList<>();
        List<Integer> threads = new ArrayList<>();
        names.add("single force (1 thread, append+force loop)");
        threads.add(0);
        for (int t : THREADS) {
            names.add("group commit, " + t + " thread" + (t == 1 ? "" : "s"));
            threads.add(t);
        }
        double[][] rates = new double[names.size()][rounds];
        measure(dir, 0, 0.5); // warm-up: JIT and file system, not recorded
        measure(dir, THREADS[THREADS.length - 1], 0.5);
        for (int round = 0; round < rounds; round++) {
            for (int c : Ratios.order(names.size(), 1, round)) {
                rates[c][round] = measure(dir, threads.get(c), seconds);
            }
        }
        System.out.printf("%-44s %14s %22s %26s%n", "configuration", "median ops/s", "range ops/s",
                "x single [5th, 95th pct]");
        for (int row = 0; row < names.size(); row++) {
            double[] r = rates[row].clone();
            Arrays.sort(r);
            System.out.printf("%-44s %14.0f %22s %26s%n", names.get(row), Ratios.median(r),
                    String.format("%.0f .. %.0f", r[0], r[r.length - 1]),
                    row == 0 ? "1.00" : Ratios.describe(Ratios.paired(rates[row], rates[0])));
        }
        System.out.println("ops = append one record + force it; \"x single\" = the median over rounds of the round's "
                + "ops/s over its single-force ops/s, with the 5th and 95th percentile; \"within noise\" when they "
                + "hold 1.");
    }

    /** Appends and forces for {@code seconds}; threads == 0 means the single-force loop on the calling thread. */
    static double measure(Path dir, int threads, double seconds) throws Exception {
        Path file = Files.createTempFile(dir, "bench", ".log");
        Files.delete(file);
        long nanos = (long) (seconds * 1e9);
        try (FileLog log = FileLog.open(file)) {
            if (threads == 0) {
                long ops = 0;
                long start = System.nanoTime();
                long end = start + nanos;
                long now;
                do {
                    log.append(RECORD);
                    log.force();
                    ops++;
                    now = System.nanoTime();
                } while (now < end);
                return ops / ((now - start) / 1e9);
            }
            LongAdder ops = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        while (!stop.get()) {
                            log.append(RECORD);
                            log.force();
                            ops.increment();
                        }
                    } catch (InterruptedException | IOException e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                workers.add(w);
                w.start();
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            Thread.sleep(nanos / 1_000_000);
            long counted = ops.sum();
            long elapsed = System.nanoTime() - start;
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            if (!errors.isEmpty()) {
                throw new IOException("benchmark worker failed", errors.get(0));
            }
            return counted / (elapsed / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
