package ddm.runtime.node;

import java.util.List;

/**
 * A protocol node as a {@link NodeDriver} drives it: one input in, the steps it caused out. The protocol classes
 * (a {@code ResourceManager}, an {@code Acceptor}, ...) stay pure; a role is the thin layer that turns a delivered
 * message or a timer into calls of their spec-named actions and their outputs into {@link Step}s: no I/O, no clock
 * (timers are armed through the {@link Timers} the driver hands it), no threads.
 *
 * @param <M> the protocol's wire message type
 */
public interface Role<M> {

    /** The node's name, as its peers and its event log name it. */
    String name();

    boolean isUp();

    /** A message (or a client's request) from {@code from}; the steps it caused, none if it caused none. */
    List<Step<M>> deliver(String from, M message);

    /** The timer armed under {@code key} fired. */
    List<Step<M>> timeout(long key);

    /** The node crashes (the spec's crash action): volatile state is lost. Used where the driver survives the crash. */
    Step<M> crash();

    /** The node recovers from the records its log kept (the spec's recovery action). */
    Step<M> recover(List<byte[]> records);

    /**
     * Before {@link #recover} in a restarted process: the last action this node's event log holds in each instance
     * it took part in, the instances in the order of their last steps (the observer's record, outside the node's
     * failure domain). For logging only: a role whose
     * recovery logs its recovered state in the instances it had not finished there (events.md: the recovery logs the
     * vars it recovered) learns them here; what it recovers and does is its log's business alone.
     */
    default void rejoin(java.util.Map<String, String> lastActionByInstance) {
    }

    /** The instances whose last logged action is none of {@code finished}: those {@link #rejoin} keeps. */
    static java.util.Set<Long> unfinished(java.util.Map<String, String> lastActionByInstance,
                                          java.util.Set<String> finished) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        lastActionByInstance.forEach((tx, action) -> {
            if (!finished.contains(action)) {
                out.add(Long.parseLong(tx));
            }
        });
        return out;
    }

    /** What the driver sends when an input reaches the node while it is down (usually nothing: the input is lost). */
    default List<Step.Send<M>> lost(String from, M message) {
        return List.of();
    }
}
