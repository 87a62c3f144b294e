package ddm.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's events in memory, for runs on threads: appended by the node's own thread, read by the validator after the
 * run (the thread's end, or its join, orders the reads after the writes). No lock is shared with other nodes: each
 * node has its own.
 */
public final class MemoryEventLog implements EventSink {

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void append(Event e) {
        events.add(e);
    }

    /** The events so far, oldest first. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }
}
