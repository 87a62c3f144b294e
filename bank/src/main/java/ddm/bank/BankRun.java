package ddm.bank;

import ddm.commit.DurableRecord;
import ddm.log.FileLog;
import ddm.runtime.CommitWire;
import ddm.runtime.net.Frame;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.net.Transport;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.proc.Cluster;
import ddm.runtime.proc.CommitChecker;
import ddm.runtime.proc.CommitCodec;
import ddm.runtime.proc.CommitHistory;
import ddm.runtime.proc.Control;
import ddm.runtime.proc.Nemesis;
import ddm.runtime.proc.NodeMain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One run of the bank: three PostgreSQL servers (one shard each) started for the run, impl's TM as a node process
 * with its file log, an RM agent process per shard ({@link RmAgent}), a client that begins transfers (each a 2PC
 * transaction over all three shards) while the nemesis kills the TM, the agents and the servers, a liveness phase on
 * the healed bank, and the checkers ({@link BankChecks}) on what the servers hold afterwards. The TM and the agents
 * are supervised by impl's {@link Cluster} (kill -9 at random moments, crash points inside a step, link faults,
 * power loss under the TM's log, the crash each death implies appended to the node's event log); the servers by
 * this class (kill -9 of a postmaster at random moments, restarted after a delay). Every process is stopped by its
 * pid, in finally blocks and a shutdown hook.
 */
public final class BankRun {

    /** Everything a run needs; {@link #defaults} gives the command's. */
    public record Options(long seconds, long seed, boolean faults, int accounts, long balance, long maxAmount,
                          int window, long timeoutMillis, int tmBatch, int maxPrepared, Path pgBin,
                          Nemesis nemesis, long pgKillMeanMillis, long pgDownMinMillis, long pgDownMaxMillis,
                          String tmMain, Path runDir, long livenessMillis, long progressMillis, String classPath,
                          List<String> jvmOptions, int minCommitted) {

        public Options {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** A run of {@code seconds} from {@code seed}, with the bank's nemesis or none, in {@code runDir}. */
        public static Options defaults(long seconds, long seed, boolean faults, Path runDir) {
            return new Options(seconds, seed, faults, 150, 100, 40, 8, 1000, 16, 64, null,
                    faults ? BankRun.nemesis(seed) : Nemesis.off(seed), faults ? 5000 : 0, 200, 600,
                    NodeMain.class.getName(), runDir, 30_000, 1000, System.getProperty("java.class.path"),
                    Cluster.FAST_START, 0);
        }

        public Transfers transfers() {
            return new Transfers(seed, accounts, balance, maxAmount);
        }

        public Options withTmMain(String main) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, tmBatch,
                    maxPrepared, pgBin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, main, runDir,
                    livenessMillis, progressMillis, classPath, jvmOptions, minCommitted);
        }

