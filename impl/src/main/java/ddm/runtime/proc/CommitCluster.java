package ddm.runtime.proc;

import ddm.commit.DurableRecord;
import ddm.log.FileLog;
import ddm.log.LogCorruptedException;
import ddm.runtime.CommitWire;
import ddm.runtime.net.Frame;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.net.Transport;
import ddm.runtime.node.FaultPoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A run of 2PC, or of Paxos Commit, as node processes: a TM and {@code rms} RMs (or RMs, 2F+1 acceptors and a
 * leader), each its own JVM, a client workload for a time or a
 * number of transactions with the nemesis on, a liveness phase on the healed cluster, a clean stop, and the checker
 * ({@link CommitChecker}) on what the client saw and what every node's log holds. What {@code ddm cluster 2pc} and
 * the multi-process tests run.
 *
 * <p>Phases: the nodes start (faults already armed in them, until {@code faultsUntil}); once every node answers,
 * the safety phase: the client keeps {@code window} transactions in flight (each begun at the TM, which begins it
 * at every RM) while the nemesis kills and restarts nodes, nodes crash at fault points, links drop, duplicate and
 * reorder, and logs lose what they did not force; at {@code faultsUntil} every fault stops; the liveness phase
 * waits until every node is up and no node is in doubt (or its bound passes, a violation); then every node is stopped
 * and its log read back.
 */
public final class CommitCluster {

    /** Everything a run needs; {@link #defaults} gives the launcher's. */
    public record Options(String protocol, int acceptors, int rms, long seconds, long transactions, int window,
                          long timeoutMillis, int abortOneIn,
                          Nemesis nemesis, long livenessMillis, Map<String, String> mainClasses,
                          Map<String, FaultPoints.Plan> faultPlans, Path runDir, List<String> jvmOptions,
                          String classPath, long progressMillis) {
        public Options {
            mainClasses = Map.copyOf(mainClasses);
            faultPlans = Map.copyOf(faultPlans);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** A run of {@code seconds} with the default nemesis of {@code seed}. */
        public static Options defaults(int rms, long seconds, long seed, Path runDir) {
            return new Options("2pc", 0, rms, seconds, 0, 8, 500, 20, defaultNemesis(seed), 20_000, Map.of(),
                    Map.of(), runDir, Cluster.FAST_START, System.getProperty("java.class.path"), 1000);
        }

        /** A run of Paxos Commit with {@code rms} RMs and {@code acceptors} (2F+1) acceptors, else as above. */
        public static Options paxos(int rms, int acceptors, long seconds, long seed, Path runDir) {
            return new Options("paxos", acceptors, rms, seconds, 0, 8, 500, 20, defaultNemesis(seed), 20_000,
                    Map.of(), Map.of(), runDir, Cluster.FAST_START, System.getProperty("java.class.path"), 1000);
        }

        /** The F of its acceptors: how many may be down at once. */
        public int tolerated() {
            return (acceptors - 1) / 2;
        }

        public Options withNemesis(Nemesis n) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, abortOneIn,
                    n, livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        /** Nodes that run another main (tests: a broken variant), by node name. */
        public Options withMainClasses(Map<String, String> m) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, abortOneIn,
                    nemesis, livenessMillis, m, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        /** Nodes whose crash points are not the nemesis's, by node name. */
        public Options withFaultPlans(Map<String, FaultPoints.Plan> plans) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, abortOneIn,
                    nemesis, livenessMillis, mainClasses, plans, runDir, jvmOptions, classPath, progressMillis);
        }

