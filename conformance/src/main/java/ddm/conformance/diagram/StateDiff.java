package ddm.conformance.diagram;

import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a step changed, in TLA+ notation, one line per change: {@code rmState[r1]: "working" -> "prepared"} for a
 * function, {@code msgs: + [rm |-> "r1", type |-> "Prepared"]} for a set, {@code var: old -> new} otherwise.
 * Functions are compared key by key, nested ones too, so a line names the entry that changed.
 */
public final class StateDiff {

    private StateDiff() {}

    /** The variables whose values differ, in {@code after}'s order. */
    public static List<String> changed(Map<String, Object> before, Map<String, Object> after) {
        List<String> out = new ArrayList<>();
        for (String v : after.keySet()) if (!after.get(v).equals(before.get(v))) out.add(v);
        return out;
    }

    public static List<String> lines(Map<String, Object> before, Map<String, Object> after) {
        List<String> out = new ArrayList<>();
        for (String v : changed(before, after)) diff(v, before.get(v), after.get(v), out);
        return out;
    }

    private static void diff(String path, Object was, Object now, List<String> out) {
        if (was instanceof Map<?, ?> a && now instanceof Map<?, ?> b) {
            Set<Object> keys = new TreeSet<>(Values.ORDER);
            keys.addAll(a.keySet());
            keys.addAll(b.keySet());
            for (Object k : keys) {
                Object x = a.get(k), y = b.get(k);
                if (x != null && x.equals(y)) continue;
                String p = path + "[" + key(k) + "]";
                if (x == null) out.add(p + ": added " + Values.show(y));
                else if (y == null) out.add(p + ": removed");
                else diff(p, x, y, out);
            }
            return;
        }
        if (was instanceof List<?> a && now instanceof List<?> b && a.size() == b.size() && !a.isEmpty()
                && (a.get(0) instanceof Map || a.get(0) instanceof List)) {
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) diff(path + "[" + (i + 1) + "]", a.get(i), b.get(i), out);
            }
            return;
        }
        if (was instanceof Set<?> a && now instanceof Set<?> b) {
            Set<Object> added = new TreeSet<>(Values.ORDER), removed = new TreeSet<>(Values.ORDER);
            for (Object x : b) if (!a.contains(x)) added.add(x);
            for (Object x : a) if (!b.contains(x)) removed.add(x);
            for (Object x : added) out.add(path + ": + " + Values.show(x));
            for (Object x : removed) out.add(path + ": - " + Values.show(x));
            return;
        }
        out.add(path + ": " + (was == null ? "(none)" : Values.show(was)) + " -> " + Values.show(now));
    }

    /** A key as a reader writes it: names bare, a tuple of names {@code <<p, q>>}, anything else in TLA+. */
    static String key(Object k) {
        if (k instanceof String s) return s;
        if (k instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof String)) {
            return "<<" + String.join(", ", l.stream().map(String::valueOf).toList()) + ">>";
        }
        return Values.show(k);
    }

    /** Elements of {@code after} not in {@code before}, both sets (or empty if either is not). */
    public static Set<Object> added(Object before, Object after) {
        Set<Object> out = new HashSet<>();
        if (before instanceof Set<?> a && after instanceof Set<?> b) for (Object x : b) if (!a.contains(x)) out.add(x);
        return out;
    }
}
