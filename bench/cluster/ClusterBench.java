package ddm.bench.cluster;

import ddm.commit.TmState;
import ddm.log.FileLog;
import ddm.runtime.CommitRuntime;
import ddm.runtime.proc.CommitCluster;
import ddm.runtime.proc.Nemesis;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Commit across processes on loopback, against the same protocol on threads and a raw TCP ping-pong, all measured
 * in the same run, interleaved: per configuration the committed transactions per second and the latency p50/p99 of
 * a transaction as its client sees it (begun, until every RM has applied the outcome), each the median of several
 * runs. Configurations: (p) a ping-pong of 16-byte messages over one loopback TCP connection (round trips per second
 * and round-trip time: the floor any message of the cluster pays); (t) 2PC on the threaded runtime (CommitRuntime,
 * a FileLog per node, group commit of up to 16 steps per force); (2) 2PC as node processes (a TM and 3 RMs, each its
 * JVM, file logs, group commit); (x) Paxos Commit as node processes (3 RMs, 3 acceptors, a leader). No faults. The
 * client keeps {@code WINDOW} transactions in flight. It measures; it asserts nothing.
 *
 * <p>Run (after make build): {@code java -cp impl/target/classes bench/cluster/ClusterBench.java [runs] [seconds]
 * [dir]}; defaults 3 runs of 5 s.
 */
public final class ClusterBench {

    private static final int WINDOW = 32;

    record Sample(double perSecond, double p50Millis, double p99Millis) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path base = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "ddm-cluster-bench");
        System.out.printf(Locale.ROOT, "commit across processes: %d interleaved runs of %d s, median shown; window %d; "
                + "3 RMs; file logs, group commit; no faults; scratch %s%n", runs, seconds, WINDOW, dir);
        String[] names = {"(p) raw TCP ping-pong, 16 bytes, loopback (round trips/s)",
            "(t) 2PC, threaded runtime, FileLog per node", "(2) 2PC, node processes (tm + 3 RMs)",
            "(x) Paxos Commit, node processes (3 RMs, 3 acceptors, leader)"};
        List<List<Sample>> samples = new ArrayList<>();
        for (String n : names) {
            samples.add(new ArrayList<>());
        }
        pingPong(1);          // warm-up, not counted
        threaded(dir.resolve("warm"), 1);
        for (int run = 0; run < runs; run++) {
            samples.get(0).add(pingPong(seconds));
            samples.get(1).add(threaded(dir.resolve("t" + run), seconds));
            samples.get(2).add(cluster(CommitCluster.Options.defaults(3, seconds, run + 1, dir.resolve("2pc" + run))));
            samples.get(3).add(cluster(CommitCluster.Options.paxos(3, 3, seconds, run + 1, dir.resolve("px" + run))));
            System.out.printf(Locale.ROOT, "  run %d: %s%n", run + 1, Arrays.toString(new double[] {
                samples.get(0).get(run).perSecond(), samples.get(1).get(run).perSecond(),
                samples.get(2).get(run).perSecond(), samples.get(3).get(run).perSecond()}));
        }
        double threadedRate = median(samples.get(1), Sample::perSecond);
        double rtt = median(samples.get(0), Sample::p50Millis);
        System.out.println();
        System.out.println("| configuration | per second (median) | × threaded runtime | p50 ms | p99 ms "
                + "| p50 ÷ TCP round trip |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int i = 0; i < names.length; i++) {
            double rate = median(samples.get(i), Sample::perSecond);
            double p50 = median(samples.get(i), Sample::p50Millis);
            double p99 = median(samples.get(i), Sample::p99Millis);
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.3f | %.3f | %s |%n", names[i], rate,
                    i == 0 ? "" : String.format(Locale.ROOT, "%.2f", rate / threadedRate), p50, p99,
                    i == 0 ? "1" : String.format(Locale.ROOT, "%.0f", p50 / rtt));
        }
    }

    interface Field {
        double of(Sample s);
    }

    static double median(List<Sample> xs, Field f) {
        double[] v = xs.stream().mapToDouble(f::of).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static Sample of(List<Long> latenciesNanos, double perSecond) {
        long[] l = latenciesNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (l.length == 0) {
            return new Sample(perSecond, Double.NaN, Double.NaN);
        }
        return new Sample(perSecond, l[(int) (l.length * 0.50)] / 1e6, l[Math.min(l.length - 1,
                (int) (l.length * 0.99))] / 1e6);
    }

    /** One connection, one message in flight: a round trip per message. */
    static Sample pingPong(int seconds) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    byte[] b = new byte[16];
                    while (true) {
                        in.readFully(b);
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException done) {
                    // the client closed: the run is over
                }
            });
            echo.setDaemon(true);
            echo.start();
            List<Long> rtts = new ArrayList<>();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                c.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(c.getInputStream());
                DataOutputStream out = new DataOutputStream(c.getOutputStream());
                byte[] b = new byte[16];
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    out.write(b);
                    out.flush();
                    in.readFully(b);
                    rtts.add(System.nanoTime() - t);
                }
            }
            echo.join(2000);
            return of(rtts, rtts.size() / (double) seconds);
        }
    }

    static Sample threaded(Path dir, int seconds) throws Exception {
        Files.createDirectories(dir);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore window = new Semaphore(WINDOW);
        long committed;
        try (CommitRuntime rt = new CommitRuntime(List.of("r1", "r2", "r3"), name -> {
            try {
                return FileLog.open(dir.resolve(name + ".log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, new CommitRuntime.Config(4096, 1000, 16))) {
            long[] ok = {0};
            boolean[] open = {true};
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<CompletableFuture<TmState>> all = new ArrayList<>();
            while (System.nanoTime() < end) {
                window.acquire();
                long t = System.nanoTime();
                CompletableFuture<TmState> f = rt.submit();
                f.whenComplete((s, e) -> {
                    if (s == TmState.COMMITTED && open[0]) {
                        latencies.add(System.nanoTime() - t);
                        synchronized (ok) {
                            ok[0]++;
                        }
                    }
                    window.release();
                });
                all.add(f);
            }
            synchronized (ok) {
                open[0] = false;
            }
            for (CompletableFuture<TmState> f : all) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);   // in flight at the end: finished, not counted
            }
            synchronized (ok) {
                committed = ok[0];
            }
        }
        return of(latencies, committed / (double) seconds);
    }

    static Sample cluster(CommitCluster.Options base) throws Exception {
        CommitCluster.Options o = base.withNemesis(Nemesis.off(1)).withAbortOneIn(0).withWindow(WINDOW)
                .withTimeout(2000).withProgress(0).withJvmOptions(List.of("-XX:+UseSerialGC", "-Xmx256m"));
        CommitCluster.Report r = CommitCluster.run(o, line -> { });
        if (!r.ok()) {
            System.out.println("  (the run had violations: " + r.violations() + ")");
        }
        return of(r.appliedLatenciesNanos(), r.verdict().committed() / (r.safetyMillis() / 1000.0));
    }
}
