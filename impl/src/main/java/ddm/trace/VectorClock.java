package ddm.trace;

import java.util.Map;
import java.util.TreeMap;

/**
 * Vector clocks as immutable maps from node name to the number of that node's steps known; a missing node is 0.
 * Event {@code a} happened before event {@code b} exactly when {@code a}'s clock is below {@code b}'s in every
 * component and they differ; events whose clocks are incomparable are concurrent.
 */
public final class VectorClock {

    private VectorClock() {}

    /** The empty clock: nothing known. */
    public static final Map<String, Long> ZERO = Map.of();

    /** {@code clock} with {@code node}'s component one higher. */
    public static Map<String, Long> tick(Map<String, Long> clock, String node) {
        TreeMap<String, Long> out = new TreeMap<>(clock);
        out.merge(node, 1L, Long::sum);
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    /** The least clock above both: the component-wise maximum. */
    public static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        TreeMap<String, Long> out = new TreeMap<>(a);
        b.forEach((n, c) -> out.merge(n, c, Math::max));
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    /** {@code clock[node]}, 0 when absent. */
    public static long get(Map<String, Long> clock, String node) {
        return clock.getOrDefault(node, 0L);
    }

    /** Whether {@code a} is at or below {@code b} in every component. */
    public static boolean leq(Map<String, Long> a, Map<String, Long> b) {
        for (Map.Entry<String, Long> e : a.entrySet()) {
            if (e.getValue() > get(b, e.getKey())) return false;
        }
        return true;
    }

    /** Whether {@code a} happened before {@code b}. */
    public static boolean before(Map<String, Long> a, Map<String, Long> b) {
        return leq(a, b) && !leq(b, a);
    }

    /** Whether neither happened before the other (and they differ). */
    public static boolean concurrent(Map<String, Long> a, Map<String, Long> b) {
        return !leq(a, b) && !leq(b, a);
    }
}
