package ddm.runtime.proc;

import ddm.epoch.Channel;
import ddm.epoch.Dataflow;
import ddm.epoch.Operator;
import ddm.runtime.EpochWire;
import ddm.runtime.net.Frame;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.net.Transport;
import ddm.runtime.node.FaultPoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A run of the epoch dataflow as node processes: two sources {@code s1}, {@code s2} feeding a keyed count {@code c}
 * feeding a tally sink {@code t}, and the checkpoint coordinator {@code jm}, each its own JVM; the sources emit their
 * replayable input at a steady rate while the nemesis kills and crashes nodes (each restart restarts the job from the
 * last completed checkpoint); then, healed, the run goes on until every input record has reached the sink; and the
 * checker compares the sink's state with what a run without failures computes: exactly once, every record, after
 * every failure. What {@code ddm cluster epoch} and the multi-process tests run.
 */
public final class EpochCluster {

    static final String JM = "jm";
    static final Map<String, String> KINDS = Map.of("c", "count", "t", "tally");
    static final List<Channel> EDGES = List.of(new Channel("s1", "c"), new Channel("s2", "c"), new Channel("c", "t"));
    static final Dataflow DATAFLOW = new Dataflow(Set.of("s1", "s2"), KINDS, Set.copyOf(EDGES));

