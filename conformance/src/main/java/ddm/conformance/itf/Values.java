package ddm.conformance.itf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TLA+ values as plain Java values, in one canonical form so that Java equality is TLA+ equality: booleans
 * ({@link Boolean}), integers ({@link Long}, or {@link BigInteger} beyond it), strings and model values
 * ({@link String}), sets ({@link Set}), sequences and tuples ({@link List}), functions and records ({@link Map}; in
 * TLA+ a record is a function from strings). A function whose domain is 1..n is the sequence of its values, as in
 * TLA+, so it becomes a {@link List}. Canonical collections are unmodifiable hash collections: equality does not
 * depend on order, and replay compares a state at every step, so nothing is sorted here; {@link #show} sorts by
 * {@link #ORDER} when it prints, which keeps messages and diffs stable.
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
            Set<Object> elems = new HashSet<>(s.size() * 2);
            for (Object x : s) elems.add(canonical(x));
            return Collections.unmodifiableSet(elems);
        }
        if (v instanceof List<?> l) {
            List<Object> elems = new ArrayList<>(l.size());
            for (Object x : l) elems.add(canonical(x));
            return Collections.unmodifiableList(elems);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>(m.size() * 2);
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(canonical(e.getKey()), canonical(e.getValue()));
            if (isOneToN(out)) {
                List<Object> seq = new ArrayList<>(out.size());
                for (long i = 1; i <= out.size(); i++) seq.add(out.get(i));
                return Collections.unmodifiableList(seq);
            }
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
    private static boolean isOneToN(Map<Object, Object> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof Long i) || i < 1 || i > m.size()) return false;
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
            case 4: return compareIterables(sorted((Set<?>) a), sorted((Set<?>) b));
            default:
                Map<?, ?> ma = (Map<?, ?>) a, mb = (Map<?, ?>) b;
                List<Object> ka = sorted(ma.keySet()), kb = sorted(mb.keySet());
                int c = compareIterables(ka, kb);
                if (c != 0) return c;
                List<Object> va = new ArrayList<>(), vb = new ArrayList<>();
                for (Object k : ka) va.add(ma.get(k));
                for (Object k : kb) vb.add(mb.get(k));
                return compareIterables(va, vb);
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
        if (v instanceof Set<?> s) return join("{", sorted(s), "}");
        if (v instanceof List<?> l) return join("<<", l, ">>");
        if (v instanceof Map<?, ?> m) {
            boolean record = m.keySet().stream().allMatch(k -> k instanceof String);
            StringBuilder sb = new StringBuilder(record ? "[" : "(");
            for (Object k : sorted(m.keySet())) {
                if (sb.length() > 1) sb.append(record ? ", " : " @@ ");
                sb.append(record ? k + " |-> " : show(k) + " :> ").append(show(m.get(k)));
            }
            return sb.append(record ? "]" : ")").toString();
        }
        return String.valueOf(v);
    }

    private static List<Object> sorted(java.util.Collection<?> xs) {
        List<Object> l = new ArrayList<>(xs);
        l.sort(ORDER);
        return l;
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
