package ddm.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The frontier of a coverage: the edges not taken from the states reached, by action. */
class CoverageFrontierTest {

    /** 0 -A-> 1 -B-> 2, 1 -C-> 2, 0 -D-> 2, 2 -E-> 3: a run that took A then B leaves C, D and E one step away. */
    @Test
    void theFrontierIsWhatTheRunsCouldHaveTakenNext() {
        List<Map<String, Object>> states = List.of(Map.of("x", 0L), Map.of("x", 1L), Map.of("x", 2L), Map.of("x", 3L));
        List<Label> labels = List.of(Label.of("A"), Label.of("B"), Label.of("C"), Label.of("D"), Label.of("E"));
        List<StateGraph.Edge> edges = List.of(new StateGraph.Edge(0, 0, 1), new StateGraph.Edge(1, 1, 2),
                new StateGraph.Edge(1, 2, 2), new StateGraph.Edge(0, 3, 2), new StateGraph.Edge(2, 4, 3));
        BitSet expanded = new BitSet();
        expanded.set(0, 4);
        StateGraph g = new StateGraph(Map.of(), List.of("x"), states, List.of(), List.of(0), labels, edges, expanded,
                List.of(), true);
        Coverage c = new Coverage(g);
        assertEquals(Map.of(), c.frontier(), "nothing reached, nothing one step away");
        c.visit(Optional.empty(), states.get(0));
        c.visit(Optional.of(Label.of("A")), states.get(1));
        c.visit(Optional.of(Label.of("B")), states.get(2));
        assertEquals(Map.of("C", 1, "D", 1, "E", 1), c.frontier());
        c.visit(Optional.of(Label.of("E")), states.get(3));
        assertEquals(Map.of("C", 1, "D", 1), c.frontier());
    }
}
