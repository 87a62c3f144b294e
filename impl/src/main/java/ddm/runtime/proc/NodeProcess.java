package ddm.runtime.proc;

import ddm.runtime.node.NodeDriver;
import ddm.trace.NdjsonEventLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One node process of a cluster, supervised: started, watched, killed with SIGKILL, restarted after a delay, and
 * stopped, always by its own process handle (its pid), never by name. Its command is built at each start, so that
 * a node restarted after the cluster healed starts without faults. When the process dies without being asked to
 * stop (the nemesis killed it, or it killed itself at a fault point), the supervisor appends the node's crash to its
 * event log (it could not log it itself) and restarts it after the delay the nemesis draws; a node that exits for any
 * other reason (bad configuration, a corrupted log, a refused action) is a failure of the run and stays down.
 */
final class NodeProcess {

    /**
     * The crash action of this node's spec and its parameters (2PC: RMCrash with rm, TMCrash); null for a spec
     * without one (Chandy–Lamport: a process recovers every step it took, so its crash is no step of the spec).
     */
    record CrashAction(String action, Map<String, Object> params) {
    }

    private final String name;
    private final java.util.function.Supplier<List<String>> command;
    private final Path out;
    private final Path events;
    private final CrashAction crash;
    private final LongSupplier restartDelayMillis;
    private final java.util.function.Consumer<String> log;
    private Process process;
    private volatile boolean stopping;
    private boolean killing;
    private Thread watcher;
    private int starts, kills, selfKills, failures;
    private final List<String> failureLines = new ArrayList<>();
    private final Map<String, Integer> pointCrashes = new java.util.TreeMap<>();

    NodeProcess(String name, java.util.function.Supplier<List<String>> command, Path out, Path events,
                CrashAction crash,
                LongSupplier restartDelayMillis, java.util.function.Consumer<String> log) {
        this.name = name;
        this.command = command;
        this.out = out;
        this.events = events;
        this.crash = crash;
        this.restartDelayMillis = restartDelayMillis;
        this.log = log;
    }

    String name() {
        return name;
    }

    /** Starts the process and its watcher. */
    synchronized void start() throws IOException {
        launch();
        watcher = new Thread(this::watch, "watch-" + name);
        watcher.setDaemon(true);
        watcher.start();
    }

    private synchronized void launch() throws IOException {
        if (stopping) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(command.get()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        process = pb.start();
        starts++;
    }

    synchronized boolean isUp() {
        return process != null && process.isAlive() && !killing;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** kill -9 (SIGKILL on Unix: no shutdown hook runs, nothing is flushed); false if it was not up. */
    synchronized boolean kill() {
        if (!isUp() || stopping) {
            return false;
        }
        killing = true;
        kills++;
        process.destroyForcibly();
        return true;
    }

    /** Stops the node for good: SIGTERM, then SIGKILL if it has not exited after {@code graceMillis}. */
    void stop(long graceMillis) throws InterruptedException {
        Process p;
        synchronized (this) {
            stopping = true;      // under the lock launch takes: no process starts after this one is read
            p = process;
        }
        if (watcher != null) {
            watcher.interrupt();
        }
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(graceMillis, TimeUnit.MILLISECONDS);
            }
        }
        if (watcher != null) {
            watcher.join(graceMillis);
        }
    }

    /** Kills the process at once, whatever its state (the launcher's shutdown hook). */
    synchronized void destroy() {
        stopping = true;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void watch() {
        try {
            while (!stopping) {
                Process p;
                synchronized (this) {
                    p = process;
                }
                int code = p.waitFor();
                if (stopping) {
                    return;
                }
                boolean killed;
                synchronized (this) {
                    killed = killing;
                    killing = false;
                }
                String last = lastLine();
                if (killed || code == NodeDriver.KILLED) {
                    if (!killed) {
                        selfKills++;
                        String point = last.replaceAll(".*fault point (\\S+) reached.*", "$1");
                        if (!point.equals(last)) {
                            pointCrashes.merge(point, 1, Integer::sum);
                        }
                    }
                    // An incarnation that died before it logged its recovery never came up: the node was down all
                    // along, and its one crash is already logged (the spec's crash needs the node up).
                    if (events != null && crash.action() != null && !NdjsonEventLog.last(events)
                            .map(e -> e.action().equals(crash.action())).orElse(false)) {
                        NdjsonEventLog.appendAfter(events, name, crash.action(), crash.params());
                    }
                    long delay = restartDelayMillis.getAsLong();
                    log.accept(name + (killed ? " killed -9" : " crashed at a fault point") + "; restart in "
                            + delay + " ms");
                    Thread.sleep(delay);
                    if (stopping) {
                        return;
                    }
                    launch();
                } else {
                    failures++;
                    String why = errorLine(last);
                    synchronized (this) {
                        failureLines.add(name + " exited with status " + code + ": " + why);
                    }
                    log.accept(name + " exited with status " + code + ": " + why);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            synchronized (this) {
                failureLines.add(name + " could not be restarted: " + e.getMessage());
            }
        }
    }

    /**
     * The process's last {@code error:} line, or {@code last} if it wrote none: its threads may log after the error
     * that stopped it (a link coming up while it halts), and the error is what its reader needs.
     */
    String errorLine(String last) {
        try {
            if (Files.exists(out)) {
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (lines.get(i).startsWith("error:")) {
                        return lines.get(i);
                    }
                }
            }
        } catch (IOException e) {
            return last;
        }
        return last;
    }

    /** The last line the process wrote. */
    String lastLine() {
        try {
            if (!Files.exists(out)) {
                return "";
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i);
                }
            }
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
        return "";
    }

    synchronized int starts() {
        return starts;
    }

    synchronized int kills() {
        return kills;
    }

    synchronized int selfKills() {
        return selfKills;
    }

    synchronized Map<String, Integer> pointCrashes() {
        return Map.copyOf(pointCrashes);
    }

    synchronized List<String> failures() {
        return List.copyOf(failureLines);
    }
}
