package ddm.runtime.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node's timers, by key (a transaction): armed by its role, fired by its driver's thread. The only clock a node
 * sees. Not thread-safe: only the driver's thread touches it. A crash clears it: timers are volatile state.
 */
public final class Timers {

    private final Map<Long, Long> deadlines = new HashMap<>();

    /** Fires {@code key} once, {@code millis} from now (re-arming replaces the earlier deadline). */
    public void arm(long key, long millis) {
        deadlines.put(key, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    public void cancel(long key) {
        deadlines.remove(key);
    }

    public boolean isArmed(long key) {
        return deadlines.containsKey(key);
    }

    /** The keys due now, removed; in no particular order. */
    List<Long> due() {
        long now = System.nanoTime();
        List<Long> out = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Long>> it = deadlines.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> d = it.next();
            if (d.getValue() - now <= 0) {
                it.remove();
                out.add(d.getKey());
            }
        }
        return out;
    }

    /** Nanoseconds until the next deadline, or {@code Long.MAX_VALUE} if none is armed. */
    long nanosToNext() {
        long now = System.nanoTime(), next = Long.MAX_VALUE;
        for (long at : deadlines.values()) {
            next = Math.min(next, Math.max(0, at - now));
        }
        return next;
    }

    void clear() {
        deadlines.clear();
    }

    public int size() {
        return deadlines.size();
    }
}
