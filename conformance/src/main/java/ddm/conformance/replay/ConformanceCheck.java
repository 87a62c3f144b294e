package ddm.conformance.replay;

import ddm.conformance.gen.Traces;
import ddm.conformance.graph.GraphLoader;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.tlc.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code check} for one model: explore its graph with TLC, generate traces (a path cover of the whole graph, or the
 * model's random walks), replay them all against the implementation, and measure what they covered.
 */
public final class ConformanceCheck {

    /** Graphs larger than this are not enumerated for a path cover; such a model needs walks in the manifest. */
    public static final int MAX_COVER_STATES = 2_000_000;

    /**
     * What a check found. Passing means no divergence (in replay, or in the refusal check of every covered state)
     * and, for a path cover, every state and edge covered.
     */
    public record Result(Model model, StateGraph graph, int traces, Coverage coverage, Optional<Divergence> divergence,
                         long refusalsTried, double exploreSeconds, double replaySeconds) {

        public boolean passed() {
            return divergence.isEmpty() && (model.walks().isPresent() || coverage.full());
        }

        public String row() {
            String ofModel = "";
            if (!graph.complete() && model.distinctStates().isPresent()) {
                long all = model.distinctStates().getAsLong();
                ofModel = String.format(Locale.ROOT, " = %.1f %% of the model's %,d states",
                        100.0 * coverage.statesCovered() / all, all);
            }
            return String.format(Locale.ROOT,
                    "%-24s %-18s %5d traces %7d steps  %s%s  %d disabled steps refused  %s  (explore %.1f s, replay %.2f s)",
                    model.name(), model.protocol().orElse("-"), traces, coverage.steps(), coverage.summary(), ofModel,
                    refusalsTried, passed() ? "ok" : "FAILED", exploreSeconds, replaySeconds);
        }
    }

    private ConformanceCheck() {}

    public static StateGraph explore(Path root, Model model, Path workDir) throws IOException, InterruptedException {
        GraphLoader.Mode mode = model.walks()
                .<GraphLoader.Mode>map(w -> new GraphLoader.Walks(w.count(), w.depth(), w.seed()))
                .orElse(new GraphLoader.Full(MAX_COVER_STATES));
        return GraphLoader.explore(root, model, mode, workDir);
    }

    public static List<ItfTrace> traces(Model model, StateGraph graph) {
        return model.walks().isPresent() ? Traces.walks(graph, model.name()) : Traces.pathCover(graph, model.name());
    }

    /** Explores, generates and replays. */
    public static Result run(Path root, Model model, ProtocolAdapter adapter, Path workDir)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        StateGraph graph = explore(root, model, workDir);
        long t1 = System.nanoTime();
        Result r = replay(model, graph, traces(model, graph), adapter);
        return new Result(model, graph, r.traces(), r.coverage(), r.divergence(), r.refusalsTried(), (t1 - t0) / 1e9,
                r.replaySeconds());
    }

    /** Replays {@code traces} (of {@code graph}) until the first divergence, then checks refusals where they went. */
    public static Result replay(Model model, StateGraph graph, List<ItfTrace> traces, ProtocolAdapter adapter) {
        if (!graph.complete() && model.walks().isEmpty()) {
            throw new IllegalStateException(model.name() + " has more than " + MAX_COVER_STATES
                    + " states: give it walks in specs/models.json");
        }
        long t0 = System.nanoTime();
        Coverage coverage = new Coverage(graph);
        Replayer replayer = new Replayer(adapter);
        Optional<Divergence> divergence = Optional.empty();
        for (ItfTrace t : traces) {
            divergence = replayer.replay(t, coverage::visit);
            if (divergence.isPresent()) break;
        }
        long refusals = 0;
        if (divergence.isEmpty()) {
            RefusalCheck.Result refused = RefusalCheck.run(model.name(), graph, coverage.coveredStates(), adapter);
            refusals = refused.tried();
            divergence = refused.divergence();
        }
        return new Result(model, graph, traces.size(), coverage, divergence, refusals, 0, (System.nanoTime() - t0) / 1e9);
    }
}
