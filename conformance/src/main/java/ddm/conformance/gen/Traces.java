package ddm.conformance.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Traces from a state graph: a path cover (traces from the initial states that together take every edge), or the
 * random walks the explorer took.
 */
public final class Traces {

    private Traces() {}

    /**
     * A path cover: for each edge not yet taken, the shortest path from an initial state to it, then onwards along
     * edges not yet taken for as long as there are any. Every edge is on some trace, and so is every state (an
     * initial state with no way out is a trace of its own).
     */
    public static List<ItfTrace> pathCover(StateGraph g, String name) {
        int n = g.states().size();
        int[] parentEdge = shortestPathTree(g);
        List<List<Integer>> out = g.outgoing();
        boolean[] taken = new boolean[g.edges().size()];
        int[] nextUntaken = new int[n]; // per state, where to resume the search for an untaken outgoing edge
        List<List<Integer>> paths = new ArrayList<>();
        for (int i : g.initial()) if (out.get(i).isEmpty()) paths.add(List.of());
        for (int e = 0; e < g.edges().size(); e++) {
            if (taken[e] || parentEdge[g.edges().get(e).from()] == -2) continue;
            List<Integer> path = pathTo(g, parentEdge, g.edges().get(e).from());
            for (int next = e; next >= 0; ) {
                path.add(next);
                taken[next] = true;
                int at = g.edges().get(next).to();
                next = -1;
                List<Integer> choices = out.get(at);
                while (nextUntaken[at] < choices.size()) {
                    int c = choices.get(nextUntaken[at]++);
                    if (!taken[c]) {
                        next = c;
                        break;
                    }
                }
            }
            for (int p : path) taken[p] = true;
            paths.add(path);
        }
        List<ItfTrace> traces = new ArrayList<>(paths.size());
        for (int k = 0; k < paths.size(); k++) {
            int start = paths.get(k).isEmpty() ? g.initial().get(0) : g.edges().get(paths.get(k).get(0)).from();
            traces.add(trace(g, name + " trace " + (k + 1), start, paths.get(k)));
        }
        return traces;
    }

    /**
     * For each state, the last edge of a shortest path from an initial state to it: -1 for an initial state, -2 for
     * a state no path reaches.
     */
    public static int[] shortestPathTree(StateGraph g) {
        int[] parentEdge = new int[g.states().size()];
        Arrays.fill(parentEdge, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i : g.initial()) {
            if (parentEdge[i] == -2) {
                parentEdge[i] = -1;
                queue.add(i);
            }
        }
        List<List<Integer>> out = g.outgoing();
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int e : out.get(s)) {
                int t = g.edges().get(e).to();
                if (parentEdge[t] == -2) {
                    parentEdge[t] = e;
                    queue.add(t);
                }
            }
        }
        return parentEdge;
    }

    /** The edges of the shortest path to {@code state} in {@code tree} (from {@link #shortestPathTree}). */
    public static List<Integer> pathTo(StateGraph g, int[] tree, int state) {
        List<Integer> path = new ArrayList<>();
        for (int s = state; tree[s] >= 0; s = g.edges().get(tree[s]).from()) path.add(tree[s]);
        Collections.reverse(path);
        return path;
    }

    /** The explorer's random walks, each as a trace. */
    public static List<ItfTrace> walks(StateGraph g, String name) {
        List<ItfTrace> traces = new ArrayList<>();
        for (int k = 0; k < g.walks().size(); k++) {
            List<Integer> w = g.walks().get(k);
            int start = w.isEmpty() ? g.initial().get(0) : g.edges().get(w.get(0)).from();
            traces.add(trace(g, name + " walk " + (k + 1), start, w));
        }
        return traces;
    }

    /** The trace that starts in {@code start} and takes {@code edges} in order. */
    public static ItfTrace trace(StateGraph g, String source, int start, List<Integer> edges) {
        List<Map<String, Object>> states = new ArrayList<>(edges.size() + 1);
        List<ObjectNode> json = new ArrayList<>(edges.size() + 1);
        List<Label> labels = new ArrayList<>(edges.size());
        states.add(g.states().get(start));
        json.add(g.stateJson().get(start));
        int at = start;
        for (int e : edges) {
            StateGraph.Edge edge = g.edges().get(e);
            if (edge.from() != at) throw new IllegalArgumentException("edges do not form a path at " + e);
            labels.add(g.labels().get(edge.label()));
            states.add(g.states().get(edge.to()));
            json.add(g.stateJson().get(edge.to()));
            at = edge.to();
        }
        return new ItfTrace(source, g.constants(), g.vars(), states, json, labels);
    }
}
