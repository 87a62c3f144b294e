package ddm.conformance.replay;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a model's state graph that replayed (or recorded) runs reached: distinct states, and edges (a state,
 * an action with its parameters, the next state). Fed one visited state at a time.
 */
public final class Coverage {

    private final StateGraph graph;
    private final Map<Map<String, Object>, Integer> index;
    private final Map<Long, Integer> edgeIndex = new HashMap<>();
    private final Map<Label, Integer> labelIndex = new HashMap<>();
    private final BitSet states = new BitSet();
    private final BitSet edges = new BitSet();
    private int previous = -1;
    private long steps;
    private long unknown;

    public Coverage(StateGraph graph) {
        this.graph = graph;
        this.index = graph.index();
        for (int l = 0; l < graph.labels().size(); l++) labelIndex.put(graph.labels().get(l), l);
        for (int e = 0; e < graph.edges().size(); e++) edgeIndex.put(key(graph.edges().get(e)), e);
    }

    private long key(StateGraph.Edge e) {
        return ((long) e.from() * graph.labels().size() + e.label()) * graph.states().size() + e.to();
    }

    /** The next visited state; {@code step} is empty for the first state of a trace. */
    public void visit(Optional<Label> step, Map<String, Object> state) {
        Integer id = index.get(state);
        if (id == null) {
            unknown++;
            previous = -1;
            return;
        }
        states.set(id);
        if (step.isPresent() && previous >= 0) {
            steps++;
            Integer label = labelIndex.get(step.get());
            Integer e = label == null ? null : edgeIndex.get(key(new StateGraph.Edge(previous, label, id)));
            if (e != null) edges.set(e);
        }
        previous = id;
    }

    /** The ids of the states visited, in increasing order. */
    public List<Integer> coveredStates() {
        return states.stream().boxed().toList();
    }

    public int statesCovered() {
        return states.cardinality();
    }

    public int edgesCovered() {
        return edges.cardinality();
    }

    /** States visited that the graph does not hold (with random walks, or a trace from elsewhere). */
    public long unknownStates() {
        return unknown;
    }

    public long steps() {
        return steps;
    }

    /** {@code 288/288 states (100.0 %), 761/761 edges (100.0 %)}; totals are marked "explored" if incomplete. */
    public String summary() {
        String of = graph.complete() ? "" : " explored";
        return String.format(Locale.ROOT, "%d/%d%s states (%.1f %%), %d/%d%s edges (%.1f %%)", statesCovered(),
                graph.states().size(), of, pct(statesCovered(), graph.states().size()), edgesCovered(),
                graph.edges().size(), of, pct(edgesCovered(), graph.edges().size()));
    }

    public boolean full() {
        return statesCovered() == graph.states().size() && edgesCovered() == graph.edges().size();
    }

    private static double pct(int a, int b) {
        return b == 0 ? 100.0 : 100.0 * a / b;
    }
}
