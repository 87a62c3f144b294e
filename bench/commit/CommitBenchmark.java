package ddm.bench.commit;

import ddm.commit.CommitEvent;
import ddm.commit.CommitSimulation;
import ddm.commit.TmState;
import ddm.log.FileLog;
import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.runtime.CommitRuntime;
import ddm.bench.Ratios;

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
 * batch (group commit), and the disk's forced writes per second measured in the same round. Runs in rounds, each
 * round every configuration once in a shuffled order; prints each rate's median and its ratio to the textbook cap,
 * forces-per-second / 2 (a commit's critical path holds two forces: the RMs' prepare records, then the TM's
 * decision), as the median of the rounds' paired ratios (each round's rate over that round's cap) with their 5th-95th
 * percentile ({@link ddm.bench.Ratios}). It measures; it asserts nothing.
 *
 * <p>Run (after {@code mvn -pl impl compile}; bench/run compiles Ratios): {@code java -cp impl/target/classes:RATIOS
 * bench/commit/CommitBenchmark.java [rounds] [secondsPerRun] [dir]}. Defaults: 10 rounds, 1 second, logs under
 * {@code java.io.tmpdir}.
 */
public final class CommitBenchmark {

    private static final List<String> RMS = List.of("r1", "r2", "r3");
    /** Transactions a client keeps in flight on the runtime. */
    private static final int WINDOW = 256;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        Path base = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "ddm-commit-bench");
        System.out.printf(Locale.ROOT, "2PC benchmark: 3 RMs, %d rounds of %.1f s per configuration (shuffled within each "
                + "round), median shown; "
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
            for (int c : Ratios.order(names.length, 2, run)) {
                double[] m = switch (c) {
                    case 0 -> new double[] {diskForcesPerSecond(runDir.resolve("disk.log"), seconds), 0};
                    case 1 -> new double[] {simulator(seconds), 0};
                    case 2 -> runtime(seconds, name -> new MemoryLog(), 256);
                    case 3 -> {
                        Path c1 = Files.createDirectory(runDir.resolve("c1"));
                        yield runtime(seconds, name -> open(c1.resolve(name + ".log")), 1);
                    }
                    default -> {
                        Path c2 = Files.createDirectory(runDir.resolve("c2"));
                        yield runtime(seconds, name -> open(c2.resolve(name + ".log")), 256);
                    }
                };
                rates[c][run] = m[0];
                forcesPerTx[c][run] = m[1];
            }
        }
        double disk = median(rates[0]);
        double cap = disk / 2;
        System.out.printf(Locale.ROOT, "%-70s %14s %26s %10s%n", "what", "per second", "x cap [5th, 95th pct]",
                "forces/tx");
        System.out.printf(Locale.ROOT, "%-70s %14.0f %26s %10s%n", names[0], disk, "", "");
        System.out.printf(Locale.ROOT, "%-70s %14.0f %26s %10s%n", "cap = disk forces/s / 2", cap, "1.00", "");
        for (int i = 1; i < names.length; i++) {
            double r = median(rates[i]);
            String f = i == 1 ? "" : String.format(Locale.ROOT, "%.2f", median(forcesPerTx[i]));
            System.out.printf(Locale.ROOT, "%-70s %14.0f %26s %10s%n", names[i], r,
                    Ratios.describe(Ratios.scaled(rates[i], rates[0], 0.5)), f);
        }
        System.out.printf(Locale.ROOT, "(c2) over (c1), paired by round: %s%n",
                Ratios.describe(Ratios.paired(rates[4], rates[3])));
        System.out.println("x cap = the median over rounds of the round's rate over its own cap (its disk forces/s / 2), "
                + "with the 5th and 95th percentile; \"within noise\" when they hold 1.");
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
