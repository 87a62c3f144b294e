package ddm.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of a dataflow, the spec's constants {@code Sources}, {@code Operators}, {@code Sinks} and {@code Edges}:
 * named sources, named tasks (each with an operator kind; a task without output channels is a sink) and the channels
 * between them. Checked on construction to be what the spec assumes: a DAG whose every task has an input and whose
 * channels run from a source or operator to a task.
 */
public final class Dataflow {

    private final Set<String> sources;
    private final Map<String, String> kinds;
    private final List<Channel> channels;
    private final Map<String, List<Channel>> ins = new HashMap<>();
    private final Map<String, List<Channel>> outs = new HashMap<>();

    /** @param kinds task name to operator kind ({@code count}, {@code sum}; {@code sink} for a task without outputs) */
    public Dataflow(Set<String> sources, Map<String, String> kinds, Set<Channel> channels) {
        this.sources = Collections.unmodifiableSet(new TreeSet<>(sources));
        this.kinds = Collections.unmodifiableMap(new TreeMap<>(kinds));
        this.channels = List.copyOf(new TreeSet<>(channels));
        for (String n : nodes()) {
            ins.put(n, new ArrayList<>());
            outs.put(n, new ArrayList<>());
        }
        for (Channel c : this.channels) {
            if (!ins.containsKey(c.from()) || !this.kinds.containsKey(c.to())) {
                throw new IllegalArgumentException("channel " + c + " must run from a node to a task");
            }
            outs.get(c.from()).add(c);
            ins.get(c.to()).add(c);
        }
        for (String s : sources) {
            if (kinds.containsKey(s)) throw new IllegalArgumentException(s + " is both a source and a task");
        }
        for (String t : this.kinds.keySet()) {
            if (ins.get(t).isEmpty()) throw new IllegalArgumentException("task " + t + " has no input channel");
            boolean sink = outs.get(t).isEmpty();
            if (sink != (this.kinds.get(t).equals("sink") || this.kinds.get(t).equals("tally"))) {
                throw new IllegalArgumentException("task " + t + " is of kind " + this.kinds.get(t) + " but has "
                        + (sink ? "no" : "some") + " output channels");
            }
        }
        topologicalOrder();
    }

    /** A dataflow from the spec's constants: each operator gets {@code count}, each sink {@code sink}. */
    public static Dataflow of(Set<String> sources, Set<String> operators, Set<String> sinks, Set<Channel> channels) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String o : operators) kinds.put(o, "count");
        for (String s : sinks) kinds.put(s, "sink");
        return new Dataflow(sources, kinds, channels);
    }

    public Set<String> sources() {
        return sources;
    }

    /** Operators and sinks, the spec's {@code Tasks}. */
    public Set<String> tasks() {
        return kinds.keySet();
    }

    public String kind(String task) {
        return kinds.get(task);
    }

    public List<String> nodes() {
        List<String> n = new ArrayList<>(sources);
        n.addAll(kinds.keySet());
        return n;
    }

    public List<Channel> channels() {
        return channels;
    }

    /** The spec's {@code Ins(n)}. */
    public List<Channel> ins(String node) {
        return Collections.unmodifiableList(ins.get(node));
    }

    /** The spec's {@code Outs(n)}. */
    public List<Channel> outs(String node) {
        return Collections.unmodifiableList(outs.get(node));
    }

    /** The spec's {@code PathCount[a][b]}: the number of paths from a to b (1 if a = b). */
    public long paths(String a, String b) {
        if (a.equals(b)) return 1;
        long n = 0;
        for (Channel c : outs.get(a)) n += paths(c.to(), b);
        return n;
    }

    /** The nodes, every one after all of its predecessors; throws if there is a cycle. */
    public List<String> topologicalOrder() {
        Map<String, Integer> indegree = new HashMap<>();
        for (String n : nodes()) indegree.put(n, ins.get(n).size());
        List<String> order = new ArrayList<>();
        List<String> ready = new ArrayList<>();
        for (String n : nodes()) if (indegree.get(n) == 0) ready.add(n);
        while (!ready.isEmpty()) {
            String n = ready.remove(0);
            order.add(n);
            for (Channel c : outs.get(n)) if (indegree.merge(c.to(), -1, Integer::sum) == 0) ready.add(c.to());
        }
        if (order.size() != nodes().size()) throw new IllegalArgumentException("the dataflow has a cycle");
        return order;
    }

    @Override
    public String toString() {
        return "sources " + sources + ", tasks " + kinds + ", channels " + channels;
    }
}
