package ddm.snapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Processes and the directed channels between them: the spec's {@code Proc} and {@code Edges}. Only strongly
 * connected graphs are allowed (the spec's ASSUME): a marker must reach every process from any initiator.
 */
public final class Graph {

    private final SortedSet<String> processes;
    private final SortedSet<Channel> channels;

    private Graph(SortedSet<String> processes, SortedSet<Channel> channels) {
        this.processes = processes;
        this.channels = channels;
    }

    /** The graph, checked: channels join named processes, and every process reaches every other. */
    public static Graph of(Collection<String> processes, Collection<Channel> channels) {
        SortedSet<String> ps = new TreeSet<>(processes);
        SortedSet<Channel> cs = new TreeSet<>(channels);
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("a graph needs a process");
        }
        for (Channel c : cs) {
            if (!ps.contains(c.from()) || !ps.contains(c.to())) {
                throw new IllegalArgumentException("channel " + c + " joins a process not in " + ps);
            }
        }
        Graph g = new Graph(ps, cs);
        if (!g.stronglyConnected()) {
            throw new IllegalArgumentException("the graph " + cs + " over " + ps + " is not strongly connected");
        }
        return g;
    }

    /** p1 -> p2 -> ... -> pn -> p1. */
    public static Graph ring(int n) {
        List<Channel> cs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            cs.add(new Channel(name(i), name(i % n + 1)));
        }
        return of(names(n), cs);
    }

    /** A channel each way between every two of p1..pn. */
    public static Graph complete(int n) {
        List<Channel> cs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                if (i != j) {
                    cs.add(new Channel(name(i), name(j)));
                }
            }
        }
        return of(names(n), cs);
    }

    /** p1..pn, the names the specs' models use. */
    public static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(name(i));
        }
        return out;
    }

    private static String name(int i) {
        return "p" + i;
    }

    public SortedSet<String> processes() {
        return processes;
    }

    public SortedSet<Channel> channels() {
        return channels;
    }

    /** The channels into p, in order. */
    public List<Channel> in(String p) {
        return channels.stream().filter(c -> c.to().equals(p)).toList();
    }

    /** The channels out of p, in order. */
    public List<Channel> out(String p) {
        return channels.stream().filter(c -> c.from().equals(p)).toList();
    }

    private boolean stronglyConnected() {
        String first = processes.first();
        return reach(first, true).equals(processes) && reach(first, false).equals(processes);
    }

    private Set<String> reach(String from, boolean forward) {
        Set<String> seen = new HashSet<>(List.of(from));
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            for (Channel c : channels) {
                String next = forward ? (c.from().equals(p) ? c.to() : null) : (c.to().equals(p) ? c.from() : null);
                if (next != null && seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return new TreeSet<>(seen);
    }

    @Override
    public String toString() {
        return processes + " " + channels;
    }
}
