package ddm.conformance.cli;

import ddm.commit.Nodes;
import ddm.conformance.BadInputException;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Coverage;
import ddm.conformance.tlc.Model;
import ddm.conformance.validate.EpochRuns;
import ddm.conformance.validate.PaxosRuns;
import ddm.conformance.validate.ShardsRuns;
import ddm.conformance.validate.SnapshotRuns;
import ddm.conformance.validate.TlcValidator;
import ddm.conformance.validate.TraceChecker;
import ddm.conformance.validate.ValidateRuns;
import ddm.conformance.validate.Validator;
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
 * {@code validate}: check recorded runs of the code against a model's state graph (code to spec). Either record
 * {@code --runs N} random threaded runs (the model's protocol must have a threaded runtime) and validate them, or
 * validate recorded ITF files. Exit 0 when every step is a step of the spec, 1 otherwise (or when a run did not
 * finish), 2 on bad input; files are all read before any is validated.
 *
 * <p>A model whose graph the harness enumerates is checked in process, step by step against its edges. A model too
 * large to enumerate (one with random walks in the manifest), or any model with {@code --tlc}, is checked through TLC:
 * {@link TlcValidator} follows each trace with TLC's next-state relation in a child JVM.
 */
@Command(name = "validate", description = "Validate recorded runs of the Java code against a model: its state graph "
        + "in process, or TLC's next-state relation for models too large to enumerate.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", required = true, description = "The model (a name in specs/models.json).")
    String model;

    @Option(names = "--runs", description = "Record this many random threaded runs and validate them.")
    Integer runs;

    @Option(names = "--seed", description = "The first run's seed (run i has seed + i; default 1).")
    long seed = 1;

    @Option(names = "--finish-ms", description = "How long a run may take to finish (its transactions, its snapshot) "
            + "before it counts as unfinished (default 20000; runs finish in milliseconds, and the margin keeps a "
            + "stalled machine from passing for a hung runtime).")
    long finishMillis = 20_000;

    @Option(names = "--out", description = "Write every recorded trace here as ITF (failing ones are always written "
            + "to the model's work folder).")
    Path out;

    @Option(names = "--bench", description = "Also measure in-process validation: validate the recorded traces "
            + "again for about this many seconds and print steps per second.")
    double benchSeconds;

    @Option(names = "--tlc", description = "Check the steps with TLC's next-state relation, not the enumerated state "
            + "graph (the default for models too large to enumerate: those with walks in the manifest).")
    boolean tlc;

    @Parameters(arity = "0..*", paramLabel = "TRACE", description = "Recorded ITF traces (*.itf.json).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if ((runs == null) == files.isEmpty()) {
            throw new BadInputException("give either --runs N or recorded trace files, not " + (runs == null
                    ? "neither" : "both"));
        }
        if (runs != null && runs < 1) throw new BadInputException("--runs must be at least 1, not " + runs);
        if (finishMillis < 1) throw new BadInputException("--finish-ms must be at least 1, not " + finishMillis);
        Model m = manifest.model(model);
        List<ItfTrace> given = new ArrayList<>();
        for (Path f : files) given.add(ItfTrace.read(f));
        String runtime = RUNTIMES.get(m.protocol().orElse(""));
        if (runs != null && runtime == null) {
            throw new BadInputException("model " + m.name() + " has no threaded runtime to record (protocol "
                    + m.protocol().orElse("none") + "); threaded runs exist for " + String.join(", ",
                    RUNTIMES.keySet()) + " models");
        }
        boolean throughTlc = tlc || m.walks().isPresent();
        long t0 = System.nanoTime();
        StateGraph graph;
        ValidateRuns v;
        TlcValidator viaTlc = null;
        if (throughTlc) {
            viaTlc = new TlcValidator(manifest.root(), m, manifest.work(m));
            graph = viaTlc.graph();
            v = new ValidateRuns(viaTlc, Coverage.byValue(m.distinctStates()));
            System.out.printf(Locale.ROOT, "%s: checked through TLC (%s; TLC started in %.1f s)%n", m.name(),
                    m.distinctStates().isPresent() ? String.format(Locale.ROOT, "%,d states, not enumerated here",
                            m.distinctStates().getAsLong()) : "not enumerated", (System.nanoTime() - t0) / 1e9);
        } else {
            graph = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
            v = new ValidateRuns(graph);
            System.out.printf(Locale.ROOT, "%s: %,d states, %,d edges (explored in %.1f s)%n", m.name(),
                    graph.states().size(), graph.edges().size(), (System.nanoTime() - t0) / 1e9);
        }
        try {
            return validate(m, graph, v, viaTlc, given, runtime);
        } finally {
            if (viaTlc != null) viaTlc.close();
        }
    }

    /** The protocols whose code has a threaded runtime to record, with the runtime's name. */
    private static final Map<String, String> RUNTIMES = new TreeMap<>(Map.of(
            "twophase-recovery", "2PC", "chandylamport", "Chandy-Lamport", "epoch", "epoch",
            "paxoscommit", "Paxos Commit", "replicated-shards", "replicated shards (MicroRaft)"));

    /** The protocols whose recorded runs come from the deterministic simulator, not from threads. */
    private static final java.util.Set<String> SIMULATED = java.util.Set.of("replicated-shards");

    private int validate(Model m, StateGraph graph, ValidateRuns v, TlcValidator viaTlc, List<ItfTrace> given,
                         String runtime) throws Exception {
        ValidateRuns.Result r;
        if (runs == null) {
            v.validate(given);
            r = v.result(0, 0);
        } else {
            System.out.println("recording " + runs + (SIMULATED.contains(m.protocol().orElseThrow()) ? " simulated"
                    : " threaded") + " runs of the " + runtime + " runtime, seeds " + seed + ".." + (seed + runs - 1));
            r = switch (m.protocol().orElseThrow()) {
                case "chandylamport" -> SnapshotRuns.runs(v, SnapshotRuns.STANDARD, runs, seed, finishMillis);
                case "epoch" -> EpochRuns.runs(v, EpochRuns.STANDARD, runs, seed, finishMillis);
                case "paxoscommit" -> PaxosRuns.runs(v, PaxosRuns.STANDARD, runs, seed, finishMillis);
                case "replicated-shards" -> ShardsRuns.runs(v, runs, seed);
                default -> v.commitRuns(Nodes.STANDARD, runs, seed, finishMillis);
            };
        }
        Path failedDir = manifest.work(m).resolve("validate-failed");
        for (Validator.Failure f : r.failures()) System.out.println(f.report());
        for (ItfTrace t : r.failing()) {
            if (runs == null) continue;
            Path file = failedDir.resolve(t.source().replaceAll("[^A-Za-z0-9]+", "-") + ".itf.json");
            t.write(file, "recorded run that failed validation against " + m.name());
            System.out.println("  written to " + file);
        }
        r.problems().forEach(p -> System.out.println("PROBLEM " + p));
        if (out != null && runs != null) {
            for (ItfTrace t : v.traces()) {
                t.write(out.resolve(t.source().replaceAll("[^A-Za-z0-9]+", "-") + ".itf.json"),
                        "recorded threaded run of the " + runtime + " runtime, for " + m.name());
            }
            System.out.println(v.traces().size() + " recorded traces written to " + out);
        }
        System.out.println(r.summary());
        // The states after a crash (2PC) or a failure (epoch alignment): what the runs' faults reached.
        for (String faults : List.of("crashes", "failures")) {
            if (viaTlc != null || !graph.vars().contains(faults)) continue;
            java.util.function.IntPredicate faulty =
                    i -> !Long.valueOf(0).equals(graph.states().get(i).get(faults));
            long all = java.util.stream.IntStream.range(0, graph.states().size()).filter(faulty).count();
            if (all == 0 && faults.equals("failures")) continue;   // a model without failures (MaxFailures = 0)
            long reached = r.coverage().coveredStates().stream().filter(faulty::test).count();
            System.out.printf(Locale.ROOT, "%s states reached: %,d of the model's %,d with %s > 0%n",
                    faults.equals("crashes") ? "crash" : "failure", reached, all, faults);
        }
        if (benchSeconds > 0) bench(viaTlc != null ? viaTlc : new Validator(graph), v.traces(), benchSeconds);
        return r.passed() ? Main.OK : Main.CHECK_FAILED;
    }

    /** Validates {@code traces} again with {@code checker} for about {@code seconds}, and prints steps per second. */
    private static void bench(TraceChecker checker, List<ItfTrace> traces, double seconds) {
        if (traces.isEmpty()) return;
        long before = checker.totals().steps(), steps = 0, t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (ItfTrace t : traces) checker.validate(t, null);
            steps = checker.totals().steps() - before;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "bench: validated %,d steps in %.2f s %s: %,.0f steps/s%n", steps, s,
                checker instanceof TlcValidator ? "through TLC" : "in process", steps / s);
    }
}
