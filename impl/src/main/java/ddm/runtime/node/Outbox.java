package ddm.runtime.node;

import java.util.Map;

/**
 * Where a driver's messages go: in-JVM mailboxes for the threaded runtimes, the TCP transport for node processes.
 * Must not block and must not throw for a peer that is down (a lost message; the protocols cover loss).
 *
 * @param <M> the protocol's wire message type
 */
public interface Outbox<M> {

    /** Sends {@code message} to {@code to}, stamped with the sender's vector clock as of the step that sent it. */
    void send(String to, M message, Map<String, Long> clock);

    /** Pushes the messages sent so far onto the wire (a process about to kill itself at a fault point calls it). */
    default void flush() {
    }
}
