package ddm.conformance.cli;

import ddm.conformance.Protocols;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.replay.RefusalCheck;
import ddm.conformance.replay.Replayer;
import ddm.conformance.tlc.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: replayed spec steps per second on one thread. Explores the model once, then replays its traces
 * (and, separately, runs the refusal check) for a fixed number of rounds, several times, and prints the median.
 * It measures; it never fails on a number.
 */
@Command(name = "bench", description = "Measure replay speed (spec steps per second, one thread).")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", defaultValue = "TwoPhase-3", description = "The model (default: TwoPhase-3).")
    String model;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default 5); the median is reported.")
    int runs;

    @Option(names = "--seconds", defaultValue = "2", description = "Length of each run in seconds (default 2).")
    double seconds;

    @Override
    public Integer call() throws Exception {
        Model m = manifest.model(model);
        ProtocolAdapter adapter = Protocols.byName(m.protocol().orElseThrow(
                () -> new ddm.conformance.BadInputException("model " + model + " names no protocol"))).replayAdapter();
        StateGraph graph = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
        List<ItfTrace> traces = ConformanceCheck.traces(m, graph);
        Replayer replayer = new Replayer(adapter);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < graph.states().size(); i++) all.add(i);

        measure("warm-up", 1, () -> replayAll(replayer, traces));
        double replay = measure("replay", runs, () -> replayAll(replayer, traces));
        double refusal = measure("refusal check", runs, () -> RefusalCheck.run(m.name(), graph, all, adapter).tried());
        System.out.printf(Locale.ROOT, "%s: %d states, %d edges, %d traces; median of %d runs of %.0f s%n", m.name(),
                graph.states().size(), graph.edges().size(), traces.size(), runs, seconds);
        System.out.printf(Locale.ROOT, "  replay         %,12.0f spec steps/s (each step applied and its state compared)%n",
                replay);
        System.out.printf(Locale.ROOT, "  refusal check  %,12.0f disabled steps/s (each with the path to its state)%n",
                refusal);
        return Main.OK;
    }

    private static long replayAll(Replayer replayer, List<ItfTrace> traces) {
        long steps = 0;
        for (ItfTrace t : traces) {
            if (replayer.replay(t).isPresent()) throw new IllegalStateException("divergence while benchmarking");
            steps += t.steps();
        }
        return steps;
    }

    /** Runs {@code round} repeatedly for {@link #seconds}, {@code n} times; returns the median units per second. */
    private double measure(String what, int n, java.util.function.LongSupplier round) {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            long units = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) units += round.getAsLong();
            rates.add(units / ((System.nanoTime() - start) / 1e9));
        }
        Collections.sort(rates);
        return rates.get(rates.size() / 2);
    }
}
