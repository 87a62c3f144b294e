package ddm.conformance.shrink;

import ddm.conformance.BadInputException;
import ddm.conformance.gen.Traces;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Divergence;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.replay.Replayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shrinks a replay divergence to the shortest path in the state graph from an initial state to the diverging edge:
 * the code left the spec on the edge (s, action, t), and any path to s will do, so take the shortest. The code may
 * have hidden state that a different history leaves different, so the short trace is replayed to check that it
 * diverges at its last step; if it does not, the original trace with its cycles cut out is tried, and failing that
 * the original prefix is kept.
 */
public final class GraphShrinker {

    private GraphShrinker() {}

    /** The shortest reproduction of {@code d}, a divergence of {@code trace} in replay against {@code adapter}. */
    public static Reproduction shrink(String model, String protocol, StateGraph g, ProtocolAdapter adapter,
                                      ItfTrace trace, Divergence d) {
        int k = d.step();
        if (k < 1) throw new BadInputException(trace.source() + ": the code differs from the spec in the initial state: "
                + "there is no step to shrink");
        Map<String, Object> next = trace.states().get(k);
        Label step = trace.actions().get(k - 1);
        List<ItfTrace> candidates = new ArrayList<>();
        Integer s = g.index().get(trace.states().get(k - 1));
        if (s != null) {
            int[] tree = Traces.shortestPathTree(g);
            if (tree[s] != -2) {
                List<Integer> path = Traces.pathTo(g, tree, s);
                int start = path.isEmpty() ? s : g.edges().get(path.get(0)).from();
                candidates.add(append(Traces.trace(g, trace.source() + " shrunk", start, path), step, next));
            }
        }
        candidates.add(withoutCycles(prefix(trace, k)));
        candidates.add(prefix(trace, k));
        Replayer replayer = new Replayer(adapter);
        for (ItfTrace c : candidates) {
            Optional<Divergence> again = replayer.replay(c);
            if (again.isPresent() && again.get().step() == c.steps()) {
                return reproduction(model, protocol, adapter, c, trace.source() + " (" + k + " steps to the divergence, "
                        + "shrunk to the shortest path: " + c.steps() + ")");
            }
        }
        throw new IllegalStateException(trace.source() + ": the divergence at step " + k + " does not show again on replay");
    }

    /**
     * The reproduction of a trace that diverges at its last step: the spec reaches its last state; a hint is kept
     * for each earlier step the code needs one for (replayed without, it would reach another state).
     */
    static Reproduction reproduction(String model, String protocol, ProtocolAdapter adapter, ItfTrace t, String origin) {
        List<Optional<Map<String, Object>>> hints = new ArrayList<>();
        for (int i = 0; i < t.steps(); i++) {
            hints.add(Optional.empty());
            if (i == t.steps() - 1) break;
            if (!reaches(adapter, t, hints, i + 1)) hints.set(i, Optional.of(t.states().get(i + 1)));
        }
        return new Reproduction(model, protocol, t.constants(), t.states().get(0), t.actions(), hints,
                new Reproduction.Reaches(t.states().get(t.steps())), origin);
    }

    /** Whether the code, given {@code hints}, reaches the trace's state after its first {@code n} steps. */
    private static boolean reaches(ProtocolAdapter adapter, ItfTrace t, List<Optional<Map<String, Object>>> hints, int n) {
        ProtocolAdapter.Instance code = adapter.start(t.constants(), t.states().get(0));
        try {
            for (int i = 0; i < n; i++) {
                Optional<Map<String, Object>> h = i < hints.size() ? hints.get(i) : Optional.empty();
                if (h.isPresent()) code.apply(t.actions().get(i), h.get());
                else code.apply(t.actions().get(i));
            }
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException refused) {
            return false;
        }
        return Values.canonicalState(code.abstraction()).equals(t.states().get(n));
    }

    private static ItfTrace append(ItfTrace t, Label step, Map<String, Object> next) {
        List<Map<String, Object>> states = new ArrayList<>(t.states());
        states.add(next);
        List<Label> labels = new ArrayList<>(t.actions());
        labels.add(step);
        return Execution.trace(t.source(), t.constants(), t.vars(), states, labels);
    }

    private static ItfTrace prefix(ItfTrace t, int k) {
        return Execution.trace(t.source() + " prefix", t.constants(), t.vars(), t.states().subList(0, k + 1),
                t.actions().subList(0, k));
    }

    /**
     * The trace with every stretch between two visits of one state cut out, up to the state before the last step;
     * the last step (the diverging one) is kept.
     */
    static ItfTrace withoutCycles(ItfTrace t) {
        int k = t.steps();
        List<Map<String, Object>> states = new ArrayList<>(List.of(t.states().get(0)));
        List<Label> labels = new ArrayList<>();
        Map<Map<String, Object>, Integer> at = new HashMap<>(Map.of(t.states().get(0), 0));
        for (int i = 1; i < k; i++) {
            Map<String, Object> s = t.states().get(i);
            Integer j = at.get(s);
            if (j != null) {
                while (states.size() > j + 1) at.remove(states.remove(states.size() - 1));
                while (labels.size() > j) labels.remove(labels.size() - 1);
            } else {
                at.put(s, states.size());
                states.add(s);
                labels.add(t.actions().get(i - 1));
            }
        }
        states.add(t.states().get(k));
        labels.add(t.actions().get(k - 1));
        return Execution.trace(t.source() + " without cycles", t.constants(), t.vars(), states, labels);
    }
}
