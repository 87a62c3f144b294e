package ddm.conformance.validate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clocks messages would carry, for runtimes whose messages carry none: when a recorded step sends a message, its
 * sender's event (id and clock) is kept under the message's key; when a step consumes a message, the key gives that
 * event back. The first send of a key is the one kept: the spec's message sets hold a message from its first send
 * on, so a receive depends on that send at least, and the order of later sends of an equal message says nothing more.
 *
 * <p>Shared by the nodes' threads (the one structure that is), so it is a concurrent map: {@link #sent} is one atomic
 * {@code putIfAbsent}, and a sender's put happens before its message is handed to the runtime, so before any receive
 * of it.
 */
public final class SendClocks {

    /** The event that sent a message: its id ({@code node#seq}) and clock. */
    public record Stamp(String event, Map<String, Long> clock) {}

    private final ConcurrentHashMap<Object, Stamp> first = new ConcurrentHashMap<>();

    /** A step sent a message with {@code key}; kept unless an earlier send of that key was. */
    public void sent(Object key, Stamp stamp) {
        first.putIfAbsent(key, stamp);
    }

    /** The first send of {@code key}, or null if none was recorded. */
    public Stamp sender(Object key) {
        return first.get(key);
    }
}
