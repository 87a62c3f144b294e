package ddm.commit.shards;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each replica lives: for every group (an RM's shard, or the TM's group) and replica slot, a data centre. The
 * spec's {@code Place[g][s]}. Losing a data centre loses every replica placed there, so this map decides what one loss
 * costs: with {@link #onePerDataCentre} one replica of every group.
 *
 * @param place group to slot to data centre
 */
public record Placement(Map<String, Map<String, String>> place) {

    public Placement {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        place.forEach((g, slots) -> copy.put(g, Map.copyOf(slots)));
        place = Map.copyOf(copy);
        if (place.isEmpty()) {
            throw new IllegalArgumentException("a placement needs at least one group");
        }
    }

    /** Slot {@code slots[i]} of every group in data centre {@code dcs[i]}: the design of the seed's notes. */
    public static Placement onePerDataCentre(Collection<String> groups, List<String> slots, List<String> dcs) {
        if (slots.size() != dcs.size() || slots.isEmpty()) {
            throw new IllegalArgumentException("one slot per data centre: slots " + slots + ", data centres " + dcs);
        }
        Map<String, String> one = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            one.put(slots.get(i), dcs.get(i));
        }
        Map<String, Map<String, String>> place = new LinkedHashMap<>();
        groups.forEach(g -> place.put(g, one));
        return new Placement(place);
    }

    /** The same placement with group {@code g}'s slot {@code slot} moved to data centre {@code dc}. */
    public Placement moving(String g, String slot, String dc) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>(place);
        Map<String, String> slots = new LinkedHashMap<>(slots(g));
        slots.put(slot, dc);
        copy.put(g, slots);
        return new Placement(copy);
    }

    /** Group g's slots and their data centres. */
    public Map<String, String> slots(String g) {
        Map<String, String> slots = place.get(g);
        if (slots == null) {
            throw new IllegalArgumentException("no group " + g + " in the placement");
        }
        return new TreeMap<>(slots);
    }

    public String dataCentre(String g, String slot) {
        String dc = slots(g).get(slot);
        if (dc == null) {
            throw new IllegalArgumentException("group " + g + " has no slot " + slot);
        }
        return dc;
    }
}
