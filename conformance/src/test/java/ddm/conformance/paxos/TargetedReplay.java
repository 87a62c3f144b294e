package ddm.conformance.paxos;

import ddm.conformance.adapters.PaxosCommitAdapter;
import ddm.conformance.gen.Traces;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Coverage;
import ddm.conformance.replay.Divergence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replay and the refusal check as {@code Replayer} and {@code RefusalCheck} do them, except that each step is applied
 * with the spec's next state ({@link PaxosCommitAdapter.Run#apply(Label, Map)}), which PaxosCommit needs: Phase1b(a),
 * Phase2b(a) and Phase2a(b, r) choose a message or quorum their label does not name. Stands in until the engine's
 * {@code Instance.apply} is handed the next state (asked of the lead); then these tests call ConformanceCheck.replay.
 */
final class TargetedReplay {

    record Result(Coverage coverage, Optional<Divergence> divergence, long refusalsTried) {
        boolean passed() {
            return divergence.isEmpty() && coverage.full();
        }
    }

    private TargetedReplay() {}

    static Result run(String model, StateGraph graph, List<ItfTrace> traces, PaxosCommitAdapter adapter) {
        Coverage coverage = new Coverage(graph);
        for (ItfTrace t : traces) {
            Optional<Divergence> d = replay(t, adapter, coverage);
            if (d.isPresent()) return new Result(coverage, d, 0);
        }
        long[] tried = {0};
        Optional<Divergence> d = refusals(model, graph, coverage.coveredStates(), adapter, tried);
        return new Result(coverage, d, tried[0]);
    }

    private static Optional<Divergence> replay(ItfTrace t, PaxosCommitAdapter adapter, Coverage coverage) {
        PaxosCommitAdapter.Run impl = adapter.start(t.constants(), t.states().get(0));
        Optional<Divergence> d = compare(t.source(), 0, Optional.empty(), t.vars(), t.states().get(0), impl);
        if (d.isPresent()) return d;
        coverage.visit(Optional.empty(), t.states().get(0));
        for (int i = 0; i < t.steps(); i++) {
            Label step = t.actions().get(i);
            try {
                impl.apply(step, t.states().get(i + 1));
            } catch (RuntimeException e) {
                return Optional.of(new Divergence(t.source(), i + 1, Optional.of(step),
                        "the implementation refused the step: " + e.getMessage(), List.of()));
            }
            d = compare(t.source(), i + 1, Optional.of(step), t.vars(), t.states().get(i + 1), impl);
            if (d.isPresent()) return d;
            coverage.visit(Optional.of(step), t.states().get(i + 1));
        }
        return Optional.empty();
    }

    private static Optional<Divergence> refusals(String model, StateGraph graph, Iterable<Integer> states,
                                                 PaxosCommitAdapter adapter, long[] tried) {
        int[] tree = Traces.shortestPathTree(graph);
        List<List<Integer>> out = graph.outgoing();
        Set<Label> all = new LinkedHashSet<>(graph.labels());
        for (int s : states) {
            if (tree[s] == -2) continue;
            Set<Label> enabled = new HashSet<>();
            for (int e : out.get(s)) enabled.add(graph.labels().get(graph.edges().get(e).label()));
            List<Integer> path = Traces.pathTo(graph, tree, s);
            int start = path.isEmpty() ? s : graph.edges().get(path.get(0)).from();
            List<Label> steps = new ArrayList<>();
            PaxosCommitAdapter.Run impl = adapter.start(graph.constants(), graph.states().get(start));
            for (int e : path) {
                StateGraph.Edge edge = graph.edges().get(e);
                Label l = graph.labels().get(edge.label());
                impl.apply(l, graph.states().get(edge.to()));
                steps.add(l);
            }
            String where = model + " state " + s + " (reached by " + (steps.isEmpty() ? "no step" : steps) + ")";
            Map<String, Object> before = graph.states().get(s);
            for (Label l : all) {
                if (enabled.contains(l)) continue;
                tried[0]++;
                try {
                    impl.apply(l);
                } catch (RuntimeException refused) {
                    Optional<Divergence> d = compare(where, path.size() + 1, Optional.of(l), graph.vars(), before, impl);
                    if (d.isPresent()) return d;
                    continue;
                }
                return Optional.of(new Divergence(where, path.size() + 1, Optional.of(l),
                        "the implementation took a step the spec does not allow here", diffs(graph.vars(), before, impl)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Divergence> compare(String source, int index, Optional<Label> step, List<String> vars,
                                                Map<String, Object> expected, PaxosCommitAdapter.Run impl) {
        List<Divergence.VarDiff> diffs = diffs(vars, expected, impl);
        return diffs.isEmpty() ? Optional.empty() : Optional.of(new Divergence(source, index, step, "", diffs));
    }

    private static List<Divergence.VarDiff> diffs(List<String> vars, Map<String, Object> expected,
                                                  PaxosCommitAdapter.Run impl) {
        Map<String, Object> actual = Values.canonicalState(impl.abstraction());
        List<Divergence.VarDiff> diffs = new ArrayList<>();
        for (String v : vars) {
            if (!expected.get(v).equals(actual.get(v))) diffs.add(new Divergence.VarDiff(v, expected.get(v), actual.get(v)));
        }
        return diffs;
    }
}
