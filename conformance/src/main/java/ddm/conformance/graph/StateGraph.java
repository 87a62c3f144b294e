package ddm.conformance.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.Label;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's state graph as TLC explored it: the model's constants, states (canonical values, and the ITF JSON TLC's
 * values became), the initial states, and edges labelled with an action and its parameters. {@code expanded} holds
 * the states whose every outgoing edge is in the graph. {@code complete} is false when the graph is only what random
 * walks visited (then {@code walks} holds them, as edge ids, and each state they passed is expanded).
 */
public record StateGraph(Map<String, Object> constants, List<String> vars, List<Map<String, Object>> states,
                         List<ObjectNode> stateJson, List<Integer> initial, List<Label> labels, List<Edge> edges,
                         BitSet expanded, List<List<Integer>> walks, boolean complete) {

    /** An edge: {@code from} --labels[label]--> {@code to}. */
    public record Edge(int from, int label, int to) {}

    /** The ids of the states, by canonical value. */
    public Map<Map<String, Object>, Integer> index() {
        Map<Map<String, Object>, Integer> ix = new HashMap<>(states.size() * 2);
        for (int i = 0; i < states.size(); i++) ix.put(states.get(i), i);
        return ix;
    }

    /** Edges leaving each state, by state id. */
    public List<List<Integer>> outgoing() {
        List<List<Integer>> out = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) out.add(new ArrayList<>());
        for (int e = 0; e < edges.size(); e++) out.get(edges.get(e).from()).add(e);
        return out;
    }
}
