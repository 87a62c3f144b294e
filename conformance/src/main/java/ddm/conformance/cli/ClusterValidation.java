package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.tlc.Model;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.validate.ClusterLogs;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code cluster} and {@code soak} share to validate a run's per-node event logs against a model at its end
 * ({@code --validate MODEL}): which model (by default the model whose nodes are the cluster's:
 * TwoPhaseRecovery-3-live for a 2PC cluster of 3 RMs, TwoPhaseRecovery-2-live for 2, PaxosCommit-Live-1x3-Recover
 * for Paxos Commit with 1 RM and 3 acceptors; none otherwise, which the command says), its graph explored once, the
 * validation of each run, and what the runs so far took of the model.
 */
final class ClusterValidation {

    /**
     * The default model of a cluster, or null when none fits: the model whose nodes are the cluster's. A 2PC cluster
     * of 3 RMs: TwoPhaseRecovery-3-live (of 2: TwoPhaseRecovery-2-live); a Paxos Commit cluster of 1 RM and 3
     * acceptors: PaxosCommit-Live-1x3-Recover (ballots 0 and 1, the cluster's leader's; acceptors that crash and
     * recover, at most one down at once).
     */
    static String defaultModel(String protocol, int rms, int acceptors) {
        if (protocol.equals("2pc")) return rms == 3 ? "TwoPhaseRecovery-3-live" : rms == 2 ? "TwoPhaseRecovery-2-live"
                : null;
        return rms == 1 && acceptors == 3 ? "PaxosCommit-Live-1x3-Recover" : null;
    }

    /** What to print when {@code --validate} was not given and no model fits the cluster. */
    static String off(String protocol, int rms, int acceptors) {
        return "the nodes' event logs are not validated: no model fits a " + protocol + " cluster of " + rms + " RMs"
                + (protocol.equals("paxos") ? " and " + acceptors + " acceptors" : "") + " (the defaults: "
                + "TwoPhaseRecovery-3-live for 2pc with 3 RMs (2 RMs: TwoPhaseRecovery-2-live), "
                + "PaxosCommit-Live-1x3-Recover for paxos with 1 RM and 3 acceptors; --validate MODEL chooses one)";
    }

    private final ManifestOptions manifest;
    private final Model model;
    private final String protocol;
    private ClusterLogs logs;
    private double exploreSeconds;

    private ClusterValidation(ManifestOptions manifest, Model model, String protocol) {
        this.manifest = manifest;
        this.model = model;
        this.protocol = protocol;
    }

    /**
     * The validation {@code --validate} asks for ({@code given}: a model, "none", or null for the default), checked
     * before any process starts; null when there is none.
     */
    static ClusterValidation of(ManifestOptions manifest, String given, String protocol, int rms, int acceptors) {
        String name = given == null ? defaultModel(protocol, rms, acceptors) : given.equals("none") ? null : given;
        if (name == null) return null;
        Model m = manifest.model(name);
        String expected = protocol.equals("2pc") ? "twophase-recovery" : "paxoscommit";
        if (!expected.equals(m.protocol().orElse(""))) {
            throw new BadInputException("--validate needs a " + expected + " model for a " + protocol
                    + " cluster, not " + name + " (protocol " + m.protocol().orElse("none") + ")");
        }
        return new ClusterValidation(manifest, m, protocol);
    }

    String describe() {
        return "the nodes' event logs are validated against " + model.name() + " at the end";
    }

    /** Validates the run whose directory is {@code runDir} (its {@code events} folder). */
    ClusterLogs.Result validate(Path runDir) throws Exception {
        if (logs == null) {
            long t0 = System.nanoTime();
            StateGraph g = ConformanceCheck.explore(manifest.root(), model, manifest.work(model));
            exploreSeconds = (System.nanoTime() - t0) / 1e9;
            logs = new ClusterLogs(model.name(), g, ClusterLogs.modelOf(protocol));
        }
        return logs.validate(runDir.resolve("events"));
    }

    /** How many of the model's edges the runs validated so far took. */
    int edgesTaken() {
        return logs == null ? 0 : logs.coverage().edgesCovered();
    }

    /** The frontier's edges by action ({@link ddm.conformance.replay.Coverage#frontier}). */
    String frontier() {
        return logs == null ? "" : logs.coverage().frontier().toString();
    }

    /** The model's states and edges the runs validated so far reached, in words. */
    String coverage() {
        return logs == null ? "" : "reached by the accepted transactions of the runs so far: "
                + logs.coverage().summary() + " of " + model.name();
    }

    /** How long exploring the model took (once per command). */
    String explored() {
        return String.format(Locale.ROOT, "%s explored in %.1f s", model.name(), exploreSeconds);
    }
}
