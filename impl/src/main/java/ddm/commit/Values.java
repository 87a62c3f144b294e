package ddm.commit;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Helpers for abstraction values: immutable, sorted, so that equality is value equality and printing is stable. */
final class Values {

    /** Orders records by their fields in name order, whatever map the other side of a comparison used. */
    private static final Comparator<Map<String, Object>> BY_SORTED_FIELDS =
            Comparator.comparing(m -> new TreeMap<>(m).toString());

    private Values() {
    }

    /** An immutable set of TLA+ records (maps from field name to value), sorted by their printed form. */
    static Set<Map<String, Object>> setOf(Collection<Map<String, Object>> records) {
        TreeSet<Map<String, Object>> set = new TreeSet<>(BY_SORTED_FIELDS);
        for (Map<String, Object> r : records) {
            SortedMap<String, Object> sorted = new TreeMap<>(r);
            set.add(Collections.unmodifiableSortedMap(sorted));
        }
        return Collections.unmodifiableSortedSet(set);
    }
}