        public Options withTmBatch(int batch) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, batch,
                    maxPrepared, pgBin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, progressMillis, classPath, jvmOptions, minCommitted);
        }

        public Options withSetup(int accountsN, int windowN, int maxPreparedN, Path bin) {
            return new Options(seconds, seed, faults, accountsN, balance, maxAmount, windowN, timeoutMillis,
                    tmBatch, maxPreparedN, bin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain,
                    runDir, livenessMillis, progressMillis, classPath, jvmOptions, minCommitted);
        }

        /** The TM's and the agents' timeout (the TM aborts an undecided transaction after it; a prepared RM asks). */
        public Options withTimeout(long millis) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, millis, tmBatch,
                    maxPrepared, pgBin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, progressMillis, classPath, jvmOptions, minCommitted);
        }

        public Options withNemesis(Nemesis n) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, tmBatch,
                    maxPrepared, pgBin, n, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, progressMillis, classPath, jvmOptions, minCommitted);
        }

        /** The same nemesis without its kills of the servers. */
        public Options withoutServerKills() {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, tmBatch,
                    maxPrepared, pgBin, nemesis, 0, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, progressMillis, classPath, jvmOptions, minCommitted);
        }

        public Options withProgress(long millis) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, tmBatch,
                    maxPrepared, pgBin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, millis, classPath, jvmOptions, minCommitted);
        }

        public Options withJvmOptions(List<String> options) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, tmBatch,
                    maxPrepared, pgBin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, progressMillis, classPath, options, minCommitted);
        }

        /**
         * A run that, with fewer than {@code n} commits decided by the TM at the end of its seconds of faults, heals
         * and goes on until it has them (at most four times as long in all): a test on a busy machine, where restarts
         * are slow and nearly every transfer under the faults times out, still has committed transfers to check.
         */
        public Options withMinCommitted(int n) {
            return new Options(seconds, seed, faults, accounts, balance, maxAmount, window, timeoutMillis, tmBatch,
                    maxPrepared, pgBin, nemesis, pgKillMeanMillis, pgDownMinMillis, pgDownMaxMillis, tmMain, runDir,
                    livenessMillis, progressMillis, classPath, jvmOptions, n);
        }

        public String describe() {
            return "nemesis: " + nemesis.describe() + "; postgres kill -9 " + (pgKillMeanMillis == 0 ? "off"
                    : "every ~" + pgKillMeanMillis + " ms, down " + pgDownMinMillis + ".." + pgDownMaxMillis + " ms");
        }
    }

    /**
     * The bank's nemesis: kill -9 of the TM or an agent every ~4 s (down 100..500 ms); each node incarnation dies at
     * one of the crash points inside a step within its first 300 passes of it (an agent's after-append and
     * after-force of RMPrepare fall after PREPARE TRANSACTION is queued or has returned and before the vote leaves;
     * the TM's after-force of TMCommit after its decision is forced and before it is sent); links dropping and
     * duplicating 2 % and delaying up to 10 ms; power loss under the TM's log. The servers' kills are
     * {@link Options#pgKillMeanMillis}'s.
     */
    public static Nemesis nemesis(long seed) {
        return new Nemesis(seed, 4000, 100, 500, FaultPoints.Plan.parse("after-append,after-force,after-send/300"),
                new LinkFaults.Settings(0.02, 0.02, 10, false), true, 0.2);
    }

    /** What a run did and what the checkers found. */
    public record Report(Options options, long begun, int committed, int aborted, Cluster.Stats processes,
                         int pgKills, double safetySeconds, double livenessSeconds, boolean healed,
                         BankChecks.Result checks, CommitChecker.Verdict verdict, List<String> problems,
                         Path runDir) {

        public boolean ok() {
            return problems.isEmpty() && checks.ok() && verdict.ok();
        }

        public List<String> violations() {
            List<String> all = new ArrayList<>(problems);
            all.addAll(checks.violations());
            all.addAll(verdict.violations());
            return all;
        }

        /** Crashes of an agent with its server (exit 137 at no fault point). */
        public int agentCrashesWithServer() {
            int points = processes.pointCrashes().values().stream().mapToInt(Integer::intValue).sum();
            return processes.selfKills() - points;
        }

        public String summary() {
            return String.format(Locale.ROOT, "%d transfers in %.1f s: %d committed, %d aborted; faults: %d kill -9 of "
                            + "the TM or an agent, %d kill -9 of a postgres server, %d crashes at fault points %s, %d "
                            + "agent crashes with their server; %d node starts; liveness %s in %.1f s%n%s",
                    begun, safetySeconds, committed, aborted, processes.kills(), pgKills,
                    processes.pointCrashes().values().stream().mapToInt(Integer::intValue).sum(),
                    processes.pointCrashes(), agentCrashesWithServer(), processes.starts(),
                    healed ? "reached" : "NOT reached", livenessSeconds, checks.summary());
        }
    }

    private BankRun() {
    }

    public static final List<String> RMS = List.of("rm1", "rm2", "rm3");

    /** Runs the bank once; {@code out} hears the settings, the progress and the summary lines. */
    public static Report run(Options o, Consumer<String> out) throws PgSetupException, IOException,
            InterruptedException {
        Path bin = PgServer.binaries(o.pgBin());
        Transfers bank = o.transfers();
        Files.createDirectories(o.runDir());
        Path pgDir = o.runDir().resolve("pg");
        Files.createDirectories(pgDir);
        // The servers run as the user postgres when we are root: it must reach their directories (a temp folder is
        // created private).
        for (Path p : List.of(o.runDir(), pgDir)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<PgServer> servers = new ArrayList<>();
        Thread hook = new Thread(() -> servers.forEach(PgServer::destroy), "bank-stop-servers");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long t0 = System.nanoTime();
            startServers(o, bin, bank, pgDir, servers);
            double setup = (System.nanoTime() - t0) / 1e9;
            out.accept("bank: " + o.accounts() + " accounts of " + o.balance() + " on 3 postgres shards (ports "
                    + servers.stream().map(s -> Integer.toString(s.port())).toList() + ", " + bin + "), transfers of "
                    + "1.." + o.maxAmount() + " from seed " + o.seed() + ", " + o.seconds() + " s, window "
                    + o.window() + ", TM batch " + o.tmBatch() + ", run directory " + o.runDir()
                    + String.format(Locale.ROOT, "; servers up in %.1f s", setup));
            out.accept(o.describe());
            return drive(o, bank, servers, out);
        } finally {
            for (PgServer s : servers) {
                s.stop();
            }
            PgServer.deleteTree(pgDir);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the servers
            }
        }
    }

    /** One initdb, copied for each shard; the three shards started and loaded in parallel. */
    private static void startServers(Options o, Path bin, Transfers bank, Path pgDir, List<PgServer> servers)
            throws PgSetupException, InterruptedException {
        Path template = PgServer.template(bin, pgDir.resolve("template"));
        ExecutorService pool = Executors.newFixedThreadPool(Transfers.SHARDS);
        try {
            List<Future<PgServer>> made = new ArrayList<>();
            for (int k = 0; k < Transfers.SHARDS; k++) {
                int shard = k;
                made.add(pool.submit(() -> {
                    PgServer s = PgServer.create("shard" + shard, bin, pgDir.resolve("shard" + shard),
                            o.maxPrepared(), template);
                    synchronized (servers) {
                        servers.add(s);
                    }
                    s.start();
                    try (var c = s.connect(10)) {
                        Schema.create(c, shard, bank);
                    }
                    return s;
                }));
            }
            List<PgServer> ordered = new ArrayList<>();
            for (Future<PgServer> f : made) {
                try {
                    ordered.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof PgSetupException p) {
                        throw p;
                    }
                    throw new PgSetupException("a shard could not be set up: " + e.getCause());
                }
            }
            synchronized (servers) {
                servers.clear();
                servers.addAll(ordered);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Report drive(Options o, Transfers bank, List<PgServer> servers, Consumer<String> out)
            throws IOException, InterruptedException {
        Map<String, String> tmSettings = Map.of("rms", String.join(",", RMS), "timeout-ms",
                Long.toString(o.timeoutMillis()), "batch", Integer.toString(o.tmBatch()));
        List<Cluster.Node> nodes = new ArrayList<>();
        nodes.add(new Cluster.Node("tm", "tm", o.tmMain(), tmSettings, "TMCrash", Map.of(), null));
        for (int k = 0; k < Transfers.SHARDS; k++) {
            Map<String, String> s = new LinkedHashMap<>(tmSettings);
            s.put("batch", "16");
            s.put("shard", Integer.toString(k));
            s.put("pg-port", Integer.toString(servers.get(k).port()));
            s.put("accounts", Integer.toString(o.accounts()));
            s.put("balance", Long.toString(o.balance()));
            s.put("max-amount", Long.toString(o.maxAmount()));
            s.put("transfers-seed", Long.toString(o.seed()));
            nodes.add(new Cluster.Node(RMS.get(k), "rm", RmAgent.class.getName(), s, "RMCrash",
                    Map.of("rm", RMS.get(k)), null));
        }
        List<String> all = new ArrayList<>(List.of("tm"));
        all.addAll(RMS);
        long faultsUntil = System.currentTimeMillis() + 60_000 + o.seconds() * 1000;
        Cluster.Spec spec = new Cluster.Spec("2pc", o.runDir(), nodes, o.nemesis(), faultsUntil, Set.copyOf(all),
                down -> true, o.jvmOptions(), o.classPath());
        CommitHistory history = new CommitHistory("tm");
        Map<String, CommitWire.StatusReply> status = new ConcurrentHashMap<>();
        Map<String, Long> statusAt = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        CommitCodec codec = new CommitCodec();
        ServerNemesis pgNemesis = new ServerNemesis(servers, o, out);
        long begun = 0;
        double safety = 0, liveness = 0;
        boolean healed = false;
        Cluster.Stats stats;
        try (Cluster cluster = Cluster.start(spec, line -> out.accept("  " + line))) {
            Map<String, InetSocketAddress> peers = new LinkedHashMap<>(cluster.addresses());
            peers.remove(Cluster.CLIENT);
            try (Transport client = Transport.open(Cluster.CLIENT, cluster.clientAddress(), peers,
                    f -> heard(f, codec, history, status, statusAt), Transport.Settings.DEFAULT, LinkFaults.NONE,
                    line -> { })) {
                if (!awaitHealed(client, codec, all, status, statusAt, 0, 30_000, false)) {
                    problems.add("not every node answered within 30 s of its start: " + all.stream()
                            .filter(n -> !statusAt.containsKey(n)).toList());
                } else {
                    cluster.startNemesis();
                    pgNemesis.start();
                    long t0 = System.currentTimeMillis();
                    long end = t0 + o.seconds() * 1000, latest = t0 + 4 * o.seconds() * 1000;
                    long nextTx = 1, lastProgress = t0;
                    boolean healedEarly = false;
                    while (true) {
                        long now = System.currentTimeMillis();
                        if (now >= end && (now >= latest || committed(history) >= o.minCommitted())) {
                            break;
                        }
                        if (now >= end && !healedEarly) {
                            // Too few commits under the faults (a busy machine's restarts are slow): heal, and go
                            // on until there are enough, so that the checkers have committed transfers to check.
                            healedEarly = true;
                            out.accept("  healed at " + o.seconds() + " s with " + committed(history)
                                    + " transfers committed; going on without faults until " + o.minCommitted());
                            cluster.heal();
                            pgNemesis.heal(problems);
                        }
                        int inFlight = 0;
                        for (long tx = Math.max(1, nextTx - 4L * o.window()); tx < nextTx; tx++) {
                            Long at = history.invokedAt(tx);
                            if (history.decision(tx) == null && at != null && now - at < 5 * o.timeoutMillis()) {
                                inFlight++;
                            }
                        }
                        if (inFlight < o.window()) {
                            history.invoke(nextTx, now);
                            client.send("tm", Map.of(), codec.encode(new CommitWire.Begin(nextTx, now)));
                            nextTx++;
                        } else {
                            Thread.sleep(1);
                        }
                        if (o.progressMillis() > 0 && now - lastProgress >= o.progressMillis()) {
                            lastProgress = now;
                            long decided = history.invoked().keySet().stream()
                                    .filter(tx -> history.decision(tx) != null).count();
                            out.accept(String.format(Locale.ROOT, "  t=%.0fs %d transfers begun, %d decided; down "
                                            + "now %s%s; %d kills, %d postgres kills so far", (now - t0) / 1000.0,
                                    nextTx - 1, decided, cluster.down(), pgNemesis.down(),
                                    cluster.stats().kills(), pgNemesis.kills()));
                        }
                    }
                    begun = nextTx - 1;
                    safety = (System.currentTimeMillis() - t0) / 1000.0;
                    cluster.heal();
                    pgNemesis.heal(problems);
                    long t1 = System.currentTimeMillis();
                    cluster.awaitUp(o.livenessMillis());
                    healed = awaitHealed(client, codec, all, status, statusAt, t1, o.livenessMillis(), true);
                    liveness = (System.currentTimeMillis() - t1) / 1000.0;
                    if (!healed) {
                        cluster.dumpThreads();
                        problems.add("liveness: within " + o.livenessMillis() + " ms of healing, not every node was "
                                + "up and sure of every outcome: " + status.values());
                    }
                }
            } finally {
                pgNemesis.heal(problems);
                cluster.stop();
            }
            stats = cluster.stats();
            problems.addAll(stats.failures());
        }
        List<DurableRecord> tmLog = new ArrayList<>();
        Path tmFile = o.runDir().resolve("data").resolve("tm").resolve("log");
        if (Files.exists(tmFile)) {
            try (FileLog log = FileLog.open(tmFile)) {
                log.readAll().forEach(r -> tmLog.add(DurableRecord.decode(r)));
            } catch (IOException e) {
                problems.add("the TM's log cannot be read: " + e.getMessage());
            }
        }
        BankChecks.Result checks = BankChecks.check(servers, bank, tmLog);
        Map<String, List<DurableRecord>> logs = new LinkedHashMap<>();
        logs.put("tm", tmLog);
        for (int k = 0; k < Transfers.SHARDS; k++) {
            logs.put(RMS.get(k), checks.records(k));
        }
        CommitChecker.Verdict verdict = CommitChecker.check(history, RMS, logs);
        long committed = tmLog.stream().filter(r -> r instanceof DurableRecord.Committed).count();
        return new Report(o, begun, (int) committed, (int) (begun - committed), stats, pgNemesis.kills(), safety,
                liveness, healed, checks, verdict, List.copyOf(problems), o.runDir());
    }

    private static long committed(CommitHistory h) {
        return h.invoked().keySet().stream().filter(tx -> Boolean.TRUE.equals(h.decision(tx))).count();
    }

    /** What the client hears: outcomes, recoveries (their logs' outcomes), status replies. */
    private static void heard(Frame f, CommitCodec codec, CommitHistory history,
                              Map<String, CommitWire.StatusReply> status, Map<String, Long> statusAt) {
        CommitWire m;
        try {
            m = codec.decode(f.payload());
        } catch (IOException e) {
            return;
        }
        long now = System.currentTimeMillis();
        if (m instanceof CommitWire.Outcome r) {
            history.report(r.tx(), new CommitHistory.Report(r.node(), r.committed(),
                    r.node().equals("tm") ? "decided" : "applied", now));
        } else if (m instanceof CommitWire.Recovered r) {
            r.decided().forEach((tx, c) -> history.report(tx, new CommitHistory.Report(r.node(), c, "recovered",
                    now)));
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

    /**
     * Asks every node for its status until each has answered since {@code since} (and, with {@code settled}, is up
     * and in doubt about nothing); false after {@code millis}. With {@code settled} it tells them to heal too.
     */
    private static boolean awaitHealed(Transport client, CommitCodec codec, List<String> nodes,
                                       Map<String, CommitWire.StatusReply> status, Map<String, Long> statusAt,
                                       long since, long millis, boolean settled) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            long asked = System.currentTimeMillis();
            for (String n : nodes) {
                if (settled) {
                    client.send(n, Map.of(), Control.heal());
                }
                client.send(n, Map.of(), codec.encode(new CommitWire.Status()));
            }
            Thread.sleep(settled ? 200 : 100);
            boolean all = true;
            for (String n : nodes) {
                CommitWire.StatusReply s = status.get(n);
                long at = statusAt.getOrDefault(n, -1L);
                all &= settled ? s != null && at >= Math.max(since, asked) && s.up() && s.inDoubt().isEmpty()
                        : at >= since;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** kill -9 of a random server at random moments (one down at a time), restarted after a drawn delay. */
    private static final class ServerNemesis {
        private final List<PgServer> servers;
        private final Options o;
        private final Consumer<String> out;
        private final SplittableRandom random;
        private final List<String> problems = new ArrayList<>();
        private volatile PgServer down;
        private volatile boolean on = true;
        private Thread thread;
        private int kills;

        ServerNemesis(List<PgServer> servers, Options o, Consumer<String> out) {
            this.servers = servers;
            this.o = o;
            this.out = out;
            this.random = new SplittableRandom(o.seed() * 0x2545F4914F6CDD1DL + 7);
        }

        void start() {
            if (o.pgKillMeanMillis() == 0) {
                return;
            }
            thread = new Thread(this::killLoop, "postgres-nemesis");
            thread.setDaemon(true);
            thread.start();
        }

        private void killLoop() {
            while (on) {
                long gap = (long) (-Math.log(1 - random.nextDouble()) * o.pgKillMeanMillis());
                PgServer victim = servers.get(random.nextInt(servers.size()));
                long delay = o.pgDownMinMillis() + random.nextLong(o.pgDownMaxMillis() - o.pgDownMinMillis() + 1);
                if (!pause(Math.max(1, gap)) || !victim.kill()) {
                    continue;
                }
                down = victim;
                synchronized (this) {
                    kills++;
                }
                out.accept("  postgres " + victim.name() + " killed -9; restart in " + delay + " ms");
                pause(delay);
                restart(victim);
            }
        }

        /**
         * Waits {@code millis} unless healed first (false then). Never interrupted: an interrupt inside the JDBC
         * driver, while a restarted server is being asked whether it is up, would look like a server that is not.
         */
        private boolean pause(long millis) {
            long end = System.currentTimeMillis() + millis;
            while (on && System.currentTimeMillis() < end) {
                try {
                    Thread.sleep(Math.min(20, Math.max(1, end - System.currentTimeMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return on;
        }

        private void restart(PgServer s) {
            try {
                s.start();
            } catch (PgSetupException e) {
                synchronized (this) {
                    problems.add("postgres " + s.name() + " did not restart: " + e.getMessage());
                }
            }
            down = null;
        }

        String down() {
            PgServer d = down;
            return d == null ? "" : " and postgres " + d.name();
        }

        synchronized int kills() {
            return kills;
        }

        /** No more kills; every server up again (a run's liveness needs them). */
        void heal(List<String> into) throws InterruptedException {
            on = false;
            if (thread != null) {
                thread.join(2 * PgServer.START_MILLIS);
                thread = null;
            }
            for (PgServer s : servers) {
                if (!s.isUp()) {
                    restart(s);
                }
            }
            synchronized (this) {
                into.addAll(problems);
                problems.clear();
            }
        }
    }
}
