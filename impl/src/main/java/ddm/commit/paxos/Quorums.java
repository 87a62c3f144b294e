package ddm.commit.paxos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The quorums of the acceptors: every set of at least {@code size} of them. Paxos needs every two quorums to
 * intersect, which majorities ({@link #majorities}) do; any smaller size is a seeded bug (tests only).
 */
public record Quorums(SortedSet<String> acceptors, int size) {

    public Quorums {
        acceptors = new TreeSet<>(acceptors);
        if (size < 1 || size > acceptors.size()) {
            throw new IllegalArgumentException("quorum size " + size + " for " + acceptors.size() + " acceptors");
        }
    }

    /** Majorities of the acceptors: with 2F+1 of them, any F+1. */
    public static Quorums majorities(Collection<String> acceptors) {
        return new Quorums(new TreeSet<>(acceptors), acceptors.size() / 2 + 1);
    }

    public boolean isQuorum(Set<String> s) {
        return s.size() >= size && acceptors.containsAll(s);
    }

    /** Every quorum, smallest first, then in name order: the order in which a simulated leader tries them. */
    public List<SortedSet<String>> all() {
        List<SortedSet<String>> out = new ArrayList<>();
        List<String> as = new ArrayList<>(acceptors);
        for (int k = size; k <= as.size(); k++) {
            for (int mask = 0; mask < 1 << as.size(); mask++) {
                if (Integer.bitCount(mask) != k) {
                    continue;
                }
                SortedSet<String> q = new TreeSet<>();
                for (int i = 0; i < as.size(); i++) {
                    if ((mask & 1 << i) != 0) {
                        q.add(as.get(i));
                    }
                }
                out.add(q);
            }
        }
        return out;
    }
}
