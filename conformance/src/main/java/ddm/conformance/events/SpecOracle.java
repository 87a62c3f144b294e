package ddm.conformance.events;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec as the search asks it: its initial states, and the steps out of a state, each labelled with its action and
 * parameters. States are ints the oracle hands out. An enumerated state graph answers in process
 * ({@link #of(StateGraph)}); TLC's next-state relation answers for a model too large to enumerate (the trace
 * follower's child JVM runs the same search with its own oracle).
 */
public interface SpecOracle {

    /** A step of the spec: {@code label} leads to state {@code target}. */
    record Step(Label label, int target) {}

    List<Integer> initial();

    /** Every step out of {@code state} (a self-loop included, when an action leaves the state as it was). */
    List<Step> next(int state);

    /**
     * The steps out of {@code state} of action {@code action} whose parameters include {@code params}: what the
     * search asks most, which TLC answers far cheaper than every step.
     */
    default List<Step> next(int state, String action, Map<String, Object> params) {
        return next(state).stream().filter(s -> s.label().action().equals(action) && agrees(s.label(), params))
                .toList();
    }

    /** Whether {@code label}'s parameters include {@code params} (logged parameters, canonical). */
    static boolean agrees(Label label, Map<String, Object> params) {
        for (Map.Entry<String, Object> p : params.entrySet()) {
            if (!p.getValue().equals(label.params().get(p.getKey()))) return false;
        }
        return true;
    }

    /** The variables of {@code state}, canonical ({@link ddm.conformance.itf.Values}). */
    Map<String, Object> state(int state);

    /** Whether {@link #next} is every step out of {@code state} (not so for states a random walk only passed by). */
    boolean expanded(int state);

    /**
     * Why {@code action} with (at least) {@code params} is not enabled in {@code state}: per split action of that
     * name, its label and the guard that is false, quoted from the spec. Empty when the oracle cannot tell (an
     * enumerated graph knows its edges, not the spec's text).
     */
    default List<String> whyDisabled(int state, String action, Map<String, Object> params) {
        return List.of();
    }

    /** The oracle of an enumerated (or walked) state graph. */
    static SpecOracle of(StateGraph graph) {
        List<List<Step>> steps = new ArrayList<>(graph.states().size());
        for (int i = 0; i < graph.states().size(); i++) steps.add(new ArrayList<>());
        for (StateGraph.Edge e : graph.edges()) {
            steps.get(e.from()).add(new Step(graph.labels().get(e.label()), e.to()));
        }
        return new SpecOracle() {
            @Override
            public List<Integer> initial() {
                return graph.initial();
            }

            @Override
            public List<Step> next(int state) {
                return steps.get(state);
            }

            @Override
            public Map<String, Object> state(int state) {
                return graph.states().get(state);
            }

            @Override
            public boolean expanded(int state) {
                return graph.expanded().get(state);
            }
        };
    }
}
