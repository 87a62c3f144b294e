package ddm.conformance.validate;

import ddm.conformance.events.EventValidator;
import ddm.conformance.events.RunLog;
import ddm.trace.Level;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each logging level still shows: runs recorded per node with everything ({@link Level#VARS}) are cut down to
 * each level and validated again, and the runs rejected at each level counted. A seeded bug's row says how much a
 * poorer log loses; a correct runtime's row must be all zeros.
 */
public final class Detection {

    /** One bug's runs, and how many of them each level rejects. */
    public record Row(String name, int runs, Map<Level, Integer> rejected) {

        public boolean caughtAt(Level l) {
            return rejected.get(l) > 0;
        }

        /** A Markdown table row: the name, then "k/n" per level, poorest first. */
        public String markdown() {
            StringBuilder sb = new StringBuilder("| ").append(name).append(" |");
            for (Level l : List.of(Level.EVENTS, Level.PARAMS, Level.PARTIAL, Level.VARS)) {
                sb.append(String.format(Locale.ROOT, " %d/%d |", rejected.get(l), runs));
            }
            return sb.toString();
        }
    }

    private Detection() {}

    /** Validates {@code runs} at every level with {@code validator}. */
    public static Row rates(String name, List<RunLog> runs, EventValidator validator) {
        Map<Level, Integer> rejected = new EnumMap<>(Level.class);
        for (Level l : Level.values()) {
            int n = 0;
            for (RunLog r : runs) if (!validator.validate(validator.at(r, l), null).passed()) n++;
            rejected.put(l, n);
        }
        return new Row(name, runs.size(), rejected);
    }

    /** The header of {@link Row#markdown}'s table. */
    public static String header() {
        return "| seeded bug | events | events + parameters | partial variables | node's variables |\n"
                + "|---|---:|---:|---:|---:|";
    }
}
