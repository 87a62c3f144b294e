package ddm.conformance.diagram;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.Values;
import ddm.trace.Event;
import ddm.trace.NdjsonEventLog;
import ddm.trace.Var;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Draws a run from its per-node event logs ({@code ddm.trace}: one NDJSON file per node, each event with its vector
 * clock and the ids of the events whose messages it consumed): one lane per node, and each event in the column after
 * both its node's previous event and the events it received from (a Lamport clock), so that concurrent events may
 * share a column and every message goes to the right. No global state exists in such logs: a column's state panel
 * shows what its events logged of their own nodes' variables.
 */
public final class EventLogDiagram {

    private EventLogDiagram() {}

    /** Reads the logs {@code files} (one node each) as one run. */
    public static List<Event> read(List<Path> files) {
        List<Event> all = new ArrayList<>();
        for (Path f : files) {
            try {
                all.addAll(NdjsonEventLog.read(f));
            } catch (IOException e) {
                throw new BadInputException(f + ": cannot read (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        return all;
    }

    public static SpaceTime draw(List<Event> events, String title) {
        Map<String, Event> byId = new HashMap<>();
        Map<String, List<Event>> byNode = new TreeMap<>();
        for (Event e : events) {
            if (byId.put(e.id(), e) != null) throw new BadInputException("event " + e.id() + " appears twice");
            byNode.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(e);
        }
        byNode.values().forEach(l -> l.sort(Comparator.comparingLong(Event::seq)));
        Map<String, Integer> column = columns(byNode, byId);
        SpaceTimeBuilder d = new SpaceTimeBuilder();
        byNode.keySet().forEach(n -> d.lane(n, "node"));
        List<Event> order = new ArrayList<>(events);
        order.sort(Comparator.comparingInt((Event e) -> column.get(e.id())).thenComparing(Event::node));
        Map<String, Integer> eventIds = new HashMap<>();
        int last = order.stream().mapToInt(e -> column.get(e.id())).max().orElse(0);
        Map<Integer, List<Event>> inColumn = new TreeMap<>();
        for (Event e : order) {
            int id = d.event(d.laneOf(e.node()).orElseThrow(), column.get(e.id()), e.action());
            eventIds.put(e.id(), id);
            inColumn.computeIfAbsent(column.get(e.id()), k -> new ArrayList<>()).add(e);
            if (e.action().contains("Crash")) d.mark(id, SpaceTime.Mark.CRASH);
            if (e.action().contains("Recover")) d.mark(id, SpaceTime.Mark.RECOVER);
            for (int k = 0; k < e.from().size(); k++) {
                Integer sender = eventIds.get(e.from().get(k));
                if (sender == null) continue;   // a sender whose log is not given, or cut short
                Object key = List.of(e.from().get(k), e.id());
                String label = k < e.received().size() ? label(e.received().get(k)) : "";
                d.send(sender, key, d.laneOf(e.node()).orElseThrow(), "message", label);
                d.receive(id, key);
            }
        }
        d.column(new SpaceTime.Column(0, "start", "before the first event", Map.of(), List.of()));
        for (int c = 1; c <= last; c++) {
            List<Event> es = inColumn.getOrDefault(c, List.of());
            List<String> labels = new ArrayList<>();
            Map<String, String> state = new LinkedHashMap<>();
            for (Event e : es) {
                labels.add(e.id() + " " + e.action() + (e.params().isEmpty() ? "" : Values.show(Values.canonical(e.params()))));
                for (Var v : e.vars()) state.put(e.node() + ": " + path(v), Values.show(Values.canonical(v.value())));
            }
            d.column(new SpaceTime.Column(c, String.join(", ", labels), "clocks: " + clocks(es), state,
                    new ArrayList<>(state.keySet())));
        }
        return d.build(title, Optional.empty(), Optional.empty());
    }

    /**
     * Each event's column: one more than the latest of its node's previous event and the events it received from.
     * Events are taken in an order their logs allow (a node's own in order; a receive after its send); an event whose
     * sender is not among the logs counts only its own node.
     */
    private static Map<String, Integer> columns(Map<String, List<Event>> byNode, Map<String, Event> byId) {
        Map<String, Integer> col = new HashMap<>();
        Map<String, Integer> next = new HashMap<>();
        byNode.keySet().forEach(n -> next.put(n, 0));
        int placed = 0, total = byId.size();
        while (placed < total) {
            boolean progress = false;
            for (Map.Entry<String, List<Event>> n : byNode.entrySet()) {
                int i = next.get(n.getKey());
                if (i >= n.getValue().size()) continue;
                Event e = n.getValue().get(i);
                int c = i == 0 ? 0 : col.get(n.getValue().get(i - 1).id());
                boolean ready = true;
                for (String f : e.from()) {
                    if (!byId.containsKey(f)) continue;
                    Integer fc = col.get(f);
                    if (fc == null) {
                        ready = false;
                        break;
                    }
                    c = Math.max(c, fc);
                }
                if (!ready) continue;
                col.put(e.id(), c + 1);
                next.put(n.getKey(), i + 1);
                placed++;
                progress = true;
            }
            if (!progress) {
                throw new BadInputException("the logs' message edges form a cycle (an event received from one that "
                        + "depends on it): " + new TreeSet<>(byId.keySet()).stream().filter(x -> !col.containsKey(x)).toList());
            }
        }
        return col;
    }

    private static String path(Var v) {
        StringBuilder sb = new StringBuilder(v.var());
        for (Object k : v.at()) sb.append('[').append(k).append(']');
        return sb.toString();
    }

    private static String clocks(List<Event> es) {
        List<String> out = new ArrayList<>();
        for (Event e : es) out.add(e.id() + " " + new TreeMap<>(e.clock()));
        return String.join("; ", out);
    }

    private static String label(Object m) {
        if (m instanceof Map<?, ?> r && r.get("type") != null) return String.valueOf(r.get("type"));
        return Values.show(Values.canonical(m));
    }
}
