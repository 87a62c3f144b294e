package ddm.trace;

import java.io.Closeable;
import java.io.IOException;

/** Where a node's events go, in its step order: a file ({@link NdjsonEventLog}) or memory ({@link MemoryEventLog}). */
public interface EventSink extends Closeable {

    /** Appends one event after the ones before it. Called by one node's thread only. */
    void append(Event e) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
