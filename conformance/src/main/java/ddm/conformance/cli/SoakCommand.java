package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.validate.ClusterLogs;
import ddm.runtime.proc.CommitCluster;
import ddm.runtime.proc.EpochCluster;
import ddm.runtime.proc.SnapshotCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code soak PROTOCOL}: many cluster runs under the default nemesis, one seed each, and one table of what they did:
 * runs, faults injected by kind, transactions and their outcomes, violations (each printed with the seed that shows
 * it and the command that replays it), and, with {@code --validate} (on by default where a model fits), how many of
 * the runs' transactions their event logs show to be behaviours of the spec. What {@code make soak} runs. Exit 1 if
 * any run had a violation or a rejected transaction.
 */
@Command(name = "soak", description = "Many seeded cluster runs under the nemesis, with one summary table.")
final class SoakCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The protocol: 2pc, paxos, snapshot or epoch.")
    String protocol;

    @Option(names = "--runs", defaultValue = "10", description = "Runs (default 10).")
    int runs;

    @Option(names = "--seconds", defaultValue = "10", description = "Safety phase of each run (default 10).")
    long seconds;

    @Option(names = "--seed", defaultValue = "1", description = "First seed (run i has seed + i; default 1).")
    long seed;

    @Option(names = "--rms", defaultValue = "3", description = "Resource managers (default 3).")
    int rms;

    @Option(names = "--validate", paramLabel = "MODEL", description = "Validate each run's event logs against this "
            + "model (default TwoPhaseRecovery-3-live for 2pc with 3 RMs (2 RMs: TwoPhaseRecovery-2-live), "
            + "PaxosCommit-Live-1x3-Recover for paxos with 1 RM (3 acceptors), else off; 'none': off).")
    String validate;

    @Option(names = "--window", defaultValue = "8", description = "Transactions in flight (2pc and paxos; default "
            + "8).")
    int window;

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--dir", description = "Where the runs' directories go (default: a new temporary one).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!List.of("2pc", "paxos", "snapshot", "epoch").contains(protocol)) {
            throw new BadInputException("soak runs 2pc, paxos, snapshot or epoch, not " + protocol);
        }
        if (runs < 1 || seconds < 1 || rms < 1 || window < 1) {
            throw new BadInputException("--runs, --seconds, --rms and --window must be positive");
        }
        if (protocol.equals("snapshot")) {
            return snapshots();
        }
        if (protocol.equals("epoch")) {
            return epochs();
        }
        ClusterValidation validation = ClusterValidation.of(manifest, validate, protocol, rms, 3);
        if (validation != null) System.out.println(validation.describe() + " of each run");
        else if (validate == null) System.out.println(ClusterValidation.off(protocol, rms, 3));
        long validated = 0, rejected = 0, beyond = 0, instances = 0;
        int edgesBefore = 0;
        double validateSeconds = 0;
        Map<String, Integer> beyondWhy = new TreeMap<>();
        Path root = dir != null ? dir : Files.createTempDirectory("ddm-soak-");
        int starts = 0, kills = 0, selfKills = 0, txs = 0, committed = 0, aborted = 0, unknown = 0, bad = 0;
        Map<String, Integer> points = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long s = seed + i;
            Path runDir = root.resolve("seed-" + s);
            CommitCluster.Options o = (protocol.equals("paxos")
                    ? CommitCluster.Options.paxos(rms, 3, seconds, s, runDir)
                    : CommitCluster.Options.defaults(rms, seconds, s, runDir)).withProgress(0).withWindow(window);
            CommitCluster.Report r = CommitCluster.run(o, line -> { });
            System.out.println("seed " + s + ": " + r.summary());
            boolean valid = true;
            if (validation != null) {
                ClusterLogs.Result v = validation.validate(runDir);
                System.out.println("  " + v.summary());
                v.rejected().stream().limit(2).forEach(System.out::print);
                validated += v.accepted();
                rejected += v.rejected().size();
                beyond += v.beyond().size();
                instances += v.instances();
                validateSeconds += v.seconds();
                v.beyondByReason().forEach((k, x) -> beyondWhy.merge(k, x, Integer::sum));
                valid = v.passed();
                int edges = validation.edgesTaken();
                System.out.printf(Locale.ROOT, "  edges taken so far: %,d (+%,d)%n", edges, edges - edgesBefore);
                edgesBefore = edges;
                if (!valid) {
                    violations.add("seed " + s + ": " + v.rejected().size() + " transactions rejected by " + v.model()
                            + (v.malformed().isEmpty() ? "" : ", malformed logs") + "  (replay: " + replay(s)
                            + ")");
                }
            }
            starts += r.processes().starts();
            kills += r.processes().kills();
            selfKills += r.processes().selfKills();
            r.processes().pointCrashes().forEach((k, v) -> points.merge(k, v, Integer::sum));
            txs += r.verdict().transactions();
            committed += r.verdict().committed();
            aborted += r.verdict().aborted();
            unknown += r.verdict().unknown();
            if (!valid && r.ok()) {
                bad++;
            }
            if (!r.ok()) {
                bad++;
                r.violations().stream().limit(5).forEach(v -> violations.add("seed " + s + ": " + v
                        + "  (replay: " + replay(s) + ")"));
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        System.out.printf(Locale.ROOT, "%n| runs | minutes | node starts | kill -9 | fault-point crashes | "
                + "transactions | committed | aborted | unknown to the client | runs with violations |%n");
        System.out.println("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %.1f | %d | %d | %d %s | %d | %d | %d | %d | %d |%n", runs, minutes,
                starts, kills, selfKills, points, txs, committed, aborted, unknown, bad);
        if (validation != null) {
            System.out.printf(Locale.ROOT, "event logs against the spec: %d of %d transactions validated, %d rejected, "
                    + "%d beyond the model's bounds%s; validation %.1f s in all (%s)%n", validated, instances, rejected,
                    beyond, beyondWhy.isEmpty() ? "" : " (" + ClusterLogs.Result.reasons(beyondWhy) + ")",
                    validateSeconds, validation.explored());
            System.out.println(validation.coverage());
            System.out.println("the frontier (edges not taken from states reached), by action: "
                    + validation.frontier());
        }
        violations.forEach(v -> System.out.println("violation: " + v));
        System.out.println("runs kept in " + root);
        return bad == 0 ? Main.OK : Main.CHECK_FAILED;
    }

    /** The command that runs seed {@code s} of this campaign again. */
    private String replay(long s) {
        return "cluster " + protocol + " --rms " + rms + " --seconds " + seconds + " --seed " + s
                + (window == 8 ? "" : " --window " + window);
    }

    /** One run of a protocol whose checker is its oracle: what the processes went through, its figures, its verdict. */
    private record Run(ddm.runtime.proc.Cluster.Stats processes, long[] figures, List<String> violations,
                       String summary) {
    }

    @FunctionalInterface
    private interface OneRun {
        Run run(long seed, Path runDir) throws Exception;
    }

    /** The Chandy-Lamport bank (3 processes, complete graph): snapshots in place of transactions. */
    private int snapshots() throws Exception {
        return table("snapshot", "snapshots | finished everywhere and checked | payments asked", (s, d) -> {
            SnapshotCluster.Report r = SnapshotCluster.run(SnapshotCluster.Options.defaults(3, seconds, s, d)
                    .withProgress(0), line -> { });
            return new Run(r.processes(), new long[] {r.verdict().snapshots(), r.verdict().complete(), r.pays()},
                    r.violations(), r.summary());
        });
    }

    /** The epoch dataflow: restarts of the job and the records at the sink in place of transactions. */
    private int epochs() throws Exception {
        return table("epoch", "restarts of the job | epochs completed | records at the sinks", (s, d) -> {
            EpochCluster.Report r = EpochCluster.run(EpochCluster.Options.defaults(seconds, s, d).withProgress(0),
                    line -> { });
            return new Run(r.processes(), new long[] {Math.max(0, r.attempts() - 1), r.completed(), r.sinkRecords()},
                    r.violations(), r.summary());
        });
    }

    /** Runs {@code runs} seeds of {@code protocol} and prints one table: faults by kind, its figures, violations. */
    private int table(String protocol, String figures, OneRun one) throws Exception {
        Path root = dir != null ? dir : Files.createTempDirectory("ddm-soak-");
        int starts = 0, kills = 0, selfKills = 0, bad = 0;
        long[] totals = new long[figures.split("\\|").length];
        Map<String, Integer> points = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long s = seed + i;
            Run r = one.run(s, root.resolve("seed-" + s));
            System.out.println("seed " + s + ": " + r.summary());
            starts += r.processes().starts();
            kills += r.processes().kills();
            selfKills += r.processes().selfKills();
            r.processes().pointCrashes().forEach((k, v) -> points.merge(k, v, Integer::sum));
            for (int f = 0; f < totals.length; f++) {
                totals[f] += r.figures()[f];
            }
            if (!r.violations().isEmpty()) {
                bad++;
                r.violations().stream().limit(5).forEach(v -> violations.add("seed " + s + ": " + v
                        + "  (replay: cluster " + protocol + " --seconds " + seconds + " --seed " + s + ")"));
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        System.out.printf(Locale.ROOT, "%n| runs | minutes | node starts | kill -9 | fault-point crashes | %s | "
                + "runs with violations |%n", figures);
        System.out.println("|---:|---:|---:|---:|---|" + "---:|".repeat(totals.length) + "---:|");
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %.1f | %d | %d | %d %s |", runs,
                minutes, starts, kills, selfKills, points));
        for (long t : totals) {
            row.append(' ').append(t).append(" |");
        }
        System.out.println(row.append(' ').append(bad).append(" |"));
        violations.forEach(v -> System.out.println("violation: " + v));
        System.out.println("runs kept in " + root);
        return bad == 0 ? Main.OK : Main.CHECK_FAILED;
    }
}
