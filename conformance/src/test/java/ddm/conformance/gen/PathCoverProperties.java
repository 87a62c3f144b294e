package ddm.conformance.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The path cover on random graphs: every reachable edge is taken, and every trace is a path from an initial state. */
class PathCoverProperties {

    @Property(tries = 200)
    void coversEveryReachableEdgeWithPathsFromInitialStates(
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 143) Integer> edgeCodes) {
        Set<List<Integer>> edgeSet = new LinkedHashSet<>();
        for (int code : edgeCodes) edgeSet.add(List.of(code / 12 % n, code % n));
        List<StateGraph.Edge> edges = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (List<Integer> e : edgeSet) {
            labels.add(new Label("Step", Map.of("to", (long) e.get(1))));
            edges.add(new StateGraph.Edge(e.get(0), labels.size() - 1, e.get(1)));
        }
        List<Map<String, Object>> states = new ArrayList<>();
        List<ObjectNode> json = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            states.add(Map.of("s", i));
            json.add(JsonNodeFactory.instance.objectNode().put("s", i));
        }
        BitSet all = new BitSet();
        all.set(0, n);
        StateGraph g = new StateGraph(Map.of(), List.of("s"), states, json, List.of(0), labels, edges, all, List.of(), true);

        Set<Integer> reachable = new HashSet<>(List.of(0));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (StateGraph.Edge e : edges) grew |= reachable.contains(e.from()) && reachable.add(e.to());
        }
        Set<List<Object>> taken = new HashSet<>();
        for (ItfTrace t : Traces.pathCover(g, "g")) {
            assertEquals(0L, t.states().get(0).get("s"), "every trace starts in the initial state");
            for (int k = 0; k < t.steps(); k++) {
                Object from = t.states().get(k).get("s");
                Object to = t.states().get(k + 1).get("s");
                assertEquals(to, t.actions().get(k).params().get("to"), "each step is an edge of the graph");
                assertTrue(edgeSet.contains(List.of(((Long) from).intValue(), ((Long) to).intValue())));
                taken.add(List.of(from, to));
            }
        }
        long reachableEdges = edges.stream().filter(e -> reachable.contains(e.from())).count();
        assertEquals(reachableEdges, taken.size(), "every reachable edge is on some trace");
    }
}
