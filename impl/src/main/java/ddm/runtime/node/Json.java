package ddm.runtime.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The little JSON the event logs need, written by hand so that {@code impl} keeps no dependency: values in ITF's
 * encoding as the conformance harness writes it (strings, numbers and booleans as JSON; a Set as {@code {"#set":
 * [...]}}; a List as a JSON array, a sequence; a Map whose keys are all strings as a record, any other Map as
 * {@code {"#map": [[k, v], ...]}}).
 */
final class Json {

    private Json() {
    }

    static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Set<?> s) {
            out.append("{\"#set\":");
            array(out, s);
            out.append('}');
        } else if (v instanceof List<?> l) {
            array(out, l);
        } else if (v instanceof Map<?, ?> m) {
            if (!m.isEmpty() && m.keySet().stream().allMatch(k -> k instanceof String s && !s.startsWith("#"))) {
                object(out, m);
            } else {
                out.append("{\"#map\":[");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(first ? "" : ",").append('[');
                    value(out, e.getKey());
                    out.append(',');
                    value(out, e.getValue());
                    out.append(']');
                    first = false;
                }
                out.append("]}");
            }
        } else {
            throw new IllegalArgumentException("not a plain value: " + v + " (" + v.getClass() + ")");
        }
    }

    /** A JSON object of the map's entries in its iteration order (keys are strings). */
    static void object(StringBuilder out, Map<?, ?> m) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.append(first ? "" : ",");
            string(out, (String) e.getKey());
            out.append(':');
            value(out, e.getValue());
            first = false;
        }
        out.append('}');
    }

    static void array(StringBuilder out, Collection<?> c) {
        out.append('[');
        boolean first = true;
        for (Object x : c) {
            out.append(first ? "" : ",");
            value(out, x);
            first = false;
        }
        out.append(']');
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
