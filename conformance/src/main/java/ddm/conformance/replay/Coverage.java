package ddm.conformance.replay;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The part of a model's state graph that replayed (or recorded) runs reached: distinct states, and edges (a state,
 * an action with its parameters, the next state). Fed one visited state at a time.
 *
 * <p>Without an enumerated graph (a model checked through TLC, {@link #byValue}) it counts the distinct states and
 * edges visited, against the model's state count where the manifest records one.
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
    private final OptionalLong modelStates;
    private final Set<Map<String, Object>> valueStates = new HashSet<>();
    private final Set<List<Object>> valueEdges = new HashSet<>();
    private Map<String, Object> previousValue;

    public Coverage(StateGraph graph) {
        this.graph = graph;
        this.modelStates = OptionalLong.empty();
        this.index = graph.index();
        for (int l = 0; l < graph.labels().size(); l++) labelIndex.put(graph.labels().get(l), l);
        for (int e = 0; e < graph.edges().size(); e++) edgeIndex.put(key(graph.edges().get(e)), e);
    }

    private Coverage(OptionalLong modelStates) {
        this.graph = null;
        this.index = Map.of();
        this.modelStates = modelStates;
    }

    /** Coverage counted by value, for a model whose graph is not enumerated; {@code modelStates}, if known. */
    public static Coverage byValue(OptionalLong modelStates) {
        return new Coverage(modelStates);
    }

    private long key(StateGraph.Edge e) {
        return ((long) e.from() * graph.labels().size() + e.label()) * graph.states().size() + e.to();
    }

    /** The next visited state; {@code step} is empty for the first state of a trace. */
    public void visit(Optional<Label> step, Map<String, Object> state) {
        if (graph == null) {
            valueStates.add(state);
            if (step.isPresent() && previousValue != null) {
                steps++;
                valueEdges.add(List.of(previousValue, step.get(), state));
            }
            previousValue = state;
            return;
        }
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

    /**
     * The frontier's edges by action: the edges not taken whose source state was visited, one step from what the runs
     * did (what a campaign could take next and has not). Empty without an enumerated graph.
     */
    public Map<String, Integer> frontier() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        if (graph == null) return out;
        for (int e = 0; e < graph.edges().size(); e++) {
            StateGraph.Edge edge = graph.edges().get(e);
            if (!edges.get(e) && states.get(edge.from())) {
                out.merge(graph.labels().get(edge.label()).action(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** The ids of the states visited, in increasing order. */
    public List<Integer> coveredStates() {
        return states.stream().boxed().toList();
    }

    public int statesCovered() {
        return graph == null ? valueStates.size() : states.cardinality();
    }

    public int edgesCovered() {
        return graph == null ? valueEdges.size() : edges.cardinality();
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
        if (graph == null) {
            return String.format(Locale.ROOT, "%,d distinct states, %,d distinct edges", statesCovered(), edgesCovered())
                    + (modelStates.isPresent() ? String.format(Locale.ROOT, " = %.2f %% of the model's %,d states",
                    pct(statesCovered(), modelStates.getAsLong()), modelStates.getAsLong()) : "");
        }
        String of = graph.complete() ? "" : " explored";
        return String.format(Locale.ROOT, "%d/%d%s states (%.1f %%), %d/%d%s edges (%.1f %%)", statesCovered(),
                graph.states().size(), of, pct(statesCovered(), graph.states().size()), edgesCovered(),
                graph.edges().size(), of, pct(edgesCovered(), graph.edges().size()));
    }

    public boolean full() {
        if (graph == null) return false;
        return statesCovered() == graph.states().size() && edgesCovered() == graph.edges().size();
    }

    private static double pct(long a, long b) {
        return b == 0 ? 100.0 : 100.0 * a / b;
    }
}
