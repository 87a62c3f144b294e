package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.Protocol;
import ddm.conformance.Protocols;
import ddm.conformance.events.RunLog;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Coverage;
import ddm.conformance.tlc.Model;
import ddm.conformance.validate.TlcValidator;
import ddm.conformance.validate.TraceChecker;
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
 * {@code validate}: check recorded runs of the code against a model (code to spec). Either record {@code --runs N}
 * random threaded runs (the model's protocol must have a threaded runtime) and validate them, or validate recorded
 * runs: folders of per-node event logs ({@code --logs DIR}) or linearized ITF files. Exit 0 when every run is a
 * behaviour of the spec, 1 otherwise (or when a run did not finish), 2 on bad input; files are all read before any
 * is validated.
 *
 * <p>Runs are recorded per node, with no lock shared by the nodes, and each run is searched for an order of its
 * events consistent with happens-before that is a behaviour of the spec, at the logging level {@code --level} asks.
 * {@code --locked} records the old way instead, linearized by one lock, each step checked in that order. A model too
 * large to enumerate (one with random walks in the manifest), or any model with {@code --tlc}, is checked through TLC:
 * the same search runs in a child JVM with TLC's next-state relation as the spec ({@link TlcValidator}), which
 * follows linearized traces too.
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

    @Option(names = "--bench", description = "Also measure validation: validate the recorded traces again for about "
            + "this many seconds and print steps per second. With --tlc on a model that can be enumerated, both ways "
            + "in alternating rounds (twice as long), and their paired ratio with its 5th-95th percentile.")
    double benchSeconds;

    @Option(names = "--tlc", description = "Check the steps with TLC's next-state relation, not the enumerated state "
            + "graph (the default for models too large to enumerate: those with walks in the manifest).")
    boolean tlc;

    @Option(names = "--scaling", description = "Benchmark instead: long 2PC runs of about 1k, 10k and 100k steps, "
            + "validated per node and under the lock; prints how the cost grows (a two-phase-commit model only).")
    boolean scaling;

    @Option(names = "--locked", description = "Record runs linearized by one lock shared by every node (the old way) "
            + "and check each step in that order, instead of per-node logs searched for an order.")
    boolean locked;

    @Option(names = "--level", description = "What per-node logs are validated with: events, params, partial or vars "
            + "(default vars: the nodes' own variables; a poorer level is the same logs cut down).")
    String level = "vars";

    @Option(names = "--logs", description = "A folder of per-node event logs (*.ndjson) of one run, to validate: "
            + "a recorded run's *.events.ndjson, or a cluster run's events folder; may be given many times.")
    List<Path> logDirs = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "TRACE", description = "Recorded ITF traces (*.itf.json).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (scaling) {
            Model sm = manifest.model(model);
            if (!"twophase-recovery".equals(sm.protocol().orElse(""))) {
                throw new BadInputException("--scaling runs long 2PC runs: give a twophase-recovery model, not " + model);
            }
            StateGraph g = ConformanceCheck.explore(manifest.root(), sm, manifest.work(sm));
            System.out.println(sm.name() + ": validation time by run length (medians of 5)");
            ddm.conformance.validate.Scaling.print(g, new int[] {1_000, 10_000, 100_000}, 5);
            return Main.OK;
        }
        int sources = (runs == null ? 0 : 1) + (files.isEmpty() ? 0 : 1) + (logDirs.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw new BadInputException("give one of --runs N, --logs DIR or recorded trace files, not "
                    + (sources == 0 ? "none" : "several"));
        }
        if (runs != null && runs < 1) throw new BadInputException("--runs must be at least 1, not " + runs);
        if (finishMillis < 1) throw new BadInputException("--finish-ms must be at least 1, not " + finishMillis);
        ddm.trace.Level lvl = switch (level) {
            case "events" -> ddm.trace.Level.EVENTS;
            case "params" -> ddm.trace.Level.PARAMS;
            case "partial" -> ddm.trace.Level.PARTIAL;
            case "vars" -> ddm.trace.Level.VARS;
            default -> throw new BadInputException("--level must be events, params, partial or vars, not " + level);
        };
        Model m = manifest.model(model);
        List<ItfTrace> given = new ArrayList<>();
        for (Path f : files) given.add(ItfTrace.read(f));
        List<RunLog> givenLogs = new ArrayList<>();
        for (Path d : logDirs) givenLogs.add(RunLog.read(d));
        Protocol protocol = m.protocol().map(Protocols::byName).orElse(null);
        Protocol.Runtime runtime = protocol == null ? null : protocol.runtime().orElse(null);
        if ((runs != null || !givenLogs.isEmpty()) && runtime == null) {
            throw new BadInputException("model " + m.name() + " has no threaded runtime to record (protocol "
                    + m.protocol().orElse("none") + "); threaded runs exist for "
                    + String.join(", ", Protocols.withRuntime()) + " models");
        }
        boolean throughTlc = tlc || m.walks().isPresent();
        boolean perNode = !locked && given.isEmpty();
        TlcValidator[] explainer = new TlcValidator[1];
        long t0 = System.nanoTime();
        StateGraph graph;
        ValidateRuns v;
        TlcValidator viaTlc = null;
        if (throughTlc) {
            viaTlc = new TlcValidator(manifest.root(), m, manifest.work(m));
            graph = viaTlc.graph();
            Coverage byValue = Coverage.byValue(m.distinctStates());
            v = perNode ? ValidateRuns.perNode(viaTlc, runtime.events(), lvl, byValue) : new ValidateRuns(viaTlc, byValue);
            System.out.printf(Locale.ROOT, "%s: checked through TLC (%s; TLC started in %.1f s)%n", m.name(),
                    m.distinctStates().isPresent() ? String.format(Locale.ROOT, "%,d states, not enumerated here",
                            m.distinctStates().getAsLong()) : "not enumerated", (System.nanoTime() - t0) / 1e9);
        } else {
            graph = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
            v = perNode ? ValidateRuns.perNode(graph, runtime.events(), lvl) : new ValidateRuns(graph);
            if (perNode) {
                // A rejected run is searched again through TLC, which can say which guard of a refused action is
                // false; TLC starts only if some run is rejected.
                v.explainRejectionsWith(run -> {
                    try {
                        if (explainer[0] == null) explainer[0] = new TlcValidator(manifest.root(), m, manifest.work(m));
                        return explainer[0].validate(run, runtime.events(), ValidateRuns.SEARCH_BUDGET, null).report();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            System.out.printf(Locale.ROOT, "%s: %,d states, %,d edges (explored in %.1f s)%n", m.name(),
                    graph.states().size(), graph.edges().size(), (System.nanoTime() - t0) / 1e9);
        }
        try {
            return validate(m, graph, v, viaTlc, given, givenLogs, runtime);
        } finally {
            if (viaTlc != null) viaTlc.close();
            if (explainer[0] != null) explainer[0].close();
        }
    }

    private int validate(Model m, StateGraph graph, ValidateRuns v, TlcValidator viaTlc, List<ItfTrace> given,
                         List<RunLog> givenLogs, Protocol.Runtime runtime) throws Exception {
        ValidateRuns.Result r;
        if (!givenLogs.isEmpty()) {
            if (v.perNode() && viaTlc == null) v.givenLogs();
            givenLogs.forEach(v::validate);
            r = v.result(givenLogs.size(), 0);
        } else if (runs == null) {
            v.validate(given);
            r = v.result(0, 0);
        } else {
            System.out.println("recording " + runs + (runtime.simulated() ? " simulated" : " threaded") + " runs of the "
                    + runtime.name() + " runtime"
                    + (v.perNode() ? " per node (no lock), validated at level " + level : " under the lock")
                    + ", seeds " + seed + ".." + (seed + runs - 1));
            r = runtime.runs().record(v, runs, seed, finishMillis);
        }
        Path failedDir = manifest.work(m).resolve("validate-failed");
        for (Validator.Failure f : r.failures()) System.out.println(f.report());
        r.rejected().forEach(System.out::print);
        for (RunLog l : r.rejectedLogs()) {
            if (runs == null) continue;
            Path dir = failedDir.resolve(l.source().replaceAll("[^A-Za-z0-9]+", "-"));
            write(l, dir);
            System.out.println("  per-node logs written to " + dir);
        }
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
                        "recorded threaded run of the " + runtime.name() + " runtime, for " + m.name());
            }
            for (RunLog l : v.logs()) write(l, out.resolve(l.source().replaceAll("[^A-Za-z0-9]+", "-")));
            System.out.println((v.perNode() ? v.logs().size() + " runs' per-node logs" : v.traces().size()
                    + " recorded traces") + " written to " + out);
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
        if (benchSeconds > 0 && viaTlc != null && m.walks().isEmpty()) {
            // A model that can be enumerated, checked through TLC: both ways, in rounds, for a paired ratio.
            StateGraph explored = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
            ValidateBench.paired(new Validator(explored), "in process", viaTlc, "through TLC", v.traces(), benchSeconds);
        } else if (benchSeconds > 0) {
            ValidateBench.single(viaTlc != null ? viaTlc : new Validator(graph), viaTlc != null ? "through TLC"
                    : "in process", v.traces(), benchSeconds);
        }
        return r.passed() ? Main.OK : Main.CHECK_FAILED;
    }

    /** Writes {@code run}'s per-node logs into folder {@code dir}, one file per node, each whole (temp, then rename). */
    private static void write(RunLog run, Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        for (var e : run.nodes().entrySet()) {
            Path tmp = java.nio.file.Files.createTempFile(dir, ".events-", ".tmp");
            try (ddm.trace.NdjsonEventLog log = ddm.trace.NdjsonEventLog.open(tmp)) {
                for (ddm.trace.Event ev : e.getValue()) log.append(ev);
            }
            java.nio.file.Files.move(tmp, dir.resolve(e.getKey() + RunLog.SUFFIX),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
