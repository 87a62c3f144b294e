package ddm.conformance.tlc;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running model's progress, as TLC's latest progress line in its log says: distinct states found, states left on
 * the queue, and states generated per minute since the line before (absent in TLC's last line, which has no rate).
 * The same line comes from TLC's model checker ({@link TlcProgressMain}), its distributed server, and TLC's own
 * minute-by-minute report. A simulation ({@code ddm.conformance.tlc.sim}) has no queue; its line counts the states
 * it checked and the distinct states it reached.
 */
public record Progress(long generated, long distinct, long queue, Optional<Long> statesPerMinute, boolean simulated) {

    public Progress(long generated, long distinct, long queue, Optional<Long> statesPerMinute) {
        this(generated, distinct, queue, statesPerMinute, false);
    }

    private static final Pattern LINE = Pattern.compile("Progress\\(\\d+\\) at [^\\n]*?: (\\d[\\d,]*) states generated"
            + "(?: \\((\\d[\\d,]*) s/min\\))?, (\\d[\\d,]*) distinct states found(?: \\([\\d,]+ ds/min\\))?, "
            + "(\\d[\\d,]*) states left on queue"
            + "|" + Pattern.quote(ddm.conformance.tlc.sim.SeenStates.LINE) + "(\\d[\\d,]*) states checked"
            + "(?: \\((\\d[\\d,]*) s/min\\))?, (\\d[\\d,]*) distinct states reached");
    /** How much of the log's end to read: several progress lines' worth, whatever TLC printed after them. */
    private static final int TAIL_BYTES = 64 * 1024;

    /** The last progress line in {@code text}, if any. */
    public static Optional<Progress> latest(String text) {
        Progress last = null;
        for (Matcher m = LINE.matcher(text); m.find(); ) {
            last = m.group(1) != null
                    ? new Progress(number(m.group(1)), number(m.group(3)), number(m.group(4)),
                            Optional.ofNullable(m.group(2)).map(Progress::number), false)
                    : new Progress(number(m.group(5)), number(m.group(7)), 0,
                            Optional.ofNullable(m.group(6)).map(Progress::number), true);
        }
        return Optional.ofNullable(last);
    }

    /** The last progress line in the end of the log file, if any (none yet, or no file: empty). */
    public static Optional<Progress> latest(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return latest(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One line for a person watching: {@code 1,234 distinct states, 56 on the queue, 789 states/s}. */
    public String describe() {
        String rate = statesPerMinute.map(r -> String.format(Locale.ROOT, ", %,d states/s", r / 60)).orElse("");
        if (simulated) {
            return String.format(Locale.ROOT, "simulation: %,d states checked, %,d distinct states reached%s",
                    generated, distinct, rate);
        }
        return String.format(Locale.ROOT, "%,d distinct states, %,d on the queue%s", distinct, queue, rate);
    }

    private static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
