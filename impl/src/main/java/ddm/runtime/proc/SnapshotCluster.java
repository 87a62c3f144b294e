package ddm.runtime.proc;

import ddm.runtime.SnapshotWire;
import ddm.runtime.net.Frame;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.net.Transport;
import ddm.runtime.node.FaultPoints;
import ddm.snapshot.Channel;
import ddm.snapshot.Graph;
import ddm.snapshot.RepeatedBankProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A run of the Chandy–Lamport bank as node processes: {@code procs} processes on a complete graph (or a ring), each
 * its own JVM; a client that keeps asking processes to pay each other and, every {@code snapshotEveryMillis}, one of
 * them to initiate the next snapshot, for {@code seconds} with the nemesis on; a liveness phase on the healed
 * cluster until every channel is empty and every snapshot is finished everywhere; a clean stop; and the checker
 * ({@link SnapshotChecker}) on the parts the processes reported. What {@code ddm cluster snapshot} and the
 * multi-process tests run.
 */
public final class SnapshotCluster {

    /** Everything a run needs; {@link #defaults} gives the launcher's. */
    public record Options(int procs, String graph, long balance, long seconds, long snapshotEveryMillis,
                          long payEveryMillis, Nemesis nemesis, long livenessMillis, Map<String, String> mainClasses,
                          Map<String, FaultPoints.Plan> faultPlans, Path runDir, List<String> jvmOptions,
                          String classPath, long progressMillis) {
        public Options {
            if (procs < 2) {
                throw new IllegalArgumentException("a bank needs two processes at least, not " + procs);
            }
            mainClasses = Map.copyOf(mainClasses);
            faultPlans = Map.copyOf(faultPlans);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** {@code procs} processes of 100 each on a complete graph, a snapshot every 100 ms, the default nemesis. */
        public static Options defaults(int procs, long seconds, long seed, Path runDir) {
            return new Options(procs, "complete", 100, seconds, 100, 2, CommitCluster.defaultNemesis(seed), 20_000,
                    Map.of(), Map.of(), runDir, Cluster.FAST_START, System.getProperty("java.class.path"), 1000);
        }

        public Options withNemesis(Nemesis n) {
            return new Options(procs, graph, balance, seconds, snapshotEveryMillis, payEveryMillis, n,
                    livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        /** Processes that run another main (tests: a broken variant), by name. */
        public Options withMainClasses(Map<String, String> m) {
            return new Options(procs, graph, balance, seconds, snapshotEveryMillis, payEveryMillis, nemesis,
                    livenessMillis, m, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        /** Processes whose crash points are not the nemesis's, by name. */
        public Options withFaultPlans(Map<String, FaultPoints.Plan> plans) {
            return new Options(procs, graph, balance, seconds, snapshotEveryMillis, payEveryMillis, nemesis,
                    livenessMillis, mainClasses, plans, runDir, jvmOptions, classPath, progressMillis);
        }

        public Options withGraph(String g) {
            return new Options(procs, g, balance, seconds, snapshotEveryMillis, payEveryMillis, nemesis,
                    livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        public Options withLiveness(long millis) {
            return new Options(procs, graph, balance, seconds, snapshotEveryMillis, payEveryMillis, nemesis,
                    millis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        public Options withProgress(long millis) {
            return new Options(procs, graph, balance, seconds, snapshotEveryMillis, payEveryMillis, nemesis,
                    livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, millis);
        }
    }

    /** What a run did and what the checker found. */
    public record Report(Options options, SnapshotChecker.Verdict verdict, Cluster.Stats processes, long pays,
                         long initiations, long safetyMillis, long livenessMillis, boolean settled,
                         List<String> problems) {
        public boolean ok() {
            return verdict.ok() && problems.isEmpty();
        }

        public List<String> violations() {
            List<String> all = new ArrayList<>(problems);
            all.addAll(verdict.violations());
            return all;
        }

        public String summary() {
            SnapshotChecker.Verdict v = verdict;
            return String.format(Locale.ROOT, "%d snapshots in %.1f s, %d finished everywhere and checked; %d "
                            + "payments and %d initiations asked; money at the end %d of %d; %d node starts, %d kills, "
                            + "%d crashes at fault points %s; settled %s in %.1f s; %s",
                    v.snapshots(), safetyMillis / 1000.0, v.complete(), pays, initiations, v.finalMoney(), v.total(),
                    processes.starts(), processes.kills(), processes.selfKills(), processes.pointCrashes(),
                    settled ? "yes" : "NO", livenessMillis / 1000.0,
                    ok() ? "no violation" : violations().size() + " violations");
        }
    }

    private SnapshotCluster() {
    }

    /** Runs the bank once; {@code out} hears the settings, the progress and the summary. */
    public static Report run(Options o, Consumer<String> out) throws IOException, InterruptedException {
        List<String> procs = Graph.names(o.procs());
        Map<String, String> settings = Map.of("procs", String.join(",", procs), "graph", o.graph(),
                "balance", Long.toString(o.balance()), "retransmit-ms", "50", "window", "64", "batch", "16");
        Graph graph = graph(procs, o.graph());
        List<Cluster.Node> nodes = new ArrayList<>();
        for (String p : procs) {
            nodes.add(new Cluster.Node(p, "process", o.mainClasses().getOrDefault(p, NodeMain.class.getName()),
                    settings, null, Map.of(), o.faultPlans().get(p)));
        }
        long faultsUntil = System.currentTimeMillis() + 60_000 + o.seconds() * 1000;
        Cluster.Spec spec = new Cluster.Spec("snapshot", o.runDir(), nodes, o.nemesis(), faultsUntil,
                Set.copyOf(procs), down -> true, o.jvmOptions(), o.classPath());
        out.accept("snapshot cluster: " + o.procs() + " processes of " + o.balance() + " on a " + o.graph()
                + " graph, " + o.seconds() + " s, a payment asked every " + o.payEveryMillis() + " ms, a snapshot every "
                + o.snapshotEveryMillis() + " ms, run directory " + o.runDir());
        out.accept("nemesis: " + o.nemesis().describe());
        o.faultPlans().forEach((n, p) -> out.accept("  crash points of " + n + ": " + p));
        Files.createDirectories(o.runDir());
        Map<Long, Map<String, RepeatedBankProcess.Part>> parts = new ConcurrentHashMap<>();
        Map<String, SnapshotWire.StatusReply> status = new ConcurrentHashMap<>();
        Map<String, Long> statusAt = new ConcurrentHashMap<>();
        SnapshotCodec codec = new SnapshotCodec();
        SplittableRandom random = new SplittableRandom(o.nemesis().seed() * 0x5DEECE66DL + 11);
        List<String> problems = new ArrayList<>();
        long pays = 0, initiations = 0, safetyMillis = 0, livenessMillis = 0;
        boolean settled = false;
        try (Cluster cluster = Cluster.start(spec, line -> out.accept("  " + line))) {
            Map<String, java.net.InetSocketAddress> peers = new LinkedHashMap<>(cluster.addresses());
            peers.remove(Cluster.CLIENT);
            try (Transport client = Transport.open(Cluster.CLIENT, cluster.clientAddress(), peers,
                    f -> heard(f, codec, parts, status, statusAt), Transport.Settings.DEFAULT, LinkFaults.NONE,
                    line -> { })) {
                if (!awaitAnswers(client, codec, procs, statusAt, 30_000)) {
                    problems.add("not every process answered within 30 s of its start: " + procs.stream()
                            .filter(n -> !statusAt.containsKey(n)).toList());
                    return report(o, cluster, graph, parts, null, problems, 0, 0, 0, 0, false);
                }
                cluster.startNemesis();
                List<Channel> channels = List.copyOf(graph.channels());
                long t0 = System.currentTimeMillis(), safetyEnd = t0 + o.seconds() * 1000;
                long nextSnapshot = t0, lastProgress = t0;
                while (System.currentTimeMillis() < safetyEnd) {
                    long now = System.currentTimeMillis();
                    Channel c = channels.get(random.nextInt(channels.size()));
                    client.send(c.from(), Map.of(), codec.encode(new SnapshotWire.Pay(c.to(), 1 + random.nextInt(10))));
                    pays++;
                    if (now >= nextSnapshot) {
                        client.send(procs.get(random.nextInt(procs.size())), Map.of(),
                                codec.encode(new SnapshotWire.Initiate()));
                        initiations++;
                        nextSnapshot = now + o.snapshotEveryMillis();
                    }
                    if (o.progressMillis() > 0 && now - lastProgress >= o.progressMillis()) {
                        lastProgress = now;
                        Cluster.Stats s = cluster.stats();
                        out.accept(String.format(Locale.ROOT, "  t=%.0fs %d payments asked, %d snapshots finished "
                                        + "everywhere so far; down now %s; %d kills, %d fault-point crashes so far",
                                (now - t0) / 1000.0, pays, finished(parts, procs.size()), cluster.down(), s.kills(),
                                s.selfKills()));
                    }
                    Thread.sleep(o.payEveryMillis());
                }
                safetyMillis = System.currentTimeMillis() - t0;
                cluster.heal();
                long t1 = System.currentTimeMillis();
                cluster.awaitUp(o.livenessMillis());
                settled = awaitSettled(client, codec, procs, parts, status, statusAt, t1, o.livenessMillis(),
                        () -> !cluster.stats().failures().isEmpty());
                livenessMillis = System.currentTimeMillis() - t1;
                if (!settled && cluster.stats().failures().isEmpty()) {
                    cluster.dumpThreads();
                    problems.add("liveness: within " + o.livenessMillis() + " ms of healing, not every channel was "
                            + "empty and every snapshot finished everywhere: " + status.values());
                }
            }
            return report(o, cluster, graph, parts, settled ? Map.copyOf(status) : null, problems, pays, initiations,
                    safetyMillis, livenessMillis, settled);
        }
    }

    static Graph graph(List<String> procs, String shape) {
        return shape.equals("ring") ? Graph.ring(procs.size()) : Graph.complete(procs.size());
    }

    private static Report report(Options o, Cluster cluster, Graph graph,
                                 Map<Long, Map<String, RepeatedBankProcess.Part>> parts,
                                 Map<String, SnapshotWire.StatusReply> last, List<String> problems, long pays,
                                 long initiations, long safetyMillis, long livenessMillis, boolean settled)
            throws InterruptedException {
        cluster.stop();
        Cluster.Stats stats = cluster.stats();
        problems.addAll(stats.failures());
        long recorded = 0;
        if (last != null) {
            for (SnapshotWire.StatusReply r : last.values()) {
                recorded = Math.max(recorded, r.recorded());
            }
        } else {
            recorded = parts.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        }
        return new Report(o, SnapshotChecker.check(graph, o.balance(), recorded, parts, last), stats, pays,
                initiations, safetyMillis, livenessMillis, settled, List.copyOf(problems));
    }

    private static long finished(Map<Long, Map<String, RepeatedBankProcess.Part>> parts, int procs) {
        return parts.values().stream().filter(m -> m.size() == procs).count();
    }

    private static void heard(Frame f, SnapshotCodec codec, Map<Long, Map<String, RepeatedBankProcess.Part>> parts,
                              Map<String, SnapshotWire.StatusReply> status, Map<String, Long> statusAt) {
        SnapshotWire m;
        try {
            m = codec.decode(f.payload());
        } catch (IOException e) {
            return;
        }
        if (m instanceof SnapshotWire.Part p) {
            parts.computeIfAbsent(p.part().snapshot(), s -> new ConcurrentHashMap<>()).putIfAbsent(p.node(), p.part());
        } else if (m instanceof SnapshotWire.StatusReply r) {
            status.put(r.node(), r);
            statusAt.put(r.node(), System.currentTimeMillis());
        }
    }

    private static boolean awaitAnswers(Transport client, SnapshotCodec codec, List<String> procs,
                                        Map<String, Long> statusAt, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (statusAt.keySet().containsAll(procs)) {
                return true;
            }
            for (String n : procs) {
                client.send(n, Map.of(), codec.encode(new SnapshotWire.Status(List.of())));
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * The liveness phase: until every process has answered since it was last asked, up, with nothing
     * unacknowledged, and has reported its part of every snapshot any process recorded (asked again for those
     * missing), twice in a row. Twice, because one round's answers come at different moments: a process may answer
     * before it takes a transfer whose sender answers after the acknowledgement. Once a whole round saw nothing
     * unacknowledged anywhere, every transfer was taken, and the balances of the next round's answers are final.
     * False at once if a process failed (it stopped on a refused step: it will not come back).
     */
    private static boolean awaitSettled(Transport client, SnapshotCodec codec, List<String> procs,
                                        Map<Long, Map<String, RepeatedBankProcess.Part>> parts,
                                        Map<String, SnapshotWire.StatusReply> status, Map<String, Long> statusAt,
                                        long since, long millis, java.util.function.BooleanSupplier failed)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        boolean quiet = false;
        while (System.currentTimeMillis() < deadline && !failed.getAsBoolean()) {
            long asked = System.currentTimeMillis();
            long recorded = status.values().stream().mapToLong(SnapshotWire.StatusReply::recorded).max().orElse(0);
            CommitCluster.heal(client, procs);
            for (String n : procs) {
                List<Long> lacking = new ArrayList<>();
                for (long s = 1; s <= recorded && lacking.size() < 64; s++) {
                    if (!parts.getOrDefault(s, Map.of()).containsKey(n)) {
                        lacking.add(s);
                    }
                }
                client.send(n, Map.of(), codec.encode(new SnapshotWire.Status(lacking)));
            }
            Thread.sleep(200);
            boolean all = true;
            long now = status.values().stream().mapToLong(SnapshotWire.StatusReply::recorded).max().orElse(0);
            for (String n : procs) {
                SnapshotWire.StatusReply s = status.get(n);
                all &= s != null && statusAt.getOrDefault(n, -1L) >= Math.max(since, asked) && s.up()
                        && s.unacknowledged() == 0;
            }
            for (long s = 1; all && s <= now; s++) {
                all = parts.getOrDefault(s, Map.of()).size() == procs.size();
            }
            if (all && quiet) {
                return true;
            }
            quiet = all;
        }
        return false;
    }
}
