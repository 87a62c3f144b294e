package ddm.conformance.validate;

import ddm.conformance.BadInputException;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Coverage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks recorded traces against a model's state graph, in process: the first state must be an initial state, and
 * every step (s, label, t) must be an edge of the graph or a stutter (t = s, which TLA+ allows any step to be: the
 * code took an action whose effect the spec's state already holds, e.g. a second Query, or an answer already sent).
 * A step out of a state the graph did not expand (random walks) cannot be judged and is counted as unchecked.
 */
public final class Validator implements TraceChecker {

    /** The first step of a trace that is not a behaviour of the spec. */
    public record Failure(String trace, int step, Optional<Label> action, String problem,
                          Map<String, Object> before, Map<String, Object> after, List<Label> allowed,
                          List<String> diff) {

        /** Several lines: where, what, what the spec allowed instead, and how the state differs from the spec's. */
        public String report() {
            StringBuilder sb = new StringBuilder("FAILED " + trace + ", step " + step
                    + action.map(a -> " (" + a + ")").orElse("") + ": " + problem + "\n");
            sb.append("  the spec allows from the state before it: ")
                    .append(allowed.isEmpty() ? "nothing" : allowed.stream().map(Label::toString).toList()).append('\n');
            diff.forEach(d -> sb.append("  ").append(d).append('\n'));
            sb.append("  before: ").append(show(before));
            return sb.toString();
        }

        private static String show(Map<String, Object> s) {
            StringBuilder sb = new StringBuilder();
            s.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" = ").append(Values.show(v)));
            return sb.toString();
        }
    }

    /** Totals over the traces validated so far. */
    public record Totals(long traces, long steps, long stutters, long unchecked) {}

    private final StateGraph graph;
    private final Map<Map<String, Object>, Integer> index;
    private final Map<Label, Integer> labelIndex = new HashMap<>();
    private final Set<Long> edgeKeys = new HashSet<>();
    private final Map<Long, Integer> targetByLabel = new HashMap<>();
    private final List<List<Integer>> outgoing;
    private final Set<Integer> initial;
    private final Set<String> vars;
    private long traces, steps, stutters, unchecked;

    public Validator(StateGraph graph) {
        this.graph = graph;
        this.index = graph.index();
        for (int l = 0; l < graph.labels().size(); l++) labelIndex.put(graph.labels().get(l), l);
        for (StateGraph.Edge e : graph.edges()) {
            edgeKeys.add(key(e.from(), e.label(), e.to()));
            targetByLabel.putIfAbsent((long) e.from() * graph.labels().size() + e.label(), e.to());
        }
        this.outgoing = graph.outgoing();
        this.initial = new HashSet<>(graph.initial());
        this.vars = new TreeSet<>(graph.vars());
    }

    @Override
    public StateGraph graph() {
        return graph;
    }

    private long key(int from, int label, int to) {
        return ((long) from * graph.labels().size() + label) * graph.states().size() + to;
    }

    /** The labels of the edges leaving {@code state} (empty if the graph does not hold it), sorted by name. */
    @Override
    public List<Label> allowed(Map<String, Object> state) {
        Integer id = index.get(state);
        if (id == null) return List.of();
        Set<String> seen = new TreeSet<>();
        List<Label> out = new ArrayList<>();
        for (int e : outgoing.get(id)) {
            Label l = graph.labels().get(graph.edges().get(e).label());
            if (seen.add(l.toString())) out.add(l);
        }
        out.sort(java.util.Comparator.comparing(Label::toString));
        return out;
    }

    /**
     * Validates one trace; feeds {@code coverage} (if not null) every state up to the first failure. A trace whose
     * variables are not the model's is bad input.
     */
    @Override
    public Optional<Failure> validate(ItfTrace t, Coverage coverage) {
        if (!new TreeSet<>(t.vars()).equals(vars)) {
            throw new BadInputException(t.source() + ": variables " + new TreeSet<>(t.vars())
                    + " are not the model's " + vars);
        }
        traces++;
        List<Map<String, Object>> states = t.states();
        Integer prev = index.get(states.get(0));
        if (coverage != null) coverage.visit(Optional.empty(), states.get(0));
        if (prev == null || !initial.contains(prev)) {
            return Optional.of(new Failure(t.source(), 0, Optional.empty(),
                    prev == null ? "the first state is not a state of the model"
                            : "the first state is not an initial state of the model",
                    states.get(0), states.get(0), List.of(), List.of()));
        }
        for (int i = 0; i < t.steps(); i++) {
            Map<String, Object> s = states.get(i), next = states.get(i + 1);
            Label label = t.actions().get(i);
            Integer to = index.get(next);
            steps++;
            if (to != null && to.equals(prev) || to == null && next.equals(s)) {
                stutters++;
                if (coverage != null) coverage.visit(Optional.of(label), next);
                continue;
            }
            Integer l = labelIndex.get(label);
            boolean edge = to != null && l != null && edgeKeys.contains(key(prev, l, to));
            if (!edge) {
                if (!graph.expanded().get(prev)) {
                    unchecked++;
                } else {
                    Integer specTo = l == null ? null : targetByLabel.get((long) prev * graph.labels().size() + l);
                    String problem = l == null || specTo == null
                            ? "the spec does not allow " + label + " from the state before it"
                            : "the spec's " + label + " leads elsewhere";
                    if (to == null) problem += " (the state after it is not a state of the model)";
                    return Optional.of(new Failure(t.source(), i + 1, Optional.of(label), problem, s, next,
                            allowed(s), specTo == null ? diff(s, next, "before") : diff(graph.states().get(specTo),
                            next, "spec")));
                }
            }
            if (coverage != null) coverage.visit(Optional.of(label), next);
            if (to == null) return Optional.empty(); // beyond the explored graph: nothing more can be judged
            prev = to;
        }
        return Optional.empty();
    }

    /** The variables in which {@code recorded} differs from {@code expected}, one line each. */
    static List<String> diff(Map<String, Object> expected, Map<String, Object> recorded, String what) {
        List<String> out = new ArrayList<>();
        for (String v : new TreeSet<>(recorded.keySet())) {
            if (!recorded.get(v).equals(expected.get(v))) {
                out.add(v + ": " + what + " " + Values.show(expected.get(v)) + ", recorded " + Values.show(recorded.get(v)));
            }
        }
        return out;
    }

    @Override
    public Totals totals() {
        return new Totals(traces, steps, stutters, unchecked);
    }
}
