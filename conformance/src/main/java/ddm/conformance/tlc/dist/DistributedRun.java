package ddm.conformance.tlc.dist;

import ddm.conformance.BadInputException;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.TlcRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one model with TLC's distributed mode: a server JVM ({@link ServerMain}: {@code tlc2.tool.distributed.TLCServer},
 * which holds the state queue and the fingerprint set) and {@code workers} worker JVMs ({@link WorkerMain}, each with
 * one TLC worker thread) that compute successor states and check invariants. The server listens on
 * {@code address} (127.0.0.1 by default) on a free port unless one is given; more workers, on other hosts, may join
 * it ({@code tlc-worker}) while it runs.
 *
 * <p>As {@link TlcRun}, each run has its own folder: the server's output is {@code tlc.log}, its metadir
 * {@code meta} and its {@code java.io.tmpdir} {@code tmp}; worker i writes {@code worker-i.log} and works in
 * {@code worker-i/} (its tmpdir, where it writes the spec files the server sends). Every JVM started here is stopped
 * by its pid before this returns, also when the run fails or this thread is interrupted, and by a shutdown hook if
 * this JVM exits first.
 *
 * <p>What TLC's distributed mode checks: invariants, action properties (the safety part of a refinement) and
 * deadlock. It checks no temporal property (liveness), reads {@code CHECK_DEADLOCK} from the command line only
 * (passed here from the cfg), and its server names no violated property (the workers print it: {@link WorkerMain}).
 * The config must sit in the module's folder, from which the server sends the workers every file by name.
 */
public final class DistributedRun {

    /**
     * @param workers      local worker JVMs to start (0: only workers that join from elsewhere)
     * @param address      the address the server listens on and names to its workers
     * @param port         the registry port (0: a free one)
     * @param reportMillis how often the server prints its progress line
     */
    public record Settings(int workers, String address, int port, long reportMillis) {
        public Settings {
            if (workers < 0) throw new BadInputException("workers must be 0 or more");
            if (port < 0 || port > 65535) throw new BadInputException("port " + port + " is not a TCP port");
        }

        /** {@code workers} local workers on 127.0.0.1 and a free port. */
        public static Settings local(int workers, long reportMillis) {
            return new Settings(workers, "127.0.0.1", 0, reportMillis);
        }
    }

    private static final Pattern LISTENING = Pattern.compile(Pattern.quote(ServerMain.LISTENING) + "(\\S+):(\\d+)");
    private static final Pattern FOUND = Pattern.compile(
            "Error: (?:Invariant|Implied-action|Implied-init) (\\S+?)\\.? is violated|Error: (deadlock) reached");
    private static final String SUCCESS = "Model checking completed. No error has been found.";
    /** How long a worker may take to find the server (it computes the initial states before workers may join). */
    private static final int CONNECT_SECONDS = 120;
    /** How long the workers, together, may take to leave once the server has ended, before they are killed. */
    private static final int LEAVE_SECONDS = 5;

    private DistributedRun() {}

