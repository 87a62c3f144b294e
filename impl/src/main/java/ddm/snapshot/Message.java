package ddm.snapshot;

import java.util.Map;

/** What travels on a channel: the bank's transfers and the snapshot's markers. */
public sealed interface Message {

    /** The spec's value: {@code [type |-> ..., amount |-> ..., id |-> ...]}. */
    Map<String, Object> spec();

    /**
     * The bank's message: {@code amount} moves from sender to receiver. {@code id} numbers the transfers of one
     * channel 1, 2, ... in sending order (the spec's {@code Transfer(amount, n)}).
     */
    record Transfer(long amount, long id) implements Message {
        public Transfer {
            if (amount < 1 || id < 1) {
                throw new IllegalArgumentException("a transfer moves a positive amount and has an id from 1: " + amount + ", " + id);
            }
        }

        @Override
        public Map<String, Object> spec() {
            return Map.of("type", "transfer", "amount", amount, "id", id);
        }

        @Override
        public String toString() {
            return "transfer#" + id + "(" + amount + ")";
        }
    }

    /**
     * The snapshot's control message (the spec's {@code Marker}). {@code snapshot} numbers the snapshot it belongs to
     * when a run takes several ({@code ChandyLamportRepeated}'s {@code Marker(s)}); 0 in {@code ChandyLamport}, whose
     * one marker carries nothing.
     */
    record Marker(long snapshot) implements Message {
        public Marker {
            if (snapshot < 0) {
                throw new IllegalArgumentException("a snapshot number is not negative: " + snapshot);
            }
        }

        @Override
        public Map<String, Object> spec() {
            return Map.of("type", "marker", "amount", 0L, "id", snapshot);
        }

        @Override
        public String toString() {
            return snapshot == 0 ? "marker" : "marker#" + snapshot;
        }
    }

    Marker MARKER = new Marker(0);
}
