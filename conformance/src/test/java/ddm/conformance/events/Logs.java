package ddm.conformance.events;

import ddm.conformance.itf.Label;
import ddm.trace.Event;
import ddm.trace.Var;
import ddm.trace.VectorClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-node logs written by hand for tests: each {@link #step} is one event of one node, its clock ticked and merged
 * with the clocks of the events it names in {@code from} (their messages), as a node's recorder would.
 */
final class Logs {

    private final Map<String, List<Event>> nodes = new LinkedHashMap<>();
    private final Map<String, Event> byId = new HashMap<>();
    private long nanos;

    /** Node {@code node}'s next event; {@code from} are ids of events whose messages it consumed. */
    Event step(String node, String action, Map<String, Object> params, String inst, List<Var> vars, String... from) {
        List<Event> log = nodes.computeIfAbsent(node, n -> new ArrayList<>());
        Map<String, Long> clock = log.isEmpty() ? VectorClock.ZERO : log.get(log.size() - 1).clock();
        for (String f : from) clock = VectorClock.merge(clock, byId.get(f).clock());
        clock = VectorClock.tick(clock, node);
        Event e = new Event(node, log.size() + 1, action, params, inst, clock, vars, List.of(), List.of(),
                List.of(from), ++nanos);
        log.add(e);
        byId.put(e.id(), e);
        return e;
    }

    /** As {@link #step}, with this node's clock also merged with {@code knows}' (knowledge without a message). */
    Event stepKnowing(String knows, String node, String action, Map<String, Object> params, String inst,
                      List<Var> vars) {
        List<Event> log = nodes.computeIfAbsent(node, n -> new ArrayList<>());
        Map<String, Long> clock = log.isEmpty() ? VectorClock.ZERO : log.get(log.size() - 1).clock();
        clock = VectorClock.tick(VectorClock.merge(clock, byId.get(knows).clock()), node);
        Event e = new Event(node, log.size() + 1, action, params, inst, clock, vars, List.of(), List.of(), List.of(),
                ++nanos);
        log.add(e);
        byId.put(e.id(), e);
        return e;
    }

    /** The nanos of the events, reversed: the search's order of trying is then wrong at every step. */
    Logs misleading() {
        nodes.replaceAll((n, es) -> es.stream().map(e -> new Event(e.node(), e.seq(), e.action(), e.params(),
                e.instance(), e.clock(), e.vars(), e.sent(), e.received(), e.from(), 1_000_000 - e.nanos())).toList());
        return this;
    }

    RunLog run(String source) {
        return RunLog.of(source, nodes.values());
    }

    static Map<String, Object> rm(String r) {
        return Map.of("rm", r);
    }

    static List<Var> rmVars(String r, String state, String log, boolean up) {
        return List.of(Var.at("rmState", r, state), Var.at("rmLog", r, log), Var.at("rmUp", r, up));
    }

    static List<Var> tmVars(String state, java.util.Set<String> prepared, String log) {
        return List.of(Var.whole("tmState", state), Var.whole("tmPrepared", prepared), Var.whole("tmLog", log),
                Var.whole("tmUp", true));
    }

    static List<String> actions(LinearizationSearch.Result r) {
        return EventValidator.labels(r).stream().map(Label::action).toList();
    }
}