    /** Runs {@code model} and waits for it; TLC's verdict in {@link TlcRun.Result}'s terms (exit code 0, 11, 12). */
    public static TlcRun.Result run(Model model, Path root, Path runDir, Settings settings)
            throws IOException, InterruptedException {
        Path module = root.resolve(model.module()).toAbsolutePath().normalize();
        Path config = root.resolve(model.config()).toAbsolutePath().normalize();
        if (!config.getParent().equals(module.getParent())) {
            throw new BadInputException(model.name() + ": distributed TLC needs the config in the module's folder ("
                    + module.getParent() + "); its workers fetch files from the server by name");
        }
        TlcRun.deleteTree(runDir);
        Files.createDirectories(runDir.resolve("tmp"));
        Path log = runDir.resolve("tlc.log");
        List<String> server = new ArrayList<>(jvm(runDir.resolve("tmp"), ServerMain.class));
        server.addAll(List.of(settings.address(), Integer.toString(settings.port()),
                Long.toString(Math.max(1000, settings.reportMillis())),
                "-metadir", runDir.resolve("meta").toAbsolutePath().toString()));
        if (!CfgFacts.checksDeadlock(config)) server.add("-deadlock"); // TLC's server ignores the cfg's CHECK_DEADLOCK
        server.addAll(List.of("-config", config.toString(), module.getFileName().toString()));

        List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread hook = new Thread(() -> started.forEach(DistributedRun::kill), "stop-distributed-tlc");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        int serverExit = -1;
        boolean serverEnded = false;
        List<Path> workerLogs = new ArrayList<>();
        try {
            Process srv = new ProcessBuilder(server).directory(module.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            started.add(srv);
            Optional<String[]> at = awaitListening(srv, log);
            if (at.isPresent()) {
                for (int i = 1; i <= settings.workers(); i++) {
                    Path dir = runDir.resolve("worker-" + i);
                    Files.createDirectories(dir);
                    Path wlog = runDir.resolve("worker-" + i + ".log");
                    workerLogs.add(wlog);
                    List<String> w = new ArrayList<>(jvm(dir, WorkerMain.class));
                    w.addAll(List.of(at.get()[0], at.get()[1], settings.address(), "1",
                            Integer.toString(CONNECT_SECONDS)));
                    started.add(new ProcessBuilder(w).directory(dir.toFile()).redirectErrorStream(true)
                            .redirectOutput(wlog.toFile()).start());
                }
            }
            serverExit = srv.waitFor();
            serverEnded = true;
        } finally {
            // After the server's end the workers leave by themselves (the server tells them to, or they find it
            // gone); give them LEAVE_SECONDS in all. Otherwise (an exception, an interrupt) nothing is waited for.
            // Then every JVM still running is stopped by its pid.
            if (serverEnded) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEAVE_SECONDS);
                for (Process p : started) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) kill(p);
                }
            }
            started.forEach(DistributedRun::kill);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // this JVM is already shutting down; the hook does the same
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> workerOut = new ArrayList<>();
        for (Path w : workerLogs) workerOut.add(Files.readString(w, StandardCharsets.UTF_8));
        return parse(serverExit, Files.readString(log, StandardCharsets.UTF_8), workerOut, seconds, log);
    }

    /** The server's address and port, once it printed them; empty if it exited first (its log says why). */
    private static Optional<String[]> awaitListening(Process server, Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) { // 60 s: the server prints the line before it parses the spec
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) return Optional.of(new String[] {m.group(1), m.group(2)});
            if (server.waitFor(100, TimeUnit.MILLISECONDS)) return Optional.empty();
        }
        throw new IOException("the distributed TLC server did not announce its port within 60 s (log: " + log + ")");
    }

    /**
     * TLC's verdict from the server's and the workers' output, with TLC's own exit codes: 0 when the server reported
     * success, 11 for a deadlock, 12 for a violated invariant or action property, else the server JVM's exit code
     * (255 if it was 0: the server ended without a verdict).
     */
    static TlcRun.Result parse(int serverExit, String serverOut, List<String> workerOut, double seconds, Path log) {
        TlcRun.Result counts = TlcRun.parse(0, serverOut, seconds, log);
        Optional<String> violated = Optional.empty();
        boolean deadlock = false;
        List<String> outputs = new ArrayList<>(workerOut);
        outputs.add(serverOut);
        for (String out : outputs) {
            Matcher m = FOUND.matcher(out);
            if (m.find() && violated.isEmpty() && !deadlock) {
                if (m.group(2) != null) deadlock = true;
                else violated = Optional.of(m.group(1));
            }
        }
        int code;
        if (serverOut.contains(SUCCESS)) code = 0;
        else if (deadlock) code = 11;
        else if (violated.isPresent()) code = 12;
        else code = serverExit != 0 ? serverExit : 255;
        OptionalLong depth = code == 0 ? counts.depth() : OptionalLong.empty();
        return new TlcRun.Result(code, counts.distinctStates(), depth,
                deadlock ? Optional.of("Deadlock reached") : violated, seconds, log);
    }

    /** A JVM running {@code main} with this JVM's class path and TLC's, in {@code tmp} as its temporary folder. */
    private static List<String> jvm(Path tmp, Class<?> main) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xss16m",
                "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
                "-cp", TlcRun.childClassPath(),
                main.getName());
    }

    /** Stops {@code p} by its pid (SIGKILL) and waits for it to be gone. */
    private static void kill(Process p) {
        if (!p.isAlive()) return;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
