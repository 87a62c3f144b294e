package ddm.epoch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's logic: what it does with one record's key and value, and its state as a flat array of longs (the form a
 * checkpoint stores). Every operator turns one input into one output (the spec's {@code Process} sends one record per
 * record consumed); a sink's output is its state.
 */
public sealed interface Operator {

    /** The record to send on every output channel, as {@code {key, value}}; null for a sink. */
    long[] apply(long key, long value);

    long[] snapshot();

    void restore(long[] state);

    /** A fresh operator of a kind: {@code count}, {@code sum}, or for a sink {@code sink} or {@code tally}. */
    static Operator of(String kind) {
        return switch (kind) {
            case "count" -> new KeyedCount();
            case "sum" -> new Sum();
            case "sink" -> new Collect();
            case "tally" -> new Tally();
            default -> throw new IllegalArgumentException("unknown operator kind " + kind);
        };
    }

    /** A keyed running count: emits {@code (key, records seen with this key so far)}. */
    final class KeyedCount implements Operator {
        private final TreeMap<Long, Long> counts = new TreeMap<>();

        @Override
        public long[] apply(long key, long value) {
            return new long[] {key, counts.merge(key, 1L, Long::sum)};
        }

        public Map<Long, Long> counts() {
            return Map.copyOf(counts);
        }

        @Override
        public long[] snapshot() {
            return flatten(counts);
        }

        @Override
        public void restore(long[] state) {
            unflatten(state, counts);
        }
    }

    /**
     * A keyed sum: adds each value to its key's total and forwards the record unchanged (so that what flows on depends
     * only on which records arrived, not on their interleaving).
     */
    final class Sum implements Operator {
        private final TreeMap<Long, Long> sums = new TreeMap<>();

        @Override
        public long[] apply(long key, long value) {
            sums.merge(key, value, Long::sum);
            return new long[] {key, value};
        }

        public Map<Long, Long> sums() {
            return Map.copyOf(sums);
        }

        @Override
        public long[] snapshot() {
            return flatten(sums);
        }

        @Override
        public void restore(long[] state) {
            unflatten(state, sums);
        }
    }

    /** A sink: appends every record it consumes to its output. */
    final class Collect implements Operator {
        private final List<long[]> output = new ArrayList<>();

        @Override
        public long[] apply(long key, long value) {
            output.add(new long[] {key, value});
            return null;
        }

        /** The output as {@code key:value} strings, in arrival order. */
        public List<String> output() {
            return output.stream().map(kv -> kv[0] + ":" + kv[1]).toList();
        }

        @Override
        public long[] snapshot() {
            long[] s = new long[output.size() * 2];
            for (int i = 0; i < output.size(); i++) {
                s[2 * i] = output.get(i)[0];
                s[2 * i + 1] = output.get(i)[1];
            }
            return s;
        }

        @Override
        public void restore(long[] state) {
            output.clear();
            for (int i = 0; i < state.length; i += 2) output.add(new long[] {state[i], state[i + 1]});
        }
    }

    /**
     * A sink that keeps, per key, the number of records and the sum of their values (its output, committed by the
     * checkpoint): a sink whose state stays small, unlike {@link Collect}'s growing list.
     */
    final class Tally implements Operator {
        private final TreeMap<Long, Long> tally = new TreeMap<>();

        @Override
        public long[] apply(long key, long value) {
            tally.merge(2 * key, 1L, Long::sum);
            tally.merge(2 * key + 1, value, Long::sum);
            return null;
        }

        @Override
        public long[] snapshot() {
            return flatten(tally);
        }

        @Override
        public void restore(long[] state) {
            unflatten(state, tally);
        }
    }

    private static long[] flatten(TreeMap<Long, Long> m) {
        long[] s = new long[m.size() * 2];
        int i = 0;
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            s[i++] = e.getKey();
            s[i++] = e.getValue();
        }
        return s;
    }

    private static void unflatten(long[] s, TreeMap<Long, Long> m) {
        m.clear();
        for (int i = 0; i < s.length; i += 2) m.put(s[i], s[i + 1]);
    }
}
