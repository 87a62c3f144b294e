package ddm.runtime.node;

import ddm.sim.FaultPoint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;

/**
 * Whether a node dies at a {@link FaultPoint} it has reached. {@link #NONE}, what production uses, never does and
 * draws nothing: the driver's check is one interface call on a constant. {@link #seeded} arms one crash per
 * incarnation of a node, drawn from the test's seed, the node's name and its incarnation: one of the chosen points,
 * and the k-th time the node passes it, k uniform in 1..{@code withinPasses}. So the same seed gives the same crash
 * points whatever the timing ("rm2's third incarnation dies the 41st time it passes after-force"), a node's crashes
 * are spread over its passes rather than over the clock (which a loaded machine stretches), and only while
 * {@code active}
 * says so (the safety phase of a run).
 */
public interface FaultPoints {

    /**
     * Whether the node crashes at {@code point} now, inside the effects of steps of the spec actions {@code actions}
     * (one for an append or a send; a force serves every step whose records it forces).
     */
    boolean crashAt(FaultPoint point, java.util.Collection<String> actions);

    FaultPoints NONE = (point, actions) -> false;

    /**
     * The points an incarnation may die at, only inside steps of {@code action} if it is not null, and within how
     * many passes of its chosen point it does.
     */
    record Plan(Set<FaultPoint> points, String action, long withinPasses) {
        public static final Plan OFF = new Plan(Set.of(), null, 1);

        public Plan {
            points = points.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(points));
            if (withinPasses < 1) {
                throw new IllegalArgumentException("a crash falls within at least 1 pass, not " + withinPasses);
            }
        }

        public boolean any() {
            return !points.isEmpty();
        }

        /**
         * {@code after-force,after-send/300}, or {@code after-send@RMPrepare/3} (only inside RMPrepare steps): the
         * flag form ({@code none}, or empty: off).
         */
        public static Plan parse(String spec) {
            if (spec.isBlank() || spec.equals("none")) {
                return OFF;
            }
            String[] parts = spec.split("/", 2);
            String action = null;
            int at = parts[0].indexOf('@');
            if (at >= 0) {
                action = parts[0].substring(at + 1).trim();
                parts[0] = parts[0].substring(0, at);
                if (action.isEmpty()) {
                    throw new IllegalArgumentException("no action after @ in " + spec);
                }
            }
            long within = 1000;
            if (parts.length == 2) {
                try {
                    within = Long.parseLong(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number of passes: " + parts[1]);
                }
            }
            Set<FaultPoint> points = EnumSet.noneOf(FaultPoint.class);
            for (String p : parts[0].split(",")) {
                FaultPoint fp = FaultPoint.of(p.trim());
                if (fp == null) {
                    throw new IllegalArgumentException("not a fault point: " + p
                            + " (after-append, after-force, after-send)");
                }
                points.add(fp);
            }
            return new Plan(points, action, within);
        }

        @Override
        public String toString() {
            if (!any()) {
                return "none";
            }
            StringJoiner j = new StringJoiner(",");
            for (FaultPoint p : FaultPoint.values()) {
                if (points.contains(p)) {
                    j.add(p.label());
                }
            }
            return j + (action == null ? "" : "@" + action) + "/" + withinPasses;
        }
    }

    /** Arms one crash for this incarnation as the class doc says; {@link #NONE} if the plan has no point. */
    static FaultPoints seeded(Plan plan, long seed, String node, long incarnation, BooleanSupplier active) {
        if (!plan.any()) {
            return NONE;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ node.hashCode() * 31L
                ^ incarnation * 0xBF58476D1CE4E5B9L);
        List<FaultPoint> points = new ArrayList<>();
        for (FaultPoint p : FaultPoint.values()) {
            if (plan.points().contains(p)) {
                points.add(p);
            }
        }
        FaultPoint armed = points.get(random.nextInt(points.size()));
        long k = 1 + random.nextLong(plan.withinPasses());
        long[] passes = {0};
        String only = plan.action();
        return (point, actions) -> point == armed && (only == null || actions.contains(only)) && ++passes[0] == k
                && active.getAsBoolean();
    }
}
