package ddm.runtime.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's per-node event log in the NDJSON format of events.md (the contract with the validator of issue #15), and
 * its vector clock. One line per step, appended only by the node, each line written whole in one append; a crash the
 * node cannot log itself is appended by whoever saw it die ({@link #appendCrash}), and a restarted node resumes its
 * clock from the last line. The file lives outside the node's failure domain (never beneath the power-loss layer):
 * it is the observer's record. Until {@code ddm.trace} lands on main this is the driver's writer of that format.
 */
public final class NdjsonStepLog implements StepLog, AutoCloseable {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern CLOCK = Pattern.compile("\"clock\":\\{([^}]*)}");
    private static final Pattern ENTRY = Pattern.compile("\"([^\"]+)\":(\\d+)");

    private final String node;
    private final FileChannel out;
    private final Map<String, Long> clock = new TreeMap<>();

    private NdjsonStepLog(String node, FileChannel out, Map<String, Long> resumed) {
        this.node = node;
        this.out = out;
        this.clock.putAll(resumed);
    }

    /** Opens (appending) node's event file; if it has lines, the clock resumes from the last one. */
    public static NdjsonStepLog open(String node, Path file) throws IOException {
        Map<String, Long> resumed = lastClock(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new NdjsonStepLog(node, ch, resumed);
    }

    /** The clock on the last whole line of {@code file} (empty if none). */
    static Map<String, Long> lastClock(Path file) throws IOException {
        String last = lastLine(file);
        Map<String, Long> clock = new TreeMap<>();
        if (last == null) {
            return clock;
        }
        Matcher m = CLOCK.matcher(last);
        if (m.find()) {
            Matcher e = ENTRY.matcher(m.group(1));
            while (e.find()) {
                clock.put(e.group(1), Long.parseLong(e.group(2)));
            }
        }
        return clock;
    }

    /** The seq on the last line of {@code file}, 0 if none. */
    static long lastSeq(Path file) throws IOException {
        String last = lastLine(file);
        if (last == null) {
            return 0;
        }
        Matcher m = SEQ.matcher(last);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String lastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).endsWith("}")) {
                return lines.get(i);
            }
        }
        return null;
    }

    /**
     * Appends the crash of {@code node}, which it could not log itself (it was killed, or killed itself at a fault
     * point), to its event file: action {@code action} (the spec's crash action) with {@code params}, no vars, and
     * the node's last clock ticked once. Called by the supervisor after the process is gone.
     */
    public static void appendCrash(Path file, String node, String action, Map<String, Object> params)
            throws IOException {
        Map<String, Long> clock = lastClock(file);
        long seq = clock.getOrDefault(node, 0L) + 1;
        clock.put(node, seq);
        String line = line(node, seq, new StepEvent(action, params, null, List.of(), List.of(), List.of()), clock,
                System.nanoTime());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            write(ch, line);
        }
    }

    @Override
    public void received(Map<String, Long> senderClock) {
        senderClock.forEach((n, c) -> clock.merge(n, c, Math::max));
    }

    @Override
    public Map<String, Long> step(StepEvent event) {
        long seq = clock.getOrDefault(node, 0L) + 1;
        clock.put(node, seq);
        try {
            write(out, line(node, seq, event, clock, System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException("event log " + node + " failed", e);
        }
        return Map.copyOf(clock);
    }

    @Override
    public Map<String, Long> clock() {
        return Map.copyOf(clock);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static String line(String node, long seq, StepEvent e, Map<String, Long> clock, long nanos) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"v\":1,\"node\":");
        Json.string(b, node);
        b.append(",\"seq\":").append(seq).append(",\"action\":");
        Json.string(b, e.action());
        b.append(",\"params\":");
        Json.object(b, new TreeMap<>(e.params()));
        if (e.instance() != null) {
            b.append(",\"inst\":");
            Json.string(b, e.instance());
        }
        b.append(",\"clock\":");
        Json.object(b, new TreeMap<>(clock));
        if (!e.vars().isEmpty()) {
            b.append(",\"vars\":[");
            boolean first = true;
            for (StepEvent.Var v : e.vars()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("var", v.var());
                entry.put("at", v.at());
                entry.put("value", v.value());
                b.append(first ? "" : ",");
                Json.object(b, entry);
                first = false;
            }
            b.append(']');
        }
        b.append(",\"sent\":");
        Json.array(b, e.sent());
        b.append(",\"received\":");
        Json.array(b, e.received());
        b.append(",\"nanos\":").append(nanos).append("}\n");
        return b.toString();
    }

    private static void write(FileChannel ch, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }
}
