package ddm.bench.commit;

import ddm.commit.CommitEvent;
import ddm.commit.CommitSimulation;
import ddm.commit.TmState;
import ddm.log.FileLog;
import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.runtime.CommitRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Two-phase commit throughput with 3 RMs: committed transactions per second (a) in the simulator, (b) on the threaded
 * runtime with memory logs, (c) on the threaded runtime with a FileLog per node, one force per step versus one force per
 * batch (group commit), and the disk's forced writes per second measured in the same run. Prints the median of several
 * interleaved runs and each rate's ratio to the textbook cap, forces-per-second / 2 (a commit's critical path holds two
 * forces: the RMs' prepare records, then the TM's decision). It measures; it asserts nothing.
 *
 * <p>Run (after {@code mvn -pl impl compile}): {@code java -cp impl/target/classes
 * impl/src/test/java/ddm/bench/commit/CommitBenchmark.java [runs] [secondsPerRun] [dir]}.
 * Defaults: 5 runs, 2 seconds, logs under {@code java.io.tmpdir}.
 */
public final class CommitBenchmark {

    private static final List<String> RMS = List.of("r1", "r2", "r3");
    /** Transactions a client keeps in flight on the runtime. */
    private static final int WINDOW = 256;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;
        Path base = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "ddm-commit-bench");
        System.out.printf(Locale.ROOT, "2PC benchmark: 3 RMs, %d runs of %.1f s each (interleaved), median shown; "
                + "client window %d transactions; logs in %s%n", runs, seconds, WINDOW, dir);

        String[] names = {"disk: FileLog append+force, 1 thread (forces/s)", "(a) simulator, MemoryLog",
            "(b) threaded runtime, MemoryLog", "(c1) threaded runtime, FileLog, one force per step",
            "(c2) threaded runtime, FileLog, group commit (<=256 steps per force)"};
        // Warm-up (not counted): lets the JIT compile the protocol and runtime paths before anything is measured.
        Path warm = Files.createDirectory(dir.resolve("warmup"));
        simulator(seconds / 2);
        runtime(seconds / 2, name -> new MemoryLog(), 256);
        runtime(seconds / 2, name -> open(warm.resolve(name + ".log")), 256);

        double[][] rates = new double[names.length][runs];
        double[][] forcesPerTx = new double[names.length][runs];
        for (int run = 0; run < runs; run++) {
            Path runDir = Files.createDirectory(dir.resolve("run" + run));
            rates[0][run] = diskForcesPerSecond(runDir.resolve("disk.log"), seconds);
            rates[1][run] = simulator(seconds);
            double[] b = runtime(seconds, name -> new MemoryLog(), 256);
            rates[2][run] = b[0];
            forcesPerTx[2][run] = b[1];
            Path c1 = Files.createDirectory(runDir.resolve("c1"));
            double[] c = runtime(seconds, name -> open(c1.resolve(name + ".log")), 1);
            rates[3][run] = c[0];
            forcesPerTx[3][run] = c[1];
            Path c2 = Files.createDirectory(runDir.resolve("c2"));
            double[] g = runtime(seconds, name -> open(c2.resolve(name + ".log")), 256);
            rates[4][run] = g[0];
            forcesPerTx[4][run] = g[1];
        }
        double disk = median(rates[0]);
        double cap = disk / 2;
        System.out.printf(Locale.ROOT, "%-70s %14s %14s %10s%n", "what", "per second", "ratio to cap", "forces/tx");
        System.out.printf(Locale.ROOT, "%-70s %14.0f %14s %10s%n", names[0], disk, "", "");
        System.out.printf(Locale.ROOT, "%-70s %14.0f %14s %10s%n", "cap = disk forces/s / 2", cap, "1.00", "");
        for (int i = 1; i < names.length; i++) {
            double r = median(rates[i]);
            String f = i == 1 ? "" : String.format(Locale.ROOT, "%.2f", median(forcesPerTx[i]));
            System.out.printf(Locale.ROOT, "%-70s %14.0f %14.2f %10s%n", names[i], r, r / cap, f);
        }
        System.out.println("all runs (tx/s or forces/s): ");
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "  %-70s %s%n", names[i], Arrays.toString(Arrays.stream(rates[i])
                    .mapToLong(Math::round).toArray()));
        }
        deleteTree(dir);
    }

    /** Forced writes per second of one thread appending a small record and forcing it, on the benchmark's disk. */
    static double diskForcesPerSecond(Path file, double seconds) throws IOException {
        try (FileLog log = FileLog.open(file)) {
            byte[] record = "committed 1234567".getBytes();
            long n = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                log.append(record);
                log.force();
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Committed transactions per second in the simulator: each transaction one scripted happy path, 11 steps. */
    static double simulator(double seconds) {
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            CommitSimulation sim = new CommitSimulation(RMS);   // a fresh system every 1000 transactions
            for (int k = 0; k < 1000; k++, n++) {
                long tx = n + 1;
                sim.begin(tx);
                for (String r : RMS) {
                    sim.step(new CommitEvent.RmPrepare(r, tx));
                }
                for (String r : RMS) {
                    sim.step(new CommitEvent.TmRcvPrepared(r, tx));
                }
                sim.step(new CommitEvent.TmCommit(tx));
                for (String r : RMS) {
                    sim.step(new CommitEvent.RmRcvCommitMsg(r, tx));
                }
                if (sim.tm().state(tx) != TmState.COMMITTED) {
                    throw new IllegalStateException("simulated transaction " + tx + " did not commit");
                }
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Committed transactions per second on the threaded runtime (a transaction counts once every RM applied Commit),
     * with a client keeping {@link #WINDOW} in flight; returns {tx/s, forces per committed transaction}.
     */
    static double[] runtime(double seconds, java.util.function.Function<String, RecordLog> logs, int batchMax)
            throws Exception {
        List<RecordLog> opened = new ArrayList<>();
        Semaphore window = new Semaphore(WINDOW);
        AtomicLong committed = new AtomicLong();
        AtomicLong other = new AtomicLong();
        double rate;
        long forces;
        long forcesAtStart;
        try (CommitRuntime rt = new CommitRuntime(RMS, name -> {
                RecordLog log = logs.apply(name);
                opened.add(log);
                return log;
            }, new CommitRuntime.Config(8 * WINDOW, 10_000, batchMax))) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            forcesAtStart = rt.forces();
            while (System.nanoTime() < end) {
                window.acquire();
                CompletableFuture<TmState> f = rt.submit();
                f.whenComplete((s, e) -> {
                    (s == TmState.COMMITTED ? committed : other).incrementAndGet();
                    window.release();
                });
            }
            rate = committed.get() / ((System.nanoTime() - start) / 1e9);
            window.acquire(WINDOW);  // let the tail finish, so forces per transaction counts whole transactions
            forces = rt.forces() - forcesAtStart;
            long all = committed.get() + other.get();
            if (other.get() > 0) {
                System.out.println("  note: " + other.get() + " transactions aborted (timeouts) at batchMax " + batchMax);
            }
            return new double[] {rate, all == 0 ? 0 : (double) forces / all};
        } finally {
            for (RecordLog log : opened) {
                log.close();
            }
        }
    }

    private static RecordLog open(Path file) {
        try {
            return FileLog.open(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
