package ddm.bench;

import ddm.commit.TmState;
import ddm.commit.paxos.PaxosCommitRuntime;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.Vote;
import ddm.commit.shards.ShardsRuntime;
import ddm.log.MemoryLog;
import ddm.runtime.CommitRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 2PC over replicated shards (3 replicas per shard and for the TM, MicroRaft) against plain 2PC and Paxos Commit
 * (F = 1, 3 acceptors), with the same RMs, on threads, in one run. Not a test: it prints numbers and asserts nothing.
 * Fault-free, every RM prepares, memory logs (a force costs nothing here, so latency is message hops and thread
 * hand-offs).
 *
 * <p>Latency: one transaction at a time, submit to the last RM's applied outcome, p50 and p99 over each run.
 * Throughput: committed transactions per second with {@value #WINDOW} in flight. Each figure is the median of
 * {@code runs} interleaved runs of {@code seconds} each (the three protocols take turns, so a busy moment hits all).
 * The critical path in message delays and forces is counted from each protocol's structure (PaxosCommitBench measures
 * 2PC's and Paxos Commit's with causal clocks): a replicated record costs a round trip to a majority (two delays) and
 * a force at the leader and the followers at once, so one force on the path.
 *
 * <pre>bench/run shards</pre> (impl's classes and MicroRaft on the class path; arguments [runs] [secondsPerRun] [rms]).
 */
public final class ShardsBench {

    static final int WINDOW = 64;

    interface Runtime extends AutoCloseable {
        CompletableFuture<TmState> submit() throws Exception;

        @Override
        void close() throws Exception;
    }

    interface Factory {
        Runtime open() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> rms = names("r", n);
        String[] names = {"2PC, " + n + " RMs", "Paxos Commit, " + n + " RMs, F=1",
                "2PC over replicated shards, " + n + " RMs, 3 replicas each"};
        String[] paths = {"2 delays, 3 forces", "2 delays, 3 forces", "8 delays, 3 forces (replicated)"};
        Factory[] factories = {() -> twoPhase(rms), () -> paxos(rms), () -> shards(rms)};
        for (int i = 0; i < 3; i++) {       // warm-up, not counted
            measure(factories[i], seconds / 2);
        }
        double[][] p50 = new double[3][runs], p99 = new double[3][runs], rate = new double[3][runs];
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < 3; i++) {
                double[] m = measure(factories[i], seconds);
                p50[i][run] = m[0];
                p99[i][run] = m[1];
                rate[i][run] = m[2];
            }
        }
        System.out.printf(Locale.ROOT, "fault-free, every RM prepares, memory logs; %d runs of %.1f s, medians%n", runs,
                seconds);
        System.out.printf(Locale.ROOT, "%-52s %-32s %10s %10s %12s %8s%n", "protocol", "critical path", "p50 us",
                "p99 us", "tx/s", "x 2PC");
        double base = median(rate[0]);
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "%-52s %-32s %10.0f %10.0f %12.0f %8.2f%n", names[i], paths[i],
                    median(p50[i]), median(p99[i]), median(rate[i]), median(rate[i]) / base);
        }
        System.out.println("all runs (tx/s):");
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "  %-52s %s%n", names[i],
                    Arrays.toString(Arrays.stream(rate[i]).mapToLong(Math::round).toArray()));
        }
    }

    /** p50 and p99 latency (microseconds) one transaction at a time, then the throughput with a window. */
    static double[] measure(Factory f, double seconds) throws Exception {
        try (Runtime rt = f.open()) {
            List<Long> micros = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds / 2 * 1e9);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                rt.submit().get(20, TimeUnit.SECONDS);
                micros.add((System.nanoTime() - t0) / 1_000);
            }
            micros.sort(null);
            double p50 = micros.get(micros.size() / 2), p99 = micros.get(Math.min(micros.size() - 1,
                    (int) (micros.size() * 0.99)));
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong committed = new AtomicLong();
            long start = System.nanoTime();
            end = start + (long) (seconds / 2 * 1e9);
            while (System.nanoTime() < end) {
                if (!window.tryAcquire(1, TimeUnit.SECONDS)) continue;
                rt.submit().whenComplete((s, e) -> {
                    if (s == TmState.COMMITTED) committed.incrementAndGet();
                    window.release();
                });
            }
            double rate = committed.get() / ((System.nanoTime() - start) / 1e9);
            window.tryAcquire(WINDOW, 20, TimeUnit.SECONDS);
            return new double[] {p50, p99, rate};
        }
    }

    static Runtime twoPhase(List<String> rms) {
        CommitRuntime rt = new CommitRuntime(rms, name -> new MemoryLog(), new CommitRuntime.Config(8 * WINDOW, 10_000, 256));
        return new Runtime() {
            public CompletableFuture<TmState> submit() throws Exception { return rt.submit(); }
            public void close() throws Exception { rt.close(); }
        };
    }

    static Runtime paxos(List<String> rms) {
        PaxosCommitSimulation.Setup setup = new PaxosCommitSimulation.Setup(rms, names("a", 3), 1, 0, false, false);
        PaxosCommitRuntime rt = new PaxosCommitRuntime(setup, PaxosCommitSimulation.STANDARD, name -> new MemoryLog(),
                new PaxosCommitRuntime.Config(10_000_000, 0, 0, 1), (rm, tx) -> Vote.PREPARED);
        return new Runtime() {
            public CompletableFuture<TmState> submit() { return rt.submit(); }
            public void close() throws Exception { rt.close(); }
        };
    }

    static Runtime shards(List<String> rms) throws InterruptedException {
        ShardsRuntime rt = new ShardsRuntime(rms, List.of("s1", "s2", "s3"), List.of("d1", "d2", "d3"), 1);
        return new Runtime() {
            public CompletableFuture<TmState> submit() { return rt.submit(); }
            public void close() throws Exception { rt.close(); }
        };
    }

    static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(prefix + i);
        return out;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
