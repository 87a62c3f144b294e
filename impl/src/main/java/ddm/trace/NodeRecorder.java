package ddm.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's side of per-node logging: its vector clock and its event log. The node's driver tells it of every
 * message delivered ({@link #received}: the sender's clock is merged) and of every step ({@link #step}: the clock
 * ticks and the event is written); the clock {@code step} returns is the one to put on the step's messages.
 *
 * <p>Used by the node's own thread only: nothing here is shared with another node, which is the point.
 */
public final class NodeRecorder {

    private final String node;
    private final EventSink sink;
    private final Level level;
    private final Set<String> keep;
    private Map<String, Long> clock;

    private NodeRecorder(String node, EventSink sink, Level level, Set<String> keep, Map<String, Long> clock) {
        this.node = node;
        this.sink = sink;
        this.level = level;
        this.keep = Set.copyOf(keep);
        this.clock = clock;
    }

    /** A recorder for a node that has taken no step yet, writing everything ({@link Level#VARS}). */
    public NodeRecorder(String node, EventSink sink) {
        this(node, sink, Level.VARS, Set.of(), VectorClock.ZERO);
    }

    /** A fresh recorder writing at {@code level}; {@code keep} names the variables {@link Level#PARTIAL} writes. */
    public static NodeRecorder at(String node, EventSink sink, Level level, Set<String> keep) {
        return new NodeRecorder(node, sink, level, keep, VectorClock.ZERO);
    }

    /** A recorder for a restarted node, going on from the last event of its log ({@code last}: null if none). */
    public static NodeRecorder resume(String node, EventSink sink, Event last, Level level, Set<String> keep) {
        if (last != null && !last.node().equals(node)) {
            throw new IllegalArgumentException("the log of " + node + " ends with an event of " + last.node());
        }
        return new NodeRecorder(node, sink, level, keep, last == null ? VectorClock.ZERO : last.clock());
    }

    public String node() {
        return node;
    }

    /** The node's clock now. */
    public Map<String, Long> clock() {
        return clock;
    }

    /** A message stamped with {@code senderClock} was delivered to this node: what it knows grows. */
    public void received(Map<String, Long> senderClock) {
        clock = VectorClock.merge(clock, senderClock);
    }

    /**
     * The node took spec step {@code action(params)} in {@code instance} (null: a step of the whole node), consuming
     * the messages sent by the events {@code from} (their ids, {@link Event#sentBy}); writes it and returns the clock
     * to stamp the step's messages with.
     *
     * @throws UncheckedIOException if the log cannot be written: the node must stop, as when its own log fails
     */
    public Map<String, Long> step(String action, Map<String, Object> params, String instance, List<Var> vars,
                                  List<Object> sent, List<Object> received, List<String> from) {
        clock = VectorClock.tick(clock, node);
        Event e = new Event(node, VectorClock.get(clock, node), action, params, instance, clock, vars, sent, received,
                from, System.nanoTime());
        try {
            sink.append(level == Level.VARS ? e : e.at(level, keep));
        } catch (IOException io) {
            throw new UncheckedIOException("event log of " + node + " failed", io);
        }
        return clock;
    }
}
