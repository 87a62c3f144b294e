package ddm.epoch;

import java.util.Map;

/** What travels on a channel: data records and barriers (and, in the threaded runtime only, the end of a stream). */
public sealed interface Message {

    /** The spec's value of this message on a channel. */
    Map<String, Object> spec();

    /**
     * A data record: its key and value, the source it came from ({@code origin}), and the epoch its sender was in when
     * it sent it ({@code epoch}, the spec's ghost tag, never read by the protocol).
     */
    record Record(String origin, int epoch, long key, long value) implements Message {
        @Override
        public Map<String, Object> spec() {
            return Map.of("kind", "rec", "origin", origin, "epoch", (long) epoch);
        }
    }

    /** Barrier {@code epoch}: separates the records before epoch {@code epoch}'s snapshot from those after it. */
    record Barrier(int epoch) implements Message {
        @Override
        public Map<String, Object> spec() {
            return Map.of("kind", "bar", "origin", NO_ORIGIN, "epoch", (long) epoch);
        }
    }

    /** The sender has nothing more to send (threaded runtime; the spec's sources are finite and simply stop). */
    record EndOfStream() implements Message {
        @Override
        public Map<String, Object> spec() {
            throw new UnsupportedOperationException("the spec has no end-of-stream message");
        }
    }

    /** The spec's {@code NoOrigin}, the origin field of a barrier. */
    String NO_ORIGIN = "-";
}
