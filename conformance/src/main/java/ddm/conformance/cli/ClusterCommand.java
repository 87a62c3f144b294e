package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.validate.ClusterLogs;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.proc.BadConfig;
import ddm.runtime.proc.CommitCluster;
import ddm.runtime.proc.EpochCluster;
import ddm.runtime.proc.Nemesis;
import ddm.runtime.proc.NodeConfig;
import ddm.runtime.proc.SnapshotCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cluster PROTOCOL}: starts a local cluster of the protocol's nodes, each its own JVM on 127.0.0.1, runs a
 * client workload against it for a time (or a number of transactions) with the nemesis on, heals it, checks that
 * every transaction settles, stops every process, and checks what the client saw and what the logs hold; then, with
 * {@code --validate MODEL} (on by default where a model fits), validates the nodes' own event logs against the spec
 * ({@link ClusterLogs}). Prints the seed and every fault setting first, progress every second, and a summary. Exit 0:
 * no violation and every validated transaction accepted; 1: violations or rejections (listed); 2: bad input.
 */
@Command(name = "cluster", description = "Run a local cluster of node processes under the nemesis and check it.")
final class ClusterCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The protocol: 2pc, paxos (Paxos Commit), snapshot (the "
            + "Chandy-Lamport bank) or epoch (the epoch dataflow).")
    String protocol;

    @Option(names = "--procs", defaultValue = "3", description = "The bank's processes (snapshot; default 3).")
    int procs;

    @Option(names = "--graph", defaultValue = "complete", description = "The bank's channels: complete or ring "
            + "(snapshot; default complete).")
    String graph;

    @Option(names = "--rms", defaultValue = "3", description = "Resource managers (default 3).")
    int rms;

    @Option(names = "--acceptors", defaultValue = "3", description = "Paxos Commit's acceptors, 2F+1 (default 3).")
    int acceptors;

    @Option(names = "--seconds", defaultValue = "20", description = "Length of the safety phase (default 20).")
    long seconds;

    @Option(names = "--transactions", defaultValue = "0", description = "Stop the workload after this many "
            + "transactions (default 0: until the time is up).")
    long transactions;

    @Option(names = "--seed", defaultValue = "1", description = "The nemesis's seed (default 1).")
    long seed;

    @Option(names = "--window", defaultValue = "8", description = "Transactions in flight (default 8).")
    int window;

    @Option(names = "--timeout-ms", defaultValue = "500", description = "The TM's and RMs' timeout (default 500).")
    long timeoutMillis;

    @Option(names = "--abort-one-in", defaultValue = "20", description = "One RM vote in N is an abort (default 20; "
            + "0: every RM votes commit).")
    int abortOneIn;

    @Option(names = "--no-faults", description = "Run without the nemesis.")
    boolean noFaults;

    @Option(names = "--kill-every-ms", description = "Mean time between kill -9s (default 2500; 0: none).")
    Long killMeanMillis;

    @Option(names = "--down-ms", description = "A killed node's down time, MIN..MAX (default 100..500).")
    String down;

    @Option(names = "--crash-points", description = "Crash points inside a step, e.g. after-force,after-send/400 "
            + "(each node incarnation dies at its k-th pass of one of them, k up to the number; 'none': off).")
    String crashPoints;

    @Option(names = "--link", description = "Link faults, e.g. drop=0.02,duplicate=0.02,delay-ms=10 ('none': off).")
    String link;

    @Option(names = "--power-loss", arity = "1", description = "Logs lose what they did not force at a crash "
            + "(true/false; default true).")
    Boolean powerLoss;

    @Option(names = "--writeback", description = "Chance that a write pushes unforced bytes early (torn tails; "
            + "default 0.2).")
    Double writeback;

    @Option(names = "--liveness-ms", defaultValue = "20000", description = "Bound of the liveness phase (default "
            + "20000).")
    long livenessMillis;

    @Option(names = "--validate", paramLabel = "MODEL", description = "Validate the nodes' event logs against this "
            + "model at the end: each transaction within its bounds must be a behaviour of the spec (default "
            + "TwoPhaseRecovery-3-live for 2pc with 3 RMs (2 RMs: TwoPhaseRecovery-2-live), "
            + "PaxosCommit-Live-1x3-Recover for paxos with 1 RM and 3 acceptors, else off; 'none': off).")
    String validate;

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--dir", description = "Run directory (default: a new temporary one), kept after the run: each "
            + "node's data, event log (events/NODE.ndjson) and output.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!java.util.List.of("2pc", "paxos", "snapshot", "epoch").contains(protocol)) {
            throw new BadInputException("cluster runs 2pc, paxos, snapshot or epoch, not " + protocol);
        }
        if (protocol.equals("snapshot")) {
            return snapshot();
        }
        if (protocol.equals("epoch")) {
            return epoch();
        }
        if (acceptors < 1 || acceptors % 2 == 0 || acceptors > 9) {
            throw new BadInputException("--acceptors must be odd (2F+1), 1..9, not " + acceptors);
        }
        if (rms < 1 || rms > 16 || seconds < 1 || window < 1 || timeoutMillis < 1 || abortOneIn < 0
                || transactions < 0 || livenessMillis < 1) {
            throw new BadInputException("--rms must be 1..16, and --seconds, --window, --timeout-ms, --liveness-ms "
                    + "positive");
        }
        Nemesis n = noFaults ? Nemesis.off(seed) : nemesis();
        ClusterValidation validation = ClusterValidation.of(manifest, validate, protocol, rms, acceptors);
        Path run = dir != null ? dir : Files.createTempDirectory("ddm-cluster-");
        CommitCluster.Options base = protocol.equals("paxos")
                ? CommitCluster.Options.paxos(rms, acceptors, seconds, seed, run)
                : CommitCluster.Options.defaults(rms, seconds, seed, run);
        CommitCluster.Options o = base.withNemesis(n)
                .withTransactions(transactions).withAbortOneIn(abortOneIn).withTimeout(timeoutMillis)
                .withWindow(window).withLiveness(livenessMillis);
        if (validation != null) System.out.println(validation.describe());
        else if (validate == null) System.out.println(ClusterValidation.off(protocol, rms, acceptors));
        CommitCluster.Report r = CommitCluster.run(o, System.out::println);
        System.out.println(r.summary());
        r.violations().forEach(v -> System.out.println("  violation: " + v));
        boolean valid = true;
        if (validation != null) {
            ClusterLogs.Result v = validation.validate(run);
            v.rejected().stream().limit(3).forEach(System.out::print);
            v.malformed().stream().limit(10).forEach(m -> System.out.println("  malformed: " + m));
            System.out.println(v.summary() + "; " + validation.explored());
            System.out.println(validation.coverage());
            valid = v.passed();
        }
        System.out.println("run directory: " + run);
        return r.ok() && valid ? Main.OK : Main.CHECK_FAILED;
    }

    /** The Chandy-Lamport bank: its checker is the oracle (its event logs are not validated yet). */
    private int snapshot() throws Exception {
        if (procs < 2 || procs > 16 || seconds < 1 || livenessMillis < 1) {
            throw new BadInputException("--procs must be 2..16, and --seconds, --liveness-ms positive");
        }
        if (!graph.equals("complete") && !graph.equals("ring")) {
            throw new BadInputException("--graph is complete or ring, not " + graph);
        }
        noValidation("snapshot");
        Nemesis n = noFaults ? Nemesis.off(seed) : nemesis();
        Path run = dir != null ? dir : Files.createTempDirectory("ddm-cluster-");
        SnapshotCluster.Options o = SnapshotCluster.Options.defaults(procs, seconds, seed, run).withNemesis(n)
                .withGraph(graph).withLiveness(livenessMillis);
        System.out.println("the processes' event logs are not validated (no per-node model of the bank yet); the "
                + "checker of every snapshot is the oracle");
        SnapshotCluster.Report r = SnapshotCluster.run(o, System.out::println);
        return verdict(r.summary(), r.violations(), run);
    }

    /** The end of a run checked by its checker alone: the summary, each violation, where the run is kept. */
    private static int verdict(String summary, java.util.List<String> violations, Path run) {
        System.out.println(summary);
        violations.forEach(v -> System.out.println("  violation: " + v));
        System.out.println("run directory: " + run);
        return violations.isEmpty() ? Main.OK : Main.CHECK_FAILED;
    }

    private void noValidation(String what) {
        if (validate != null && !validate.equals("none")) {
            throw new BadInputException("a " + what + " cluster's event logs are not validated yet (its checker is "
                    + "the oracle): drop --validate");
        }
    }

    /** The epoch dataflow: its checker (the sink's state against the failure-free run's) is the oracle. */
    private int epoch() throws Exception {
        if (seconds < 1 || livenessMillis < 1) {
            throw new BadInputException("--seconds and --liveness-ms must be positive");
        }
        noValidation("dataflow");
        Nemesis n = noFaults ? Nemesis.off(seed) : nemesis();
        Path run = dir != null ? dir : Files.createTempDirectory("ddm-cluster-");
        EpochCluster.Options o = EpochCluster.Options.defaults(seconds, seed, run).withNemesis(n)
                .withLiveness(livenessMillis);
        System.out.println("the nodes' event logs are not validated (no per-node model of the dataflow's restarts "
                + "yet); the checker of the sink's output is the oracle");
        EpochCluster.Report r = EpochCluster.run(o, System.out::println);
        return verdict(r.summary(), r.violations(), run);
    }

    private Nemesis nemesis() {
        Nemesis d = CommitCluster.defaultNemesis(seed);
        long min = d.downMinMillis(), max = d.downMaxMillis();
        if (down != null) {
            String[] mm = down.split("\\.\\.", 2);
            try {
                min = Long.parseLong(mm[0].trim());
                max = mm.length == 2 ? Long.parseLong(mm[1].trim()) : min;
            } catch (NumberFormatException e) {
                throw new BadInputException("--down-ms needs MIN..MAX in milliseconds, not " + down);
            }
            if (min < 0 || max < min) {
                throw new BadInputException("--down-ms needs 0 <= MIN <= MAX, not " + down);
            }
        }
        FaultPoints.Plan plan;
        try {
            plan = crashPoints == null ? d.faultPoints() : FaultPoints.Plan.parse(crashPoints);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--crash-points: " + e.getMessage());
        }
        LinkFaults.Settings links;
        try {
            links = link == null ? d.link() : NodeConfig.link(link);
        } catch (BadConfig e) {
            throw new BadInputException("--link: " + e.getMessage());
        }
        double wb = writeback == null ? d.writeback() : writeback;
        if (wb < 0 || wb > 1) {
            throw new BadInputException("--writeback must be in [0, 1], not " + wb);
        }
        long kill = killMeanMillis == null ? d.killMeanMillis() : killMeanMillis;
        if (kill < 0) {
            throw new BadInputException("--kill-every-ms must not be negative");
        }
        return new Nemesis(seed, kill, min, max, plan, links, powerLoss == null ? d.powerLoss() : powerLoss, wb);
    }
}