    /** Everything a run needs; {@link #defaults} gives the launcher's. */
    public record Options(long seconds, int records, long epochMillis, Nemesis nemesis, long livenessMillis,
                          Map<String, String> mainClasses, Map<String, FaultPoints.Plan> faultPlans, Path runDir,
                          List<String> jvmOptions, String classPath, long progressMillis, Set<String> killable) {
        public Options {
            killable = Set.copyOf(killable);
            mainClasses = Map.copyOf(mainClasses);
            faultPlans = Map.copyOf(faultPlans);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** Each source 300 records per second of the run, an epoch every 100 ms, the default nemesis. */
        public static Options defaults(long seconds, long seed, Path runDir) {
            return new Options(seconds, (int) (300 * seconds), 100, CommitCluster.defaultNemesis(seed), 30_000,
                    Map.of(), Map.of(), runDir, Cluster.FAST_START, System.getProperty("java.class.path"), 1000,
                    Set.of(JM, "s1", "s2", "c", "t"));
        }

        /** The nodes the nemesis may kill -9 (default: every one). */
        public Options withKillable(Set<String> nodes) {
            return new Options(seconds, records, epochMillis, nemesis, livenessMillis, mainClasses, faultPlans, runDir,
                    jvmOptions, classPath, progressMillis, nodes);
        }

        public Options withNemesis(Nemesis n) {
            return new Options(seconds, records, epochMillis, n, livenessMillis, mainClasses, faultPlans, runDir,
                    jvmOptions, classPath, progressMillis, killable);
        }

        public Options withMainClasses(Map<String, String> m) {
            return new Options(seconds, records, epochMillis, nemesis, livenessMillis, m, faultPlans, runDir,
                    jvmOptions, classPath, progressMillis, killable);
        }

        public Options withFaultPlans(Map<String, FaultPoints.Plan> p) {
            return new Options(seconds, records, epochMillis, nemesis, livenessMillis, mainClasses, p, runDir,
                    jvmOptions, classPath, progressMillis, killable);
        }

        public Options withLiveness(long millis) {
            return new Options(seconds, records, epochMillis, nemesis, millis, mainClasses, faultPlans, runDir,
                    jvmOptions, classPath, progressMillis, killable);
        }

        public Options withProgress(long millis) {
            return new Options(seconds, records, epochMillis, nemesis, livenessMillis, mainClasses, faultPlans, runDir,
                    jvmOptions, classPath, millis, killable);
        }
    }

    /** What a run did and what the checker found. */
    public record Report(Options options, List<String> violations, long attempts, int completed, long sinkRecords,
                         Cluster.Stats processes, long safetyMillis, long livenessMillis, boolean settled) {
        public boolean ok() {
            return violations.isEmpty();
        }

        public String summary() {
            return String.format(Locale.ROOT, "%d records per source in %.1f s; %d epochs completed, %d attempts "
                            + "(%d restarts of the job); the sink took %d records; %d node starts, %d kills, %d "
                            + "crashes at fault points %s; settled %s in %.1f s; %s", options.records(),
                    safetyMillis / 1000.0, completed, attempts, Math.max(0, attempts - 1), sinkRecords,
                    processes.starts(), processes.kills(), processes.selfKills(), processes.pointCrashes(),
                    settled ? "yes" : "NO", livenessMillis / 1000.0,
                    ok() ? "the sink's state is the failure-free one" : violations.size() + " violations");
        }
    }

    private EpochCluster() {
    }

    /** Runs the dataflow once; {@code out} hears the settings, the progress and the summary. */
    public static Report run(Options o, Consumer<String> out) throws IOException, InterruptedException {
        Map<String, String> settings = Map.of("sources", "s1,s2", "tasks", "c:count,t:tally",
                "edges", "s1>c,s2>c,c>t", "records", Integer.toString(o.records()),
                "epoch-ms", Long.toString(o.epochMillis()), "batch", "16");
        List<String> all = new ArrayList<>(List.of(JM));
        all.addAll(DATAFLOW.nodes());
        List<Cluster.Node> nodes = new ArrayList<>();
        for (String n : all) {
            String role = n.equals(JM) ? "jm" : DATAFLOW.sources().contains(n) ? "source" : "task";
            nodes.add(new Cluster.Node(n, role, o.mainClasses().getOrDefault(n, NodeMain.class.getName()), settings,
                    null, Map.of(), o.faultPlans().get(n)));
        }
        long faultsUntil = System.currentTimeMillis() + 60_000 + o.seconds() * 1000;
        Cluster.Spec spec = new Cluster.Spec("epoch", o.runDir(), nodes, o.nemesis(), faultsUntil, o.killable(),
                down -> true, o.jvmOptions(), o.classPath());
        out.accept("epoch cluster: sources s1, s2 -> count c -> tally sink t, and the job manager jm; " + o.records()
                + " records per source, an epoch every " + o.epochMillis() + " ms, " + o.seconds()
                + " s of faults, run directory " + o.runDir());
        out.accept("nemesis: " + o.nemesis().describe());
        o.faultPlans().forEach((n, p) -> out.accept("  crash points of " + n + ": " + p));
        Files.createDirectories(o.runDir());
        Map<String, EpochWire.StatusReply> status = new ConcurrentHashMap<>();
        Map<String, Long> statusAt = new ConcurrentHashMap<>();
        EpochCodec codec = new EpochCodec();
        List<String> violations = new ArrayList<>();
        long safetyMillis = 0, livenessMillis = 0;
        boolean settled = false;
        long[] expected = expectedSink(o.nemesis().seed(), o.records());
        try (Cluster cluster = Cluster.start(spec, line -> out.accept("  " + line))) {
            Map<String, java.net.InetSocketAddress> peers = new LinkedHashMap<>(cluster.addresses());
            peers.remove(Cluster.CLIENT);
            try (Transport client = Transport.open(Cluster.CLIENT, cluster.clientAddress(), peers,
                    f -> heard(f, codec, status, statusAt), Transport.Settings.DEFAULT, LinkFaults.NONE,
                    line -> { })) {
                long t0 = System.currentTimeMillis();
                if (!poll(client, codec, all, status, statusAt, t0, 30_000, false,
                        s -> s.size() == all.size(), () -> !cluster.stats().failures().isEmpty())) {
                    violations.add("not every node answered within 30 s of its start: " + all.stream()
                            .filter(n -> !status.containsKey(n)).toList());
                } else {
                    cluster.startNemesis();
                    t0 = System.currentTimeMillis();
                    long end = t0 + o.seconds() * 1000, lastProgress = t0;
                    while (System.currentTimeMillis() < end) {
                        Thread.sleep(100);
                        askAll(client, codec, all);
                        long now = System.currentTimeMillis();
                        if (o.progressMillis() > 0 && now - lastProgress >= o.progressMillis()) {
                            lastProgress = now;
                            Cluster.Stats s = cluster.stats();
                            EpochWire.StatusReply jm = status.get(JM), sink = status.get("t");
                            out.accept(String.format(Locale.ROOT, "  t=%.0fs attempt %d, %d epochs completed; "
                                            + "sink took %d; down now %s; %d kills, %d fault-point crashes so far",
                                    (now - t0) / 1000.0, jm == null ? 0 : jm.attempt(), jm == null ? 0 : jm.epoch(),
                                    sink == null ? 0 : total(sink.consumed()), cluster.down(), s.kills(),
                                    s.selfKills()));
                        }
                    }
                    safetyMillis = System.currentTimeMillis() - t0;
                    cluster.heal();
                    long t1 = System.currentTimeMillis();
                    CommitCluster.heal(client, all);
                    cluster.awaitUp(o.livenessMillis());
                    settled = poll(client, codec, all, status, statusAt, t1, o.livenessMillis(), true,
                            s -> settled(s, o.records()), () -> !cluster.stats().failures().isEmpty());
                    livenessMillis = System.currentTimeMillis() - t1;
                    if (!settled && cluster.stats().failures().isEmpty()) {
                        cluster.dumpThreads();
                        violations.add("liveness: within " + o.livenessMillis() + " ms of healing the sink did not "
                                + "take every record once in one attempt: " + status.values().stream()
                                .map(EpochCluster::show).toList());
                    }
                }
            }
            cluster.stop();
            Cluster.Stats stats = cluster.stats();
            violations.addAll(stats.failures());
            EpochWire.StatusReply sink = status.get("t"), jm = status.get(JM);
            if (settled && !Arrays.equals(sink.state(), expected)) {
                violations.add("exactly once: the sink's state " + Arrays.toString(sink.state()) + " is not the "
                        + "failure-free run's " + Arrays.toString(expected));
            }
            return new Report(o, List.copyOf(violations), jm == null ? 0 : jm.attempt(), jm == null ? 0 : jm.epoch(),
                    sink == null ? 0 : total(sink.consumed()), stats, safetyMillis, livenessMillis, settled);
        }
    }

    /** Every node in the job manager's attempt, nothing unacknowledged, and the sink has taken every record. */
    private static boolean settled(Map<String, EpochWire.StatusReply> s, int records) {
        EpochWire.StatusReply jm = s.get(JM), sink = s.get("t");
        if (jm == null || sink == null || jm.attempt() == 0 || jm.unacknowledged() != 0) {
            return false;
        }
        for (EpochWire.StatusReply r : s.values()) {
            if (r.attempt() != jm.attempt() || r.unacknowledged() != 0) {
                return false;
            }
        }
        return sink.consumed().getOrDefault("s1", 0L) == records && sink.consumed().getOrDefault("s2", 0L) == records;
    }

    /**
     * The sink's state after a run without failures: the order of records does not change it (a keyed count feeds a
     * tally of counts and sums per key), so one pass over the inputs computes it.
     */
    static long[] expectedSink(long seed, int records) {
        Operator count = Operator.of("count"), tally = Operator.of("tally");
        for (String s : List.of("s1", "s2")) {
            for (long[] kv : NodeKind.Epoch.input(seed, s, records)) {
                long[] out = count.apply(kv[0], kv[1]);
                tally.apply(out[0], out[1]);
            }
        }
        return tally.snapshot();
    }

    private static long total(Map<String, Long> consumed) {
        return consumed.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String show(EpochWire.StatusReply r) {
        return r.node() + ": attempt " + r.attempt() + ", epoch " + r.epoch() + ", emitted " + r.emitted()
                + ", consumed " + new TreeMap<>(r.consumed()) + ", unacknowledged " + r.unacknowledged();
    }

    private static void heard(Frame f, EpochCodec codec, Map<String, EpochWire.StatusReply> status,
                              Map<String, Long> statusAt) {
        try {
            if (codec.decode(f.payload()) instanceof EpochWire.StatusReply r) {
                status.put(r.node(), r);
                statusAt.put(r.node(), System.currentTimeMillis());
            }
        } catch (IOException e) {
            // not a status: the client hears nothing else
        }
    }

    private static void askAll(Transport client, EpochCodec codec, List<String> nodes) {
        for (String n : nodes) {
            client.send(n, Map.of(), codec.encode(new EpochWire.Status()));
        }
    }

    /**
     * Asks every node for its status (and, with {@code heal}, tells it the faults are over) until {@code done} holds
     * of answers all given since {@code since}, twice in a row (one round's answers come at different moments); false
     * after {@code millis}, or at once if a node failed (it stopped on a refused step: it will not come back).
     */
    private static boolean poll(Transport client, EpochCodec codec, List<String> nodes,
                                Map<String, EpochWire.StatusReply> status, Map<String, Long> statusAt, long since,
                                long millis, boolean heal,
                                java.util.function.Predicate<Map<String, EpochWire.StatusReply>> done,
                                java.util.function.BooleanSupplier failed) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        boolean once = false;
        while (System.currentTimeMillis() < deadline && !failed.getAsBoolean()) {
            long asked = System.currentTimeMillis();
            if (heal) {
                CommitCluster.heal(client, nodes);
            }
            askAll(client, codec, nodes);
            Thread.sleep(150);
            boolean fresh = nodes.stream().allMatch(n -> statusAt.getOrDefault(n, -1L) >= Math.max(since, asked));
            boolean now = fresh && done.test(Map.copyOf(status));
            if (now && once) {
                return true;
            }
            once = now;
        }
        return false;
    }
}
