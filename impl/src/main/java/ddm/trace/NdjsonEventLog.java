package ddm.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's events in a file, one line each ({@link EventFormat}), appended with one {@code write} per line. There is
 * no buffer in the process, so a process killed with {@code kill -9} loses none of the lines it wrote: they are in the
 * operating system's page cache. The file is the observer's record of the node, not the node's durable state: it is
 * never forced, and it lives outside the node's data directory (outside any simulated power loss).
 *
 * <p>After the node died, its supervisor appends the crash the node could not log ({@link #appendAfter}); a restarted
 * node reopens the file and goes on from its last line ({@link #last}, {@link NodeRecorder#resume}).
 */
public final class NdjsonEventLog implements EventSink {

    private final Path file;
    private final FileChannel channel;

    private NdjsonEventLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it (and its folder) if absent. */
    public static NdjsonEventLog open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        return new NdjsonEventLog(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(Event e) throws IOException {
        ByteBuffer line = StandardCharsets.UTF_8.encode(EventFormat.encode(e) + "\n");
        while (line.hasRemaining()) channel.write(line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Every event of {@code file}, oldest first.
     *
     * @throws IllegalArgumentException naming the file and line, for a line that is not an event, a last line cut
     *                                  short (no newline), or events out of order (a seq that is not the next)
     */
    public static List<Event> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<Event> events = new ArrayList<>();
        int lineNo = 0;
        int at = 0;
        while (at < text.length()) {
            lineNo++;
            int nl = text.indexOf('\n', at);
            if (nl < 0) throw new IllegalArgumentException(file + ":" + lineNo + ": last line cut short (no newline)");
            String line = text.substring(at, nl);
            at = nl + 1;
            if (line.isBlank()) continue;
            Event e;
            try {
                e = EventFormat.decode(line);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + bad.getMessage());
            }
            long expected = events.isEmpty() ? 1 : events.get(events.size() - 1).seq() + 1;
            if (e.seq() != expected || (!events.isEmpty() && !e.node().equals(events.get(0).node()))) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": event " + e.id() + " where "
                        + (events.isEmpty() ? e.node() : events.get(0).node()) + "#" + expected + " was due");
            }
            events.add(e);
        }
        return events;
    }

    /** The last event of {@code file}, if it exists and has one. */
    public static Optional<Event> last(Path file) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        List<Event> all = read(file);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Appends to the dead node's {@code file} the step it could not log itself (its crash): action {@code action}
     * with {@code params}, the node's last clock ticked once, nothing else known. Call only once the node's process
     * has exited, so that no one else writes the file.
     */
    public static Event appendAfter(Path file, String node, String action, java.util.Map<String, Object> params)
            throws IOException {
        Optional<Event> last = last(file);
        java.util.Map<String, Long> clock = VectorClock.tick(last.map(Event::clock).orElse(VectorClock.ZERO), node);
        Event crash = new Event(node, VectorClock.get(clock, node), action, params, null, clock, List.of(), List.of(),
                List.of(), List.of(), System.nanoTime());
        try (NdjsonEventLog log = open(file)) {
            log.append(crash);
        }
        return crash;
    }
}
