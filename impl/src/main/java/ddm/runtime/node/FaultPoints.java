package ddm.runtime.node;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * Whether a node dies at a {@link FaultPoint} it has reached. {@link #NONE}, what production uses, never does and
 * draws nothing: the driver's check is one interface call on a constant. {@link #seeded} crashes at each point with
 * its own probability, from a random stream seeded by the test's seed, the node's name and its incarnation, so the
 * same seed gives the same crash points whatever the timing (the k-th time a node reaches a point, it meets the k-th
 * draw), and only while the clock reads before {@code untilMillis} (the safety phase of a run).
 */
public interface FaultPoints {

    /** Whether the node crashes at {@code point} now. */
    boolean crashAt(FaultPoint point);

    FaultPoints NONE = point -> false;

    /** Per point, the probability of a crash each time it is reached. */
    record Rates(Map<FaultPoint, Double> perPoint) {
        public static final Rates OFF = new Rates(Map.of());

        public Rates {
            perPoint = Map.copyOf(perPoint);
            perPoint.values().forEach(p -> {
                if (p < 0 || p > 1) {
                    throw new IllegalArgumentException("a crash probability must be in [0, 1], not " + p);
                }
            });
        }

        public double of(FaultPoint p) {
            return perPoint.getOrDefault(p, 0.0);
        }

        public boolean any() {
            return perPoint.values().stream().anyMatch(p -> p > 0);
        }

        /** {@code after-force=0.02,after-append=0.01}: the flag form. */
        public static Rates parse(String spec) {
            Map<FaultPoint, Double> m = new EnumMap<>(FaultPoint.class);
            if (spec.isBlank() || spec.equals("none")) {
                return OFF;
            }
            for (String part : spec.split(",")) {
                String[] kv = part.split("=", 2);
                FaultPoint p = FaultPoint.of(kv[0].trim());
                if (p == null || kv.length != 2) {
                    throw new IllegalArgumentException("not a fault point rate: " + part
                            + " (expected after-append=P, after-force=P or after-send=P)");
                }
                try {
                    m.put(p, Double.parseDouble(kv[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a probability: " + kv[1]);
                }
            }
            return new Rates(m);
        }

        @Override
        public String toString() {
            if (!any()) {
                return "none";
            }
            StringJoiner j = new StringJoiner(",");
            for (FaultPoint p : FaultPoint.values()) {
                if (of(p) > 0) {
                    j.add(p.label() + "=" + String.format(Locale.ROOT, "%.3f", of(p)));
                }
            }
            return j.toString();
        }
    }

    /** Crashes at each point with its rate, while the clock reads before {@code untilMillis}; see the class doc. */
    static FaultPoints seeded(Rates rates, long seed, String node, long incarnation, long untilMillis,
                              LongSupplier clockMillis) {
        if (!rates.any()) {
            return NONE;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ node.hashCode() * 31L
                ^ incarnation * 0xBF58476D1CE4E5B9L);
        return point -> {
            double draw = random.nextDouble();
            return draw < rates.of(point) && clockMillis.getAsLong() < untilMillis;
        };
    }
}