        public Options withProgress(long millis) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, abortOneIn,
                    nemesis, livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, millis);
        }

        public Options withTransactions(long n) {
            return new Options(protocol, acceptors, rms, seconds, n, window, timeoutMillis, abortOneIn,
                    nemesis, livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        /** Every RM votes commit with {@code 0}, else one vote in {@code n} is an abort. */
        public Options withAbortOneIn(int n) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, n,
                    nemesis, livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        public Options withWindow(int w) {
            return new Options(protocol, acceptors, rms, seconds, transactions, w, timeoutMillis, abortOneIn,
                    nemesis, livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        public Options withLiveness(long millis) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, abortOneIn,
                    nemesis, millis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }

        /** The nodes' JVM options (default {@link Cluster#FAST_START}; a benchmark wants the full JIT). */
        public Options withJvmOptions(List<String> options) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, timeoutMillis, abortOneIn,
                    nemesis, livenessMillis, mainClasses, faultPlans, runDir, options, classPath, progressMillis);
        }

        public Options withTimeout(long millis) {
            return new Options(protocol, acceptors, rms, seconds, transactions, window, millis, abortOneIn,
                    nemesis, livenessMillis, mainClasses, faultPlans, runDir, jvmOptions, classPath, progressMillis);
        }
    }

    /**
     * The nemesis a cluster run has unless told otherwise: a kill -9 every ~2.5 s, down 100..500 ms; each node
     * incarnation dies at one of the crash points inside a step, within its first 400 passes of it; links dropping
     * and duplicating 2 % and delaying up to 10 ms (2PC's msgs is a set: reordering allowed); power loss with
     * write-back.
     */
    public static Nemesis defaultNemesis(long seed) {
        return new Nemesis(seed, 2500, 100, 500, FaultPoints.Plan.parse(
                "after-append,after-force,after-send/400"),
                new LinkFaults.Settings(0.02, 0.02, 10, false), true, 0.2);
    }

    /** What a run did and what the checker found. */
    public record Report(Options options, CommitChecker.Verdict verdict, Cluster.Stats processes, long safetyMillis,
                         long livenessMillis, boolean healed, List<String> problems, List<Long> latenciesNanos,
                         List<Long> appliedLatenciesNanos) {
        public boolean ok() {
            return verdict.ok() && problems.isEmpty();
        }

        public List<String> violations() {
            List<String> all = new ArrayList<>(problems);
            all.addAll(verdict.violations());
            return all;
        }

        public String summary() {
            CommitChecker.Verdict v = verdict;
            return String.format(Locale.ROOT, "%d transactions in %.1f s: %d committed, %d aborted, %d in doubt; "
                            + "client told %d committed, %d aborted, %d unknown; %d node starts, %d kills, %d crashes "
                            + "at fault points %s; liveness %s in %.1f s; %s",
                    v.transactions(), safetyMillis / 1000.0, v.committed(), v.aborted(), v.inDoubt(),
                    v.toldCommitted(), v.toldAborted(), v.unknown(), processes.starts(), processes.kills(),
                    processes.selfKills(), processes.pointCrashes(), healed ? "reached" : "NOT reached",
                    livenessMillis / 1000.0, ok() ? "no violation" : violations().size() + " violations");
        }
    }

    private CommitCluster() {
    }

    public static List<String> rmNames(int rms) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= rms; i++) {
            out.add("rm" + i);
        }
        return out;
    }

    /** Runs the cluster once; {@code out} hears the settings, the progress and the summary. */
    public static Report run(Options o, Consumer<String> out) throws IOException, InterruptedException {
        List<String> rms = rmNames(o.rms());
        boolean paxos = o.protocol().equals("paxos");
        List<String> acceptors = new ArrayList<>();
        for (int i = 1; i <= o.acceptors(); i++) {
            acceptors.add("a" + i);
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("rms", String.join(",", rms),
                "timeout-ms", Long.toString(o.timeoutMillis()), "abort-one-in", Integer.toString(o.abortOneIn()),
                "batch", "16"));
        if (paxos) {
            settings.put("acceptors", String.join(",", acceptors));
        }
        List<Cluster.Node> nodes = new ArrayList<>();
        List<String> all = new ArrayList<>();
        java.util.function.BiConsumer<String, String[]> add = (name, role) -> {
            nodes.add(new Cluster.Node(name, role[0], o.mainClasses().getOrDefault(name, NodeMain.class.getName()),
                    settings, role[1], role.length > 2 ? Map.of(role[2], name) : Map.of(), o.faultPlans().get(name)));
            all.add(name);
        };
        if (paxos) {
            rms.forEach(r -> add.accept(r, new String[] {"rm", "RMCrash", "rm"}));
            acceptors.forEach(a -> add.accept(a, new String[] {"acceptor", "AcceptorCrash", "a"}));
            add.accept(NodeKind.Paxos.LEADER, new String[] {"leader", "LeaderStop"});
        } else {
            add.accept("tm", new String[] {"tm", "TMCrash"});
            rms.forEach(r -> add.accept(r, new String[] {"rm", "RMCrash", "rm"}));
        }
        // A backstop: the client heals the cluster when its safety phase ends; if the client dies first, the nodes'
        // faults still stop by themselves.
        long faultsUntil = System.currentTimeMillis() + 60_000 + o.seconds() * 1000;
        int tolerated = o.tolerated();
        java.util.function.Predicate<Set<String>> mayBeDown = paxos
                ? down -> down.stream().filter(acceptors::contains).count() <= tolerated : down -> true;
        Cluster.Spec spec = new Cluster.Spec(o.protocol(), o.runDir(), nodes, o.nemesis(), faultsUntil,
                Set.copyOf(all), mayBeDown, o.jvmOptions(), o.classPath());
        out.accept((paxos ? "paxos cluster: " + o.rms() + " RMs, " + o.acceptors() + " acceptors (F = " + tolerated
                + ": at most " + tolerated + " down at once), a leader, " : "2pc cluster: tm + " + o.rms() + " RMs, ")
                + (o.transactions() > 0 ? "up to " + o.transactions() + " transactions in " : "") + o.seconds()
                + " s, window " + o.window() + ", timeout " + o.timeoutMillis() + " ms, abort votes 1/"
                + o.abortOneIn() + ", run directory " + o.runDir());
        out.accept("nemesis: " + o.nemesis().describe());
        o.faultPlans().forEach((n, p) -> out.accept("  crash points of " + n + ": " + p));
        Files.createDirectories(o.runDir());
        CommitHistory history = new CommitHistory(paxos ? null : "tm");
        Map<String, CommitWire.StatusReply> status = new ConcurrentHashMap<>();
        Map<String, Long> statusAt = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        Codec<CommitWire> codec = paxos ? PaxosCodec.clientCodec() : new CommitCodec();
        List<String> beginAt = paxos ? new ArrayList<>(rms) : List.of("tm");
        if (paxos) {
            beginAt.add(NodeKind.Paxos.LEADER);
        }
        long safetyMillis = 0, livenessMillis = 0;
        boolean healed = false;
        try (Cluster cluster = Cluster.start(spec, line -> out.accept("  " + line))) {
            Map<String, java.net.InetSocketAddress> peers = new LinkedHashMap<>(cluster.addresses());
            peers.remove(Cluster.CLIENT);
            try (Transport client = Transport.open(Cluster.CLIENT, cluster.clientAddress(), peers,
                    f -> heard(f, codec, history, status, statusAt), Transport.Settings.DEFAULT, LinkFaults.NONE,
                    line -> { })) {
                if (!awaitAnswers(client, codec, all, statusAt, 0, 30_000)) {
                    problems.add("not every node answered within 30 s of its start: " + all.stream()
                            .filter(n -> !statusAt.containsKey(n)).toList());
                    return report(o, cluster, history, rms, problems, 0, 0, false);
                }
                cluster.startNemesis();
                long t0 = System.currentTimeMillis();
                long safetyEnd = t0 + o.seconds() * 1000;
                long nextTx = 1, lastProgress = t0;
                while (System.currentTimeMillis() < safetyEnd
                        && (o.transactions() == 0 || nextTx <= o.transactions())) {
                    long now = System.currentTimeMillis();
                    int inFlight = 0;
                    for (long tx = Math.max(1, nextTx - 4L * o.window()); tx < nextTx; tx++) {
                        Long at = history.invokedAt(tx);
                        if (history.decision(tx) == null && at != null && now - at < 5 * o.timeoutMillis()) {
                            inFlight++;
                        }
                    }
                    if (inFlight < o.window()) {
                        history.invoke(nextTx, now);
                        byte[] begin = codec.encode(new CommitWire.Begin(nextTx, now));
                        for (String n : beginAt) {
                            client.send(n, Map.of(), begin);
                        }
                        nextTx++;
                    } else {
                        Thread.sleep(1);
                    }
                    if (o.progressMillis() > 0 && now - lastProgress >= o.progressMillis()) {
                        lastProgress = now;
                        Cluster.Stats s = cluster.stats();
                        out.accept(String.format(Locale.ROOT, "  t=%.0fs %d transactions begun, %d decided; "
                                        + "down now %s; %d kills, %d fault-point crashes so far", (now - t0) / 1000.0,
                                nextTx - 1, decided(history), cluster.down(), s.kills(), s.selfKills()));
                    }
                }
                while (System.currentTimeMillis() < safetyEnd) {
                    Thread.sleep(10);  // a bounded workload ended early: the faults still run out their time
                }
                safetyMillis = System.currentTimeMillis() - t0;
                cluster.heal();
                heal(client, all);
                long t1 = System.currentTimeMillis();
                cluster.awaitUp(o.livenessMillis());
                healed = awaitHealed(client, codec, all, status, statusAt, t1, o.livenessMillis());
                livenessMillis = System.currentTimeMillis() - t1;
                if (!healed) {
                    cluster.dumpThreads();
                    problems.add("liveness: within " + o.livenessMillis() + " ms of healing, not every node was up "
                            + "and sure of every outcome: " + status.values());
                }
            }
            cluster.stop();
            return report(o, cluster, history, rms, problems, safetyMillis, livenessMillis, healed);
        }
    }

    private static Report report(Options o, Cluster cluster, CommitHistory history, List<String> rms,
                                 List<String> problems, long safetyMillis, long livenessMillis, boolean healed)
            throws InterruptedException {
        cluster.stop();
        Cluster.Stats stats = cluster.stats();
        problems.addAll(stats.failures());
        Map<String, List<DurableRecord>> logs = new LinkedHashMap<>();
        List<String> nodes = new ArrayList<>(o.protocol().equals("paxos") ? List.of() : List.of("tm"));
        nodes.addAll(rms);
        for (String n : nodes) {
            Path file = cluster.dataDir(n).resolve("log");
            if (!Files.exists(file)) {
                logs.put(n, List.of());
                continue;
            }
            try (FileLog log = FileLog.open(file)) {
                logs.put(n, log.readAll().stream().map(DurableRecord::decode).toList());
            } catch (LogCorruptedException e) {
                problems.add(n + "'s log does not recover: " + e.getMessage());
                logs.put(n, List.of());
            } catch (IOException e) {
                problems.add(n + "'s log cannot be read: " + e.getMessage());
                logs.put(n, List.of());
            }
        }
        return new Report(o, CommitChecker.check(history, rms, logs), stats, safetyMillis, livenessMillis, healed,
                List.copyOf(problems), history.latenciesNanos(), history.appliedLatenciesNanos(rms));
    }

    private static long decided(CommitHistory h) {
        return h.invoked().keySet().stream().filter(tx -> h.decision(tx) != null).count();
    }

    /** What the client hears: outcomes, recoveries (their logs' outcomes), status replies. */
    private static void heard(Frame f, Codec<CommitWire> codec, CommitHistory history,
                              Map<String, CommitWire.StatusReply> status, Map<String, Long> statusAt) {
        CommitWire m;
        try {
            m = codec.decode(f.payload());
        } catch (IOException e) {
            return;
        }
        long now = System.currentTimeMillis();
        if (m instanceof CommitWire.Outcome o) {
            history.report(o.tx(), new CommitHistory.Report(o.node(), o.committed(),
                    o.node().equals("tm") ? "decided" : "applied", now));
        } else if (m instanceof CommitWire.Recovered r) {
            r.decided().forEach((tx, c) -> history.report(tx, new CommitHistory.Report(r.node(), c, "recovered", now)));
            for (Map.Entry<Long, Long> e : history.invoked().entrySet()) {
                long tx = e.getKey();
                if (e.getValue() < r.startMillis() && !r.decided().containsKey(tx) && !r.inDoubt().contains(tx)) {
                    history.report(tx, new CommitHistory.Report(r.node(), false, "presumed at recovery", now));
                }
            }
        } else if (m instanceof CommitWire.StatusReply s) {
            status.put(s.node(), s);
            statusAt.put(s.node(), now);
        }
    }

    /** Tells every node that the safety phase is over (a node that is down hears it with the next status poll). */
    static void heal(Transport client, List<String> nodes) {
        for (String n : nodes) {
            client.send(n, Map.of(), Control.heal());
        }
    }

    /** Asks every node for its status until each has answered since {@code since}; false after {@code millis}. */
    private static boolean awaitAnswers(Transport client, Codec<CommitWire> codec, List<String> nodes,
                                        Map<String, Long> statusAt, long since, long millis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            boolean all = true;
            for (String n : nodes) {
                all &= statusAt.getOrDefault(n, -1L) >= since;
            }
            if (all) {
                return true;
            }
            for (String n : nodes) {
                client.send(n, Map.of(), codec.encode(new CommitWire.Status()));
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The liveness phase: until every node has answered, since the healing, up and in doubt about nothing. */
    private static boolean awaitHealed(Transport client, Codec<CommitWire> codec, List<String> nodes,
                                       Map<String, CommitWire.StatusReply> status, Map<String, Long> statusAt,
                                       long since, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            long asked = System.currentTimeMillis();
            heal(client, nodes);
            for (String n : nodes) {
                client.send(n, Map.of(), codec.encode(new CommitWire.Status()));
            }
            Thread.sleep(200);
            boolean all = true;
            for (String n : nodes) {
                CommitWire.StatusReply s = status.get(n);
                all &= s != null && statusAt.getOrDefault(n, -1L) >= Math.max(since, asked) && s.up()
                        && s.inDoubt().isEmpty();
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
