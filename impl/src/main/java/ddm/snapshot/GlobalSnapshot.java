package ddm.snapshot;

import ddm.snapshot.Message.Transfer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished snapshot assembled in one place: each process's recorded balance and each channel's recorded transfers.
 * The bank checks it by its total: it must equal the money the bank started with.
 */
public record GlobalSnapshot(Map<String, Long> balances, Map<Channel, List<Transfer>> channels) {

    /** Sorted, immutable copies. */
    public GlobalSnapshot {
        balances = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(balances));
        TreeMap<Channel, List<Transfer>> cs = new TreeMap<>();
        channels.forEach((c, ts) -> cs.put(c, List.copyOf(ts)));
        channels = java.util.Collections.unmodifiableSortedMap(cs);
    }

    /** Recorded balances plus recorded in-flight transfers. */
    public long totalMoney() {
        long total = 0;
        for (long b : balances.values()) {
            total += b;
        }
        return total + inFlightMoney();
    }

    public long inFlightMoney() {
        long total = 0;
        for (List<Transfer> ts : channels.values()) {
            for (Transfer t : ts) {
                total += t.amount();
            }
        }
        return total;
    }

    /** How many transfers the snapshot found in flight. */
    public int inFlightTransfers() {
        return channels.values().stream().mapToInt(List::size).sum();
    }

    /** One line per process, then one per non-empty channel, then the total. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        balances.forEach((p, b) -> sb.append(p).append(" balance ").append(b).append('\n'));
        channels.forEach((c, ts) -> {
            if (!ts.isEmpty()) {
                sb.append(c).append(" in flight ").append(ts).append('\n');
            }
        });
        return sb.append("total ").append(totalMoney()).toString();
    }
}
