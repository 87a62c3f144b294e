package ddm.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event as one line of JSON (version 1), and back:
 * <pre>
 * {"v":1,"node":"rm1","seq":4,"action":"RMPrepare","params":{"rm":"rm1"},"inst":"7","clock":{"rm1":4,"tm":2},
 *  "vars":[{"var":"rmState","at":["rm1"],"value":"prepared"}],"sent":[{"type":"Prepared","rm":"rm1"}],
 *  "received":[],"from":["tm#2"],"nanos":123}
 * </pre>
 * {@code params}, {@code inst}, {@code vars}, {@code sent}, {@code received}, {@code from} and {@code nanos} may be
 * absent; values
 * are in ITF's encoding ({@link Json}). A line that is not an event of this version is refused with a message naming
 * what is wrong.
 */
public final class EventFormat {

    /** The version this class writes and reads. */
    public static final int VERSION = 1;

    private static final Set<String> FIELDS = Set.of("v", "node", "seq", "action", "params", "inst", "clock", "vars",
            "sent", "received", "from", "nanos");

    private EventFormat() {}

    /** The event's line, without the newline. */
    public static String encode(Event e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"v\":").append(VERSION).append(",\"node\":");
        Json.string(e.node(), sb);
        sb.append(",\"seq\":").append(e.seq()).append(",\"action\":");
        Json.string(e.action(), sb);
        if (!e.params().isEmpty()) {
            sb.append(",\"params\":");
            object(e.params(), sb);
        }
        if (e.instance() != null) {
            sb.append(",\"inst\":");
            Json.string(e.instance(), sb);
        }
        sb.append(",\"clock\":");
        object(e.clock(), sb);
        if (!e.vars().isEmpty()) {
            sb.append(",\"vars\":[");
            for (int i = 0; i < e.vars().size(); i++) {
                Var v = e.vars().get(i);
                if (i > 0) sb.append(',');
                sb.append("{\"var\":");
                Json.string(v.var(), sb);
                sb.append(",\"at\":");
                Json.write(v.at(), sb);
                sb.append(",\"value\":");
                Json.write(v.value(), sb);
                sb.append('}');
            }
            sb.append(']');
        }
        if (!e.sent().isEmpty()) {
            sb.append(",\"sent\":");
            Json.write(e.sent(), sb);
        }
        if (!e.received().isEmpty()) {
            sb.append(",\"received\":");
            Json.write(e.received(), sb);
        }
        if (!e.from().isEmpty()) {
            sb.append(",\"from\":");
            Json.write(e.from(), sb);
        }
        if (e.nanos() != 0) sb.append(",\"nanos\":").append(e.nanos());
        return sb.append('}').toString();
    }

    /** A map with string keys as a JSON object, whatever its keys look like (params may be named anything). */
    private static void object(Map<String, ?> m, StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> x : m.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            Json.string(x.getKey(), sb);
            sb.append(':');
            Json.write(x.getValue(), sb);
        }
        sb.append('}');
    }

    /**
     * The event on {@code line}.
     *
     * @throws IllegalArgumentException naming the problem, if the line is not an event of this version
     */
    public static Event decode(String line) {
        if (!(Json.parse(line) instanceof Map<?, ?> o)) throw new IllegalArgumentException("not a JSON object");
        for (Object k : o.keySet()) {
            if (!FIELDS.contains(k)) throw new IllegalArgumentException("unknown field \"" + k + "\"");
        }
        if (!(o.get("v") instanceof Long v) || v != VERSION) {
            throw new IllegalArgumentException("not an event of version " + VERSION + " (\"v\" is " + o.get("v") + ")");
        }
        String node = text(o, "node");
        long seq = number(o.get("seq"), "seq");
        String action = text(o, "action");
        Map<String, Object> params = new LinkedHashMap<>();
        if (o.get("params") != null) {
            if (!(o.get("params") instanceof Map<?, ?> p)) throw new IllegalArgumentException("params is not an object");
            p.forEach((k, x) -> params.put((String) k, Json.value(x)));
        }
        String inst = o.containsKey("inst") ? text(o, "inst") : null;
        if (!(o.get("clock") instanceof Map<?, ?> c)) throw new IllegalArgumentException("clock is not an object");
        Map<String, Long> clock = new LinkedHashMap<>();
        c.forEach((k, x) -> clock.put((String) k, number(x, "clock." + k)));
        List<Var> vars = new ArrayList<>();
        for (Object x : list(o.get("vars"), "vars")) {
            if (!(x instanceof Map<?, ?> m)) throw new IllegalArgumentException("a vars entry is not an object");
            if (!(m.get("var") instanceof String name)) throw new IllegalArgumentException("a vars entry has no var");
            if (!(Json.value(m.get("at") == null ? List.of() : m.get("at")) instanceof List<?> at)) {
                throw new IllegalArgumentException("vars entry " + name + ": at is not an array");
            }
            if (!m.containsKey("value")) throw new IllegalArgumentException("vars entry " + name + " has no value");
            vars.add(new Var(name, new ArrayList<>(at), Json.value(m.get("value"))));
        }
        List<Object> sent = new ArrayList<>();
        for (Object x : list(o.get("sent"), "sent")) sent.add(Json.value(x));
        List<Object> received = new ArrayList<>();
        for (Object x : list(o.get("received"), "received")) received.add(Json.value(x));
        List<String> from = new ArrayList<>();
        for (Object x : list(o.get("from"), "from")) {
            if (!(x instanceof String id)) throw new IllegalArgumentException("\"from\" holds a non-string " + x);
            from.add(id);
        }
        long nanos = o.containsKey("nanos") ? number(o.get("nanos"), "nanos") : 0;
        return new Event(node, seq, action, params, inst, clock, vars, sent, received, from, nanos);
    }

    private static String text(Map<?, ?> o, String field) {
        if (!(o.get(field) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return s;
    }

    private static long number(Object x, String field) {
        if (!(x instanceof Long l)) throw new IllegalArgumentException("\"" + field + "\" is not an integer");
        return l;
    }

    private static List<?> list(Object x, String field) {
        if (x == null) return List.of();
        if (!(x instanceof List<?> l)) throw new IllegalArgumentException("\"" + field + "\" is not an array");
        return l;
    }
}
