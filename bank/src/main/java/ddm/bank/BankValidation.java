package ddm.bank;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import ddm.conformance.validate.ClusterLogs;
import ddm.conformance.validate.CommitEvents;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bank run's per-node event logs (the TM's and each agent's, {@code events/NODE.ndjson}) validated against a
 * crash-recovery 2PC model with conformance's per-node validator, as {@code ddm cluster 2pc} validates its own: the
 * agents are impl's RMs, so their events are the same actions (RMPrepare when PREPARE TRANSACTION is queued,
 * RMChooseToAbort when the local work fails, RMRcvCommitMsg / RMRcvAbortMsg, RMAskOutcome, RMRecover from the
 * server), and {@code rm1..rm3} are the model's {@code r1..r3}. The model is explored once per instance.
 */
public final class BankValidation {

    public static final String DEFAULT_MODEL = "TwoPhaseRecovery-3-live";

    private final Path root;
    private final String modelName;
    private ClusterLogs logs;
    private java.util.concurrent.CompletableFuture<ClusterLogs> exploring;
    private volatile double exploreSeconds;

    public BankValidation(Path root, String modelName) {
        this.root = root;
        this.modelName = modelName;
    }

    /** The repository root at or above {@code from}: the folder with specs/models.json. */
    public static Path root(Path from) {
        for (Path p = from.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("specs/models.json"))) {
                return p;
            }
        }
        return null;
    }

    /** The model, checked before a run (null: fine; else why not). */
    public String problem() {
        if (root == null) {
            return "no specs/models.json here or above: run from the checkout (bin/ddm sets it)";
        }
        Model m = Manifest.read(root.resolve("specs/models.json"), root).byName(modelName).orElse(null);
        if (m == null) {
            return "no model named '" + modelName + "' in specs/models.json (make models lists them)";
        }
        if (!"twophase-recovery".equals(m.protocol().orElse(""))) {
            return "--validate needs a twophase-recovery model, not " + modelName;
        }
        return null;
    }

    /**
     * Starts exploring the model on a thread of its own (TLC in a child JVM), so that it overlaps a bank run, which
     * mostly waits on its servers and processes; {@link #validate} waits for it.
     */
    public synchronized void exploreInBackground() {
        if (exploring == null) {
            exploring = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    long t0 = System.nanoTime();
                    Model m = Manifest.read(root.resolve("specs/models.json"), root).byName(modelName).orElseThrow();
                    Path work = Files.createTempDirectory("bank-graph-");
                    StateGraph g;
                    try {
                        g = ConformanceCheck.explore(root, m, work);
                    } finally {
                        PgServer.deleteTree(work);   // TLC's scratch: the graph is in memory now
                    }
                    exploreSeconds = (System.nanoTime() - t0) / 1e9;
                    return new ClusterLogs(modelName, g, CommitEvents.MODEL);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> {
                Thread t = new Thread(r, "explore-" + modelName);
                t.setDaemon(true);
                t.start();
            });
        }
    }

    public ClusterLogs.Result validate(Path runDir) throws Exception {
        if (logs == null) {
            exploreInBackground();
            try {
                logs = exploring.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }
        return logs.validate(runDir.resolve("events"));
    }

    public double exploreSeconds() {
        return exploreSeconds;
    }
}
