package ddm.conformance.replay;

import ddm.conformance.BadInputException;
import ddm.conformance.gen.Traces;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The other half of conformance: replay shows the code can take every step the spec takes; this shows it takes no
 * step the spec does not. In each state of the graph, every action (with its parameters) that the spec does not
 * enable there must be refused by the implementation, and the refusal must leave the abstraction as it was.
 * A TM that commits on a majority of votes passes every replayed trace (the spec never asks it to commit early) and
 * fails here.
 */
public final class RefusalCheck {

    /** How many (state, disabled action) pairs were tried, and the first that the implementation did not refuse. */
    public record Result(long tried, Optional<Divergence> divergence) {}

    private RefusalCheck() {}

    /**
     * Checks every state in {@code states} (ids of {@code graph}) that the explorer expanded: only there is an action
     * without an edge known to be disabled. States no path reaches are skipped too.
     */
    public static Result run(String model, StateGraph graph, Iterable<Integer> states, ProtocolAdapter adapter) {
        int[] tree = Traces.shortestPathTree(graph);
        List<List<Integer>> out = graph.outgoing();
        Set<Label> all = new LinkedHashSet<>(graph.labels());
        long tried = 0;
        for (int s : states) {
            if (tree[s] == -2 || !graph.expanded().get(s)) continue;
            Set<Label> enabled = new HashSet<>();
            for (int e : out.get(s)) enabled.add(graph.labels().get(graph.edges().get(e).label()));
            List<Integer> path = Traces.pathTo(graph, tree, s);
            int start = path.isEmpty() ? s : graph.edges().get(path.get(0)).from();
            ProtocolAdapter.Instance impl = adapter.start(graph.constants(), graph.states().get(start));
            List<Label> steps = new ArrayList<>();
            for (int e : path) {
                Label l = graph.labels().get(graph.edges().get(e).label());
                steps.add(l);
                try {
                    impl.apply(l, graph.states().get(graph.edges().get(e).to()));
                } catch (BadInputException bad) {
                    throw bad;
                } catch (RuntimeException refused) {
                    // Replay took every edge, but along another history: hidden state may differ on this path.
                    return new Result(tried, Optional.of(new Divergence(model + " shortest path to state " + s,
                            steps.size(), Optional.of(l), "the implementation refused the step: " + refused, List.of())));
                }
            }
            String where = model + " state " + s + " (reached by " + (steps.isEmpty() ? "no step" : steps) + ")";
            List<Divergence.VarDiff> off = Replayer.diff(graph.vars(), graph.states().get(s), impl.abstraction());
            if (!off.isEmpty()) {
                Optional<Label> last = steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
                return new Result(tried, Optional.of(new Divergence(where, path.size(), last,
                        "the implementation reached another state along the shortest path", off)));
            }
            for (Label l : all) {
                if (enabled.contains(l)) continue;
                tried++;
                Map<String, Object> before = graph.states().get(s);
                try {
                    impl.apply(l);
                } catch (BadInputException e) {
                    throw e;
                } catch (RuntimeException refused) {
                    List<Divergence.VarDiff> diffs = Replayer.diff(graph.vars(), before, impl.abstraction());
                    if (!diffs.isEmpty()) {
                        return new Result(tried, Optional.of(new Divergence(where, path.size() + 1, Optional.of(l),
                                "the implementation refused a step the spec does not allow, but changed its state", diffs)));
                    }
                    continue;
                }
                return new Result(tried, Optional.of(new Divergence(where, path.size() + 1, Optional.of(l),
                        "the implementation took a step the spec does not allow here",
                        Replayer.diff(graph.vars(), before, impl.abstraction()))));
            }
        }
        return new Result(tried, Optional.empty());
    }
}
