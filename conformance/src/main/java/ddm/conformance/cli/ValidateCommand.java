package ddm.conformance.cli;

import ddm.commit.Nodes;
import ddm.conformance.BadInputException;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.tlc.Model;
import ddm.conformance.validate.EpochRuns;
import ddm.conformance.validate.SnapshotRuns;
import ddm.conformance.validate.SnapshotValidation;
import ddm.conformance.validate.ValidateRuns;
import ddm.conformance.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 */
@Command(name = "validate", description = "Validate recorded runs of the Java code against a model's state graph.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", required = true, description = "The model (a name in specs/models.json).")
    String model;

    @Option(names = "--runs", description = "Record this many random threaded runs and validate them.")
    Integer runs;

    @Option(names = "--seed", description = "The first run's seed (run i has seed + i; default 1).")
    long seed = 1;

    @Option(names = "--finish-ms", description = "How long a run waits for its transactions (default 5000).")
    long finishMillis = 5000;

    @Option(names = "--out", description = "Write every recorded trace here as ITF (failing ones are always written "
            + "to the model's work folder).")
    Path out;

    @Option(names = "--bench", description = "Also measure in-process validation: validate the recorded traces "
            + "again for about this many seconds and print steps per second.")
    double benchSeconds;

    @Parameters(arity = "0..*", paramLabel = "TRACE", description = "Recorded ITF traces (*.itf.json).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if ((runs == null) == files.isEmpty()) {
            throw new BadInputException("give either --runs N or recorded trace files, not " + (runs == null
                    ? "neither" : "both"));
        }
        if (runs != null && runs < 1) throw new BadInputException("--runs must be at least 1, not " + runs);
        Model m = manifest.model(model);
        List<ItfTrace> given = new ArrayList<>();
        for (Path f : files) given.add(ItfTrace.read(f));
        boolean snapshot = m.protocol().orElse("").equals("chandylamport");
        boolean epoch = m.protocol().orElse("").equals("epoch");
        if (runs != null && !m.protocol().orElse("").equals("twophase-recovery") && !snapshot && !epoch) {
            throw new BadInputException("model " + m.name() + " has no threaded runtime to record (protocol "
                    + m.protocol().orElse("none") + "); threaded runs exist for twophase-recovery, chandylamport "
                    + "and epoch models");
        }
        long t0 = System.nanoTime();
        StateGraph graph = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
        System.out.printf(Locale.ROOT, "%s: %,d states, %,d edges (explored in %.1f s)%n", m.name(),
                graph.states().size(), graph.edges().size(), (System.nanoTime() - t0) / 1e9);
        ValidateRuns v = new ValidateRuns(graph);
        ValidateRuns.Result r;
        if (runs != null && snapshot) {
            System.out.println("recording " + runs + " threaded runs of the Chandy-Lamport runtime, seeds " + seed
                    + ".." + (seed + runs - 1));
            r = SnapshotValidation.runs(v, SnapshotRuns.STANDARD, runs, seed, finishMillis);
        } else if (runs != null && epoch) {
            System.out.println("recording " + runs + " threaded runs of the epoch runtime, seeds " + seed + ".."
                    + (seed + runs - 1));
            r = EpochRuns.runs(v, EpochRuns.STANDARD, runs, seed, finishMillis);
        } else if (runs != null) {
            System.out.println("recording " + runs + " threaded runs of the 2PC runtime, seeds " + seed + ".."
                    + (seed + runs - 1));
            r = v.commitRuns(Nodes.STANDARD, runs, seed, finishMillis);
        } else {
            v.validate(given);
            r = v.result(0, 0);
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
                        "recorded threaded run of the " + (snapshot ? "Chandy-Lamport" : epoch ? "epoch" : "2PC")
                                + " runtime, for " + m.name());
            }
            System.out.println(v.traces().size() + " recorded traces written to " + out);
        }
        System.out.println(r.summary());
        if (graph.vars().contains("crashes")) {
            java.util.function.IntPredicate crashed =
                    i -> !Long.valueOf(0).equals(graph.states().get(i).get("crashes"));
            long reached = r.coverage().coveredStates().stream().filter(crashed::test).count();
            long all = java.util.stream.IntStream.range(0, graph.states().size()).filter(crashed).count();
            System.out.printf(Locale.ROOT, "crash states reached: %,d of the model's %,d with crashes > 0%n",
                    reached, all);
        }
        if (benchSeconds > 0) bench(graph, v.traces(), benchSeconds);
        return r.passed() ? Main.OK : Main.CHECK_FAILED;
    }

    private static void bench(StateGraph graph, List<ItfTrace> traces, double seconds) {
        if (traces.isEmpty()) return;
        Validator warm = new Validator(graph);
        long steps = 0, t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (ItfTrace t : traces) warm.validate(t, null);
            steps = warm.totals().steps();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "bench: validated %,d steps in %.2f s in process: %,.0f steps/s%n", steps, s,
                steps / s);
    }
}
