package ddm.bench;

import ddm.snapshot.GlobalSnapshot;
import ddm.snapshot.Graph;
import ddm.snapshot.SnapshotRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Chandy–Lamport on the threaded runtime ({@link SnapshotRuntime}): how long a snapshot takes from the initiation to
 * the last marker, and how many in-flight transfers it records, against the graph (ring and complete, 4 to 16
 * processes) and the message rate (transfers per second per process). One initiator (p1). Each configuration runs
 * {@code runs} times, each on a fresh runtime that carries traffic for {@code warmupMillis} before the snapshot; the
 * table shows the medians, and checks each snapshot's money (printed, never asserted). It measures; it asserts nothing.
 *
 * <p>Run from the repository root, after {@code mvn -q -B -pl impl compile}:
 * <pre>java -cp impl/target/classes bench/snapshot/SnapshotBench.java [runs] [warmupMillis]</pre>
 * (defaults 5 and 200).
 */
public final class SnapshotBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long warmupMillis = args.length > 1 ? Long.parseLong(args[1]) : 200;
        long initBalance = 1_000;
        System.out.printf(Locale.ROOT, "Chandy-Lamport snapshot on the threaded runtime: %d runs per row (median), %d ms of "
                + "traffic before the snapshot, balance %d per process, amounts 1..10, initiator p1; %d cores%n",
                runs, warmupMillis, initBalance, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-10s %5s %8s %12s %14s %14s %10s%n",
                "graph", "procs", "chans", "rate/proc/s", "completion ms", "in-flight rec", "money ok");
        for (String shape : List.of("ring", "complete")) {
            for (int n : List.of(4, 8, 16)) {
                for (double rate : List.of(0.0, 1_000.0, 10_000.0, 50_000.0)) {
                    Graph g = shape.equals("ring") ? Graph.ring(n) : Graph.complete(n);
                    List<Double> millis = new ArrayList<>();
                    List<Integer> inFlight = new ArrayList<>();
                    boolean moneyOk = true;
                    for (int r = 0; r < runs; r++) {
                        SnapshotRuntime rt = new SnapshotRuntime(g, new SnapshotRuntime.Config(initBalance, rate, 10, r));
                        try {
                            Thread.sleep(warmupMillis);
                            long t0 = System.nanoTime();
                            GlobalSnapshot snap = rt.snapshot(List.of("p1")).get(60, TimeUnit.SECONDS);
                            millis.add((System.nanoTime() - t0) / 1e6);
                            inFlight.add(snap.inFlightTransfers());
                            moneyOk &= snap.totalMoney() == initBalance * n;
                        } finally {
                            rt.close();
                        }
                        moneyOk &= rt.money() == initBalance * n;
                    }
                    System.out.printf(Locale.ROOT, "%-10s %5d %8d %12.0f %14.3f %14d %10s%n", shape, n, g.channels().size(),
                            rate, median(millis), median(inFlight), moneyOk ? "yes" : "NO");
                }
            }
        }
    }

    private static <T extends Comparable<T>> T median(List<T> xs) {
        List<T> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
