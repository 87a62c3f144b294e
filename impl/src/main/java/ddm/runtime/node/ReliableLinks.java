package ddm.runtime.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reliable FIFO channels over a wire that drops, duplicates and reorders, for the protocols whose specs assume them
 * (Chandy–Lamport, epoch alignment): one node's ends of its channels. Each message sent on a channel is numbered
 * 1, 2, ... and kept until the receiver acknowledges it ({@link #acknowledged}); {@link #retransmissions} lists the
 * first few still kept, for the role to send again on a timer. On the receiving end {@link #arrived} says what to do
 * with an arrival: acknowledge a duplicate again, hold one that came ahead of a gap, or take the ones now in order.
 *
 * <p>Only the numbering is state that must survive a crash, and it need not be written down: a role that logs each
 * step that sends or takes a message, and replays its log through {@link #numbered} and {@link #taken}, gets both
 * ends' numbers back as they were. What is held ahead of a gap is volatile (its sender still has it). Not
 * thread-safe: the driver's thread only.
 *
 * @param <P> what a channel carries
 */
public final class ReliableLinks<P> {

    /** A message numbered {@code seq} on the channel to or from {@code peer}. */
    public record Numbered<P>(String peer, long seq, P payload) {
    }

    /** What an arrival calls for: take these in order (none: a duplicate or one ahead of a gap). */
    public record Arrival<P>(List<Numbered<P>> take, boolean duplicate) {
    }

    private static final int AHEAD_MAX = 4096;

    private final Map<String, Long> next = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, P>> unacked = new LinkedHashMap<>();
    private final Map<String, Long> taken = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, P>> ahead = new LinkedHashMap<>();

    /** Channels to each of {@code outs} and from each of {@code ins}, all empty. */
    public ReliableLinks(List<String> outs, List<String> ins) {
        for (String o : outs) {
            next.put(o, 1L);
            unacked.put(o, new TreeMap<>());
        }
        for (String i : ins) {
            taken.put(i, 0L);
            ahead.put(i, new TreeMap<>());
        }
    }

    public boolean sendsTo(String peer) {
        return next.containsKey(peer);
    }

    public boolean receivesFrom(String peer) {
        return taken.containsKey(peer);
    }

    /** Numbers {@code payload} as the next message to {@code to} and keeps it until acknowledged. */
    public Numbered<P> numbered(String to, P payload) {
        long seq = next.merge(to, 1L, Long::sum) - 1;
        unacked.get(to).put(seq, payload);
        return new Numbered<>(to, seq, payload);
    }

    /** {@code from} has taken every message up to {@code seq} on the channel to it. */
    public void acknowledged(String from, long seq) {
        TreeMap<Long, P> kept = unacked.get(from);
        if (kept != null) {
            kept.headMap(seq, true).clear();
        }
    }

    /** Message {@code seq} from {@code from} came: what to take now (in order), or a duplicate, or nothing yet. */
    public Arrival<P> arrived(String from, long seq, P payload) {
        long last = taken.get(from);
        if (seq <= last) {
            return new Arrival<>(List.of(), true);
        }
        TreeMap<Long, P> early = ahead.get(from);
        if (seq > last + 1) {
            if (early.size() < AHEAD_MAX) {
                early.putIfAbsent(seq, payload);
            }
            return new Arrival<>(List.of(), false);
        }
        List<Numbered<P>> run = new ArrayList<>(List.of(new Numbered<>(from, seq, payload)));
        for (long k = seq + 1; early.containsKey(k); k++) {
            run.add(new Numbered<>(from, k, early.get(k)));
        }
        return new Arrival<>(run, false);
    }

    /** Message {@code seq} from {@code from} is taken (the step that took it is performed, or replayed). */
    public void taken(String from, long seq) {
        if (seq != taken.get(from) + 1) {
            throw new IllegalStateException("message " + seq + " from " + from + " taken after " + taken.get(from));
        }
        taken.put(from, seq);
        ahead.get(from).headMap(seq, true).clear();
    }

    /** The number of the last message taken from {@code from} (what a duplicate's acknowledgement repeats). */
    public long lastTaken(String from) {
        return taken.get(from);
    }

    /** The first {@code window} messages each channel still keeps, to send again. */
    public List<Numbered<P>> retransmissions(int window) {
        List<Numbered<P>> out = new ArrayList<>();
        unacked.forEach((to, kept) -> kept.entrySet().stream().limit(window)
                .forEach(e -> out.add(new Numbered<>(to, e.getKey(), e.getValue()))));
        return out;
    }

    /** Every message kept (sent and not acknowledged), on every channel. */
    public List<P> unacknowledged() {
        List<P> out = new ArrayList<>();
        unacked.values().forEach(kept -> out.addAll(kept.values()));
        return out;
    }
}
