package ddm.conformance.events;

import ddm.trace.Event;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits a run into the instances its spec describes one at a time (2PC's and Paxos Commit's specs describe one
 * transaction; a run holds many). An event that names an instance belongs to it. A step of the whole node (a crash,
 * a recovery: no instance) belongs to every instance the node had joined before it, by the node's own order: a node
 * that crashed before it took part in a transaction was up and fresh when the transaction began, as the spec's Init
 * says, whatever happened to it earlier. Such a step keeps, in each instance, the variables it logged for that
 * instance ({@link ddm.trace.Var#instance}) and those of no instance. A run whose events name no instance is one
 * instance, "run".
 */
public final class Instances {

    /** One instance: its name and each node's events in it, in the node's order. */
    public record Instance(String name, Map<String, List<Event>> nodes) {
        public long size() {
            return nodes.values().stream().mapToLong(List::size).sum();
        }
    }

    private Instances() {}

    /** The run's instances, in the order of their names (numbers by value); one pass over the events. */
    public static List<Instance> split(RunLog run) {
        return split(run, false);
    }

    /**
     * As {@link #split(RunLog)}; with {@code trimTrailing}, a node's steps of the whole node (crashes, recoveries)
     * that come after its last step in an instance are left out of that instance, unless they logged variables of it.
     * A long run needs this: a node that crashes a hundred times in a minute would otherwise bring a hundred crashes
     * into every transaction it ever took part in, where the spec, which describes one transaction, bounds them. Left
     * out, they are steps the instance cannot see: the node takes no step in it afterwards, and (having logged nothing
     * of it) says nothing about its state there; the spec's crash and recovery of a node that holds its last record
     * leave the instance as it was.
     */
    public static List<Instance> split(RunLog run, boolean trimTrailing) {
        Set<String> scopedIn = new HashSet<>();   // "event id@instance" for node-wide events with variables there
        Map<String, Map<String, List<Event>>> byInstance = new TreeMap<>(java.util.Comparator
                .comparing((String s) -> s.length()).thenComparing(s -> s));
        run.nodes().forEach((node, events) -> {
            List<String> joined = new ArrayList<>();
            for (Event e : events) {
                if (e.instance() != null) {
                    Map<String, List<Event>> nodes = byInstance.computeIfAbsent(e.instance(), n -> new TreeMap<>());
                    if (!nodes.containsKey(node)) joined.add(e.instance());
                    nodes.computeIfAbsent(node, n -> new ArrayList<>()).add(e);
                } else {
                    for (String name : joined) byInstance.get(name).get(node).add(scoped(e, name));
                    for (ddm.trace.Var v : e.vars()) {
                        if (v.instance() != null) scopedIn.add(e.id() + "@" + v.instance());
                    }
                }
            }
        });
        if (byInstance.isEmpty()) return List.of(new Instance("run", run.nodes()));
        if (trimTrailing) {
            byInstance.forEach((name, nodes) -> nodes.replaceAll((node, es) -> {
                int last = es.size();
                while (last > 0 && es.get(last - 1).instance() == null
                        && !scopedIn.contains(es.get(last - 1).id() + "@" + name)) {
                    last--;
                }
                return last == es.size() ? es : new ArrayList<>(es.subList(0, last));
            }));
        }
        List<Instance> out = new ArrayList<>(byInstance.size());
        byInstance.forEach((name, nodes) -> out.add(new Instance(name, nodes)));
        return out;
    }

    /** Node-wide event {@code e} as it is in instance {@code name}: its variables of that instance or of none. */
    private static Event scoped(Event e, String name) {
        if (e.vars().stream().allMatch(v -> v.instance() == null)) return e;
        List<ddm.trace.Var> vars = e.vars().stream().filter(v -> v.instance() == null || v.instance().equals(name))
                .map(v -> v.in(null)).toList();
        return new Event(e.node(), e.seq(), e.action(), e.params(), e.instance(), e.clock(), vars, e.sent(),
                e.received(), e.from(), e.nanos());
    }

    /**
     * The ids of the events whose messages some step of the run consumed: their effects reached another node, so a
     * crash after them cannot have cut them short.
     */
    public static Set<String> consumed(RunLog run) {
        Set<String> out = new HashSet<>();
        run.events().forEach(e -> out.addAll(e.from()));
        return out;
    }

    /** Each node's events by id, for reports. */
    static Map<String, Event> byId(RunLog run) {
        Map<String, Event> out = new LinkedHashMap<>();
        run.events().forEach(e -> out.put(e.id(), e));
        return out;
    }
}
