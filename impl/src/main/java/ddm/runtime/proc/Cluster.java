package ddm.runtime.proc;

import ddm.runtime.node.FaultPoints;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A local cluster of node processes on 127.0.0.1: each node its own JVM with its own data directory, event log and
 * output file under the run directory, on a port picked free at start; a client address for the workload; the
 * nemesis's kills and restarts. Every process is stopped by its handle (its pid) in {@link #close}, and by a
 * shutdown hook if the launcher itself dies first.
 */
public final class Cluster implements AutoCloseable {

    /**
     * One node: its name, role, the main class it runs (production: {@link NodeMain}; tests pass their own, which
     * run broken variants), its protocol settings, its spec's crash action (appended to its event log when it
     * dies without logging it), and its crash points if not the nemesis's (null: the nemesis's).
     */
    public record Node(String name, String role, String mainClass, Map<String, String> settings,
                       String crashAction, Map<String, Object> crashParams, FaultPoints.Plan faultPoints) {
        public Node {
            settings = Map.copyOf(settings);
            crashParams = Map.copyOf(crashParams);
        }
    }

    /**
     * A cluster: protocol, run directory, nodes, the nemesis, when its faults stop (epoch millis), which nodes it may
     * kill and which sets of nodes may be down at once, and the JVM options and class path of the nodes.
     */
    public record Spec(String protocol, Path runDir, List<Node> nodes, Nemesis nemesis, long faultsUntilMillis,
                       Set<String> killable, Predicate<Set<String>> mayBeDown, List<String> jvmOptions,
                       String classPath) {
        public Spec {
            nodes = List.copyOf(nodes);
            killable = Set.copyOf(killable);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /** JVM options that start a node fast: a small heap, the client compiler only, no perf data. */
    public static final List<String> FAST_START = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Xshare:auto", "-Xmx96m", "-Xss512k");

    public static final String CLIENT = "client";

    private final Spec spec;
    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    private final Map<String, NodeProcess> processes = new LinkedHashMap<>();
    private final SplittableRandom random;
    private final Consumer<String> log;
    private final Thread hook;
    private Thread nemesis;
    private volatile boolean nemesisOn;
    /** When the faults stop: the spec's backstop, or the moment {@link #heal} was called. */
    private volatile long faultsUntil;

    private Cluster(Spec spec, Consumer<String> log) {
        this.spec = spec;
        this.log = log;
        this.random = new SplittableRandom(spec.nemesis().seed() * 0x9E3779B97F4A7C15L + 1);
        this.hook = new Thread(() -> processes.values().forEach(NodeProcess::destroy), "cluster-stop");
        this.faultsUntil = spec.faultsUntilMillis();
    }

    /** Picks free ports, starts every node process, and starts the nemesis's kills (until the faults stop). */
    public static Cluster start(Spec spec, Consumer<String> log) throws IOException {
        Cluster c = new Cluster(spec, log);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.launch();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void launch() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<String> names = new ArrayList<>();
        spec.nodes().forEach(n -> names.add(n.name()));
        names.add(CLIENT);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String n : names) {
                ServerSocket s = new ServerSocket(0, 1, loopback);
                held.add(s);
                addresses.put(n, new InetSocketAddress(loopback, s.getLocalPort()));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (String d : List.of("data", "events", "out")) {
            Files.createDirectories(spec.runDir().resolve(d));
        }
        for (Node n : spec.nodes()) {
            Map<String, InetSocketAddress> peers = new LinkedHashMap<>(addresses);
            peers.remove(n.name());
            Path events = spec.runDir().resolve("events").resolve(n.name() + ".ndjson");
            java.util.function.Supplier<List<String>> command = () -> {
                NodeConfig cfg = new NodeConfig(spec.protocol(), n.role(), n.name(),
                        spec.runDir().resolve("data").resolve(n.name()), events, addresses.get(n.name()), peers,
                        n.settings(), spec.nemesis().seed(), faultsUntil,
                        n.faultPoints() != null ? n.faultPoints() : spec.nemesis().faultPoints(),
                        spec.nemesis().link(), spec.nemesis().powerLoss(), spec.nemesis().writeback());
                List<String> cmd = new ArrayList<>();
                cmd.add(java.toString());
                cmd.addAll(spec.jvmOptions());
                cmd.addAll(List.of("-cp", spec.classPath(), n.mainClass()));
                cmd.addAll(cfg.toArgs());
                return cmd;
            };
            NodeProcess p = new NodeProcess(n.name(), command, spec.runDir().resolve("out").resolve(n.name() + ".log"),
                    events, new NodeProcess.CrashAction(n.crashAction(), n.crashParams()), this::restartDelay, log);
            processes.put(n.name(), p);
        }
        for (NodeProcess p : processes.values()) {
            p.start();
        }
    }

    /** Every address, the client's included (its transport listens there). */
    public Map<String, InetSocketAddress> addresses() {
        return Map.copyOf(addresses);
    }

    public InetSocketAddress clientAddress() {
        return addresses.get(CLIENT);
    }

    public Spec spec() {
        return spec;
    }

    private synchronized long restartDelay() {
        Nemesis n = spec.nemesis();
        return n.downMinMillis() + random.nextLong(n.downMaxMillis() - n.downMinMillis() + 1);
    }

    /** Starts killing nodes at random moments until the faults stop ({@link #heal}, or the spec's backstop). */
    public void startNemesis() {
        if (spec.nemesis().killMeanMillis() == 0 || spec.killable().isEmpty()) {
            return;
        }
        nemesisOn = true;
        nemesis = new Thread(this::kills, "nemesis");
        nemesis.setDaemon(true);
        nemesis.start();
    }

    private void kills() {
        try {
            while (nemesisOn && System.currentTimeMillis() < faultsUntil) {
                double u;
                synchronized (this) {
                    u = random.nextDouble();
                }
                long gap = (long) (-Math.log(1 - u) * spec.nemesis().killMeanMillis());
                long left = faultsUntil - System.currentTimeMillis();
                if (gap >= left) {
                    return;
                }
                Thread.sleep(Math.max(1, gap));
                List<String> candidates = new ArrayList<>();
                Set<String> down = down();
                for (String n : spec.killable()) {
                    Set<String> after = new HashSet<>(down);
                    after.add(n);
                    if (processes.get(n).isUp() && spec.mayBeDown().test(after)) {
                        candidates.add(n);
                    }
                }
                if (candidates.isEmpty()) {
                    continue;
                }
                candidates.sort(null);
                String victim;
                synchronized (this) {
                    victim = candidates.get(random.nextInt(candidates.size()));
                }
                processes.get(victim).kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the safety phase: the nemesis kills no more, and nodes (re)started from now on start without faults.
     * The nodes that are up learn it from the client's {@link Control#heal} frames.
     */
    public void heal() throws InterruptedException {
        faultsUntil = Math.min(faultsUntil, System.currentTimeMillis());
        nemesisOn = false;
        if (nemesis != null) {
            nemesis.interrupt();
            nemesis.join(5000);
        }
    }

    /** The nodes that are not up now. */
    public Set<String> down() {
        Set<String> out = new HashSet<>();
        processes.forEach((n, p) -> {
            if (!p.isUp()) {
                out.add(n);
            }
        });
        return out;
    }

    /** Waits until every node that has not failed is up, at most {@code millis}; true if so. */
    public boolean awaitUp(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            boolean all = true;
            for (NodeProcess p : processes.values()) {
                all &= p.isUp() || !p.failures().isEmpty();
            }
            if (all) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** kill -9 of {@code node} now (tests); false if it was not up. */
    public boolean kill(String node) {
        return processes.get(node).kill();
    }

    public long pid(String node) {
        return processes.get(node).pid();
    }

    /**
     * Writes the threads of every live node to {@code out/NODE.threads} (jcmd Thread.print, bounded): what a run that
     * did not settle leaves for its reader.
     */
    public void dumpThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (NodeProcess p : processes.values()) {
            long pid = p.pid();
            if (pid < 0 || !p.isUp() || !Files.exists(jcmd)) {
                continue;
            }
            Path to = spec.runDir().resolve("out").resolve(p.name() + ".threads");
            try {
                Process d = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(to.toFile()).start();
                if (!d.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    d.destroyForcibly();
                }
            } catch (IOException e) {
                // a diagnostic only: the run's verdict stands without it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What the processes went through: starts, kills, crashes at fault points (by point), failures. */
    public record Stats(int starts, int kills, int selfKills, Map<String, Integer> pointCrashes,
                        List<String> failures) {
    }

    public Stats stats() {
        int starts = 0, kills = 0, self = 0;
        Map<String, Integer> points = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (NodeProcess p : processes.values()) {
            starts += p.starts();
            kills += p.kills();
            self += p.selfKills();
            p.pointCrashes().forEach((k, v) -> points.merge(k, v, Integer::sum));
            failures.addAll(p.failures());
        }
        return new Stats(starts, kills, self, points, failures);
    }

    /** The data directory of {@code node} (read after {@link #stop} to check what it made durable). */
    public Path dataDir(String node) {
        return spec.runDir().resolve("data").resolve(node);
    }

    public Path eventsFile(String node) {
        return spec.runDir().resolve("events").resolve(node + ".ndjson");
    }

    /** Stops the nemesis and every node (SIGTERM, then SIGKILL after a grace period), each by its handle. */
    public void stop() throws InterruptedException {
        nemesisOn = false;
        if (nemesis != null) {
            nemesis.interrupt();
            nemesis.join(5000);
        }
        for (NodeProcess p : processes.values()) {
            p.stop(5000);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            processes.values().forEach(NodeProcess::destroy);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the processes
            }
        }
    }
}
