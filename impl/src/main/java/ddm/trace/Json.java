package ddm.trace;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain values to JSON and back, in the value encoding of the Informal Trace Format: strings, booleans and integers
 * as JSON ({@code {"#bigint": "..."}} beyond 2^53), {@code {"#set": [...]}} for sets, JSON arrays for sequences and
 * tuples, JSON objects for functions whose keys are all strings (records), {@code {"#map": [[k, v], ...]}} for other
 * functions. Written by hand so that ddm's impl module needs nothing beyond the JDK; strict on input (a malformed line
 * is an {@link IllegalArgumentException} naming the offset), because a log that does not parse must not validate.
 */
public final class Json {

    private static final long SAFE = (1L << 53) - 1;

    private Json() {}

    /** Appends the JSON of {@code v} (String, Boolean, Long/Integer, BigInteger, Set, List, Map) to {@code out}. */
    public static void write(Object v, StringBuilder out) {
        if (v instanceof String s) {
            string(s, out);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof Long l) {
            if (Math.abs(l) <= SAFE) out.append(l);
            else out.append("{\"#bigint\":\"").append(l).append("\"}");
        } else if (v instanceof BigInteger b) {
            out.append("{\"#bigint\":\"").append(b).append("\"}");
        } else if (v instanceof Enum<?> e) {
            string(e.name(), out);
        } else if (v instanceof Set<?> s) {
            out.append("{\"#set\":");
            array(s, out);
            out.append('}');
        } else if (v instanceof List<?> l) {
            array(l, out);
        } else if (v instanceof Map<?, ?> m) {
            boolean record = !m.isEmpty() && m.keySet().stream()
                    .allMatch(k -> k instanceof String s && !s.startsWith("#"));
            if (record) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    string((String) e.getKey(), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            } else {
                out.append("{\"#map\":[");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    out.append('[');
                    write(e.getKey(), out);
                    out.append(',');
                    write(e.getValue(), out);
                    out.append(']');
                }
                out.append("]}");
            }
        } else {
            throw new IllegalArgumentException("not a plain value: " + (v == null ? "null" : v.getClass().getName()));
        }
    }

    /** The JSON of {@code v}. */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void array(Iterable<?> xs, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object x : xs) {
            if (!first) out.append(',');
            first = false;
            write(x, out);
        }
        out.append(']');
    }

    static void string(String s, StringBuilder out) {
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
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses one JSON text into raw JSON values: String, Boolean, Long or BigInteger, List (arrays), Map with String
     * keys in document order (objects), or {@link #NULL}. ITF tags are not interpreted here: see {@link #value}.
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.space();
        Object v = p.value();
        p.space();
        if (p.at < text.length()) throw p.error("text after the value");
        return v;
    }

    /** JSON's null, which no plain value is. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The plain value a raw parsed JSON value encodes in ITF ({@code #set}, {@code #map}, {@code #tup}, ...). */
    public static Object value(Object raw) {
        if (raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(value(x));
            return out;
        }
        if (raw instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String tag = (String) m.keySet().iterator().next();
                Object body = m.get(tag);
                switch (tag) {
                    case "#set": {
                        Set<Object> s = new LinkedHashSet<>();
                        for (Object x : list(body, tag)) s.add(value(x));
                        return s;
                    }
                    case "#tup":
                        return value(list(body, tag));
                    case "#map": {
                        Map<Object, Object> out = new LinkedHashMap<>();
                        for (Object pair : list(body, tag)) {
                            List<?> kv = list(pair, "#map entry");
                            if (kv.size() != 2) throw new IllegalArgumentException("#map entry is not a pair: " + pair);
                            out.put(value(kv.get(0)), value(kv.get(1)));
                        }
                        return out;
                    }
                    case "#bigint": {
                        if (!(body instanceof String s)) throw new IllegalArgumentException("#bigint needs a string");
                        BigInteger b = new BigInteger(s);
                        return b.bitLength() < 64 ? (Object) b.longValue() : b;
                    }
                    default:
                        if (tag.startsWith("#")) throw new IllegalArgumentException("unknown ITF tag " + tag);
                }
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, value(x)));
            return out;
        }
        if (raw == NULL) throw new IllegalArgumentException("null is not a value");
        return raw;
    }

    private static List<?> list(Object body, String what) {
        if (!(body instanceof List<?> l)) throw new IllegalArgumentException(what + " needs an array");
        return l;
    }

    private static final class Parser {
        final String s;
        int at;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at offset " + at + ": " + what);
        }

        void space() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t' || s.charAt(at) == '\n'
                    || s.charAt(at) == '\r')) {
                at++;
            }
        }

        Object value() {
            if (at >= s.length()) throw error("unexpected end");
            char c = s.charAt(at);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", NULL);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("unexpected '" + c + "'");
            }
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, at)) throw error("expected " + word);
            at += word.length();
            return v;
        }

        Object number() {
            int start = at;
            if (s.charAt(at) == '-') at++;
            while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
            if (at < s.length() && (s.charAt(at) == '.' || s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
                throw error("only integers are values");
            }
            String digits = s.substring(start, at);
            if (digits.equals("-") || digits.isEmpty()) throw error("bad number");
            BigInteger b = new BigInteger(digits);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }

        Map<String, Object> object() {
            at++;
            Map<String, Object> out = new LinkedHashMap<>();
            space();
            if (at < s.length() && s.charAt(at) == '}') {
                at++;
                return out;
            }
            while (true) {
                space();
                if (at >= s.length() || s.charAt(at) != '"') throw error("expected a key");
                String key = string();
                space();
                expect(':');
                space();
                if (out.put(key, value()) != null) throw error("duplicate key " + key);
                space();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return out;
            }
        }

        List<Object> array() {
            at++;
            List<Object> out = new ArrayList<>();
            space();
            if (at < s.length() && s.charAt(at) == ']') {
                at++;
                return out;
            }
            while (true) {
                space();
                out.add(value());
                space();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect(']');
                return out;
            }
        }

        void expect(char c) {
            if (at >= s.length() || s.charAt(at) != c) throw error("expected '" + c + "'");
            at++;
        }

        String string() {
            at++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= s.length()) throw error("unterminated string");
                char c = s.charAt(at++);
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= s.length()) throw error("unterminated escape");
                char e = s.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (at + 4 > s.length()) throw error("short \\u escape");
                        out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }
    }
}
