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
 * Each configuration is measured {@code RUNS} times for {@code seconds} each, the runs of different configurations
 * interleaved so that drift in the disk affects all alike; the table shows the median, the range, and the ratio of the
 * median to the single-force median. Each measurement uses a fresh log file.
 *
 * <p>Run from the repository root, after {@code mvn -q -B -pl impl compile}:
 * <pre>java -cp impl/target/classes bench/log/LogBench.java [directory] [seconds]</pre>
 * {@code directory} (default: a fresh one under the current directory, removed at the end) must be on the disk to be
 * measured; a tmpfs makes fsync free and the numbers meaningless, so the file store type is printed.
 */
public final class LogBench {

    static final int RUNS = 5;
    static final int[] THREADS = {1, 4, 16, 64};
    static final byte[] RECORD = new byte[32];

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 && !args[0].isEmpty() ? Path.of(args[0]) : null;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        boolean ownDir = dir == null;
        if (ownDir) {
            dir = Files.createTempDirectory(Path.of("."), "log-bench-");
        } else {
            Files.createDirectories(dir);
        }
        try {
            run(dir, seconds);
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

    static void run(Path dir, double seconds) throws Exception {
        System.out.printf("durable log benchmark: %s (file store type %s), %d runs of %.1f s per row, %d-byte records%n",
                dir.toAbsolutePath().normalize(), Files.getFileStore(dir).type(), RUNS, seconds, RECORD.length);
        List<String> names = new ArrayList<>();
        names.add("single force (1 thread, append+force loop)");
        for (int t : THREADS) {
            names.add("group commit, " + t + " thread" + (t == 1 ? "" : "s"));
        }
        double[][] rates = new double[names.size()][RUNS];
        measure(dir, 0, 0.5); // warm-up: JIT and file system, not recorded
        measure(dir, THREADS[THREADS.length - 1], 0.5);
        for (int run = 0; run < RUNS; run++) {
            rates[0][run] = measure(dir, 0, seconds);
            for (int i = 0; i < THREADS.length; i++) {
                rates[i + 1][run] = measure(dir, THREADS[i], seconds);
            }
        }
        double single = median(rates[0]);
        System.out.printf("%-44s %14s %22s %10s%n", "configuration", "median ops/s", "range ops/s", "x single");
        for (int row = 0; row < names.size(); row++) {
            double[] r = rates[row].clone();
            Arrays.sort(r);
            System.out.printf("%-44s %14.0f %22s %10.2f%n", names.get(row), median(r),
                    String.format("%.0f .. %.0f", r[0], r[r.length - 1]), median(r) / single);
        }
        System.out.println("ops = append one record + force it; \"x single\" = median / single-force median.");
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

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
