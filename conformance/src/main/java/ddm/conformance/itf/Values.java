package ddm.conformance.itf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TLA+ values as plain Java values, in one canonical form so that Java equality is TLA+ equality: booleans
 * ({@link Boolean}), integers ({@link Long}, or {@link BigInteger} beyond it), strings and model values
 * ({@link String}), sets ({@link Set}), sequences and tuples ({@link List}), functions and records ({@link Map}; in
 * TLA+ a record is a function from strings). A function whose domain is 1..n is the sequence of its values, as in
 * TLA+, so it becomes a {@link List}. Canonical collections are unmodifiable and iterate in {@link #ORDER}, which
 * makes printed values and diffs stable.
 */
public final class Values {

    private Values() {}

    /** The canonical form of a plain Java value (as an abstraction function returns it). */
    public static Object canonical(Object v) {
        if (v == null) throw new IllegalArgumentException("null is not a TLA+ value");
        if (v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Long) return v;
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b;
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof Set<?> s) {
            List<Object> elems = new ArrayList<>(s.size());
            for (Object x : s) elems.add(canonical(x));
            elems.sort(ORDER);
            return Collections.unmodifiableSet(new LinkedHashSet<>(elems));
        }
        if (v instanceof List<?> l) {
            List<Object> elems = new ArrayList<>(l.size());
            for (Object x : l) elems.add(canonical(x));
            return Collections.unmodifiableList(elems);
        }
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<Object, Object>> entries = new ArrayList<>(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) entries.add(Map.entry(canonical(e.getKey()), canonical(e.getValue())));
            entries.sort(Map.Entry.comparingByKey(ORDER));
            if (isOneToN(entries)) {
                List<Object> seq = new ArrayList<>(entries.size());
                for (Map.Entry<Object, Object> e : entries) seq.add(e.getValue());
                return Collections.unmodifiableList(seq);
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> e : entries) out.put(e.getKey(), e.getValue());
            return Collections.unmodifiableMap(out);
        }
        throw new IllegalArgumentException("not a TLA+ value: " + v.getClass().getName() + " " + v);
    }

    /** Canonical forms of each value of a state (variable name to value). */
    public static Map<String, Object> canonicalState(Map<String, ?> state) {
        Map<String, Object> out = new LinkedHashMap<>();
        state.keySet().stream().sorted().forEach(k -> out.put(k, canonical(state.get(k))));
        return Collections.unmodifiableMap(out);
    }

    /** The empty function is the empty sequence; a non-empty one with domain exactly 1..n is a sequence too. */
    private static boolean isOneToN(List<Map.Entry<Object, Object>> sortedEntries) {
        long i = 1;
        for (Map.Entry<Object, Object> e : sortedEntries) {
            if (!(e.getKey() instanceof Long k) || k != i++) return false;
        }
        return true;
    }

    /** A total order on canonical values: by kind, then by value. Used only to make iteration order stable. */
    public static final Comparator<Object> ORDER = Values::compare;

    private static int rank(Object v) {
        if (v instanceof Boolean) return 0;
        if (v instanceof Long || v instanceof BigInteger) return 1;
        if (v instanceof String) return 2;
        if (v instanceof List) return 3;
        if (v instanceof Set) return 4;
        return 5;
    }

    private static int compare(Object a, Object b) {
        int ra = rank(a), rb = rank(b);
        if (ra != rb) return Integer.compare(ra, rb);
        switch (ra) {
            case 0: return Boolean.compare((Boolean) a, (Boolean) b);
            case 1: return toBig(a).compareTo(toBig(b));
            case 2: return ((String) a).compareTo((String) b);
            case 3: return compareIterables((List<?>) a, (List<?>) b);
            case 4: return compareIterables(new ArrayList<>((Set<?>) a), new ArrayList<>((Set<?>) b));
            default:
                Map<?, ?> ma = (Map<?, ?>) a, mb = (Map<?, ?>) b;
                int c = compareIterables(new ArrayList<>(ma.keySet()), new ArrayList<>(mb.keySet()));
                return c != 0 ? c : compareIterables(new ArrayList<>(ma.values()), new ArrayList<>(mb.values()));
        }
    }

    private static int compareIterables(List<?> a, List<?> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    private static BigInteger toBig(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf((Long) v);
    }

    /** TLA+ notation for a canonical value, for messages and diffs. */
    public static String show(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof Boolean b) return b ? "TRUE" : "FALSE";
        if (v instanceof Set<?> s) return join("{", s, "}");
        if (v instanceof List<?> l) return join("<<", l, ">>");
        if (v instanceof Map<?, ?> m) {
            if (m.keySet().stream().allMatch(k -> k instanceof String)) {
                StringBuilder sb = new StringBuilder("[");
                m.forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(" |-> ").append(show(x)));
                return sb.append("]").toString();
            }
            StringBuilder sb = new StringBuilder("(");
            m.forEach((k, x) -> sb.append(sb.length() > 1 ? " @@ " : "").append(show(k)).append(" :> ").append(show(x)));
            return sb.append(")").toString();
        }
        return String.valueOf(v);
    }

    private static String join(String open, Iterable<?> xs, String close) {
        StringBuilder sb = new StringBuilder(open);
        boolean first = true;
        for (Object x : xs) {
            sb.append(first ? "" : ", ").append(show(x));
            first = false;
        }
        return sb.append(close).toString();
    }
}
