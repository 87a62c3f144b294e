package ddm.conformance.events;

import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Coverage;
import ddm.trace.Event;
import ddm.trace.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validates runs given as per-node logs against a spec: the logs must be well formed ({@link RunLog#malformed}), and
 * each instance of the run must have an order of its events, consistent with happens-before, that is a behaviour of
 * the spec ({@link LinearizationSearch}). Runs may be cut down to a logging level first, to see what a poorer log
 * still shows.
 */
public final class EventValidator {

    /**
     * The verdict on one run: what made its logs malformed, each instance's search, and the instances left
     * unsearched because the model does not describe them ({@link Bounds}): neither accepted nor rejected.
     */
    public record Verdict(String source, List<String> malformed, List<LinearizationSearch.Result> instances,
                          long events, List<Beyond> beyond) {

        public Verdict {
            beyond = List.copyOf(beyond);
        }

        public Verdict(String source, List<String> malformed, List<LinearizationSearch.Result> instances,
                       long events) {
            this(source, malformed, instances, events, List.of());
        }

        /** The instances searched and accepted. */
        public long accepted() {
            return instances.stream().filter(LinearizationSearch.Result::accepted).count();
        }

        public boolean passed() {
            return malformed.isEmpty() && instances.stream().allMatch(LinearizationSearch.Result::accepted);
        }

        public List<LinearizationSearch.Result> rejected() {
            return instances.stream().filter(r -> !r.accepted()).toList();
        }
    }

    /** An instance beyond the model's bounds: its name, why ("3 crashes > MaxCrashes = 2"), and its events. */
    public record Beyond(String instance, String why, long events) {}

    /**
     * What a model describes of an instance: null when the instance is within the model's bounds (its crashes, its
     * nodes), else why not. A run of real processes is not bounded as a model is; an instance beyond the bounds is
     * counted and reported, never searched, so never passed and never failed.
     */
    @FunctionalInterface
    public interface Bounds {
        String beyond(Instances.Instance instance);

        /** Every instance is within bounds (a run recorded for the model). */
        Bounds NONE = i -> null;
    }

    private final SpecOracle spec;
    private final EventModel model;
    private final LinearizationSearch search;
    private long runs, instances, events, searched, unchecked, drops, beyond;

    /** Validates against {@code spec}, giving up on an instance after {@code budget} search states. */
    public EventValidator(SpecOracle spec, EventModel model, long budget) {
        this.spec = spec;
        this.model = model;
        this.search = new LinearizationSearch(spec, model, budget);
    }

    public EventModel model() {
        return model;
    }

    /** Validates {@code run} as logged; feeds {@code coverage} (if not null) the states of every accepted order. */
    public Verdict validate(RunLog run, Coverage coverage) {
        return validate(run, coverage, Bounds.NONE, false);
    }

    /**
     * Validates {@code run} as logged, searching only the instances within {@code bounds}; with {@code trimTrailing},
     * each node's crashes and recoveries after its last step in an instance are left out of it
     * ({@link Instances#split(RunLog, boolean)}: a long run of processes).
     */
    public Verdict validate(RunLog run, Coverage coverage, Bounds bounds, boolean trimTrailing) {
        runs++;
        events += run.size();
        List<String> malformed = run.malformed();
        if (!malformed.isEmpty()) return new Verdict(run.source(), malformed, List.of(), run.size());
        Map<String, String> cut = LinearizationSearch.cutShort(run, model.crashes());
        List<LinearizationSearch.Result> results = new ArrayList<>();
        List<Beyond> outside = new ArrayList<>();
        for (Instances.Instance inst : Instances.split(run, trimTrailing)) {
            String why = bounds.beyond(inst);
            if (why != null) {
                outside.add(new Beyond(inst.name(), why, inst.size()));
                beyond++;
                continue;
            }
            LinearizationSearch.Result r = search.search(inst, cut);
            instances++;
            searched += r.searched();
            if (r.unchecked()) unchecked++;
            if (r.accepted() && coverage != null) {
                coverage.visit(Optional.empty(), spec.state(initialOf(r)));
                for (LinearizationSearch.Move m : r.path()) {
                    if (m.kind() == LinearizationSearch.Kind.DROP) drops++;
                    if (m.kind() == LinearizationSearch.Kind.STEP) {
                        coverage.visit(Optional.of(m.label()), spec.state(m.target()));
                    }
                }
            }
            results.add(r);
        }
        return new Verdict(run.source(), List.of(), results, run.size(), outside);
    }

    /** The state an accepted order starts in: the state before its first step (the initial state it chose). */
    public int initialOf(LinearizationSearch.Result r) {
        for (LinearizationSearch.Move m : r.path()) {
            if (m.kind() != LinearizationSearch.Kind.STEP) continue;
            for (int s0 : spec.initial()) {
                for (var step : spec.next(s0)) {
                    if (step.target() == m.target() && step.label().equals(m.label())) return s0;
                }
            }
            break;
        }
        return spec.initial().get(0);
    }

    /** {@code run} with each event cut down to what {@code level} logs ({@link EventModel#partial} for PARTIAL). */
    public RunLog at(RunLog run, Level level) {
        return at(run, level, model);
    }

    /** {@code run} cut down to {@code level}, for {@code model}'s protocol. */
    public static RunLog at(RunLog run, Level level, EventModel model) {
        if (level == Level.VARS) return run;
        Map<String, List<Event>> cut = new java.util.TreeMap<>();
        run.nodes().forEach((n, es) -> cut.put(n, es.stream().map(e -> e.at(level, model.partial())).toList()));
        return new RunLog(run.source(), cut);
    }

    /** Totals over the runs validated so far. */
    public String totals() {
        return String.format(Locale.ROOT, "%,d runs, %,d instances, %,d events; %,d search states (%.2f per event)"
                        + "%s%s", runs, instances, events, searched, events == 0 ? 0.0 : (double) searched / events,
                drops == 0 ? "" : String.format(Locale.ROOT, "; %,d steps cut short by a crash dropped", drops),
                unchecked == 0 ? "" : String.format(Locale.ROOT, "; %,d instances left the explored graph", unchecked))
                + (beyond == 0 ? "" : String.format(Locale.ROOT, "; %,d instances beyond the model's bounds, not "
                + "searched", beyond));
    }

    public long events() {
        return events;
    }

    /**
     * A rejected run in words: which instance, how far the search got (the longest prefix of each node's log in any
     * order), the spec states it could be in there, and each next event with why no step of the spec took it.
     */
    public String report(Verdict v) {
        StringBuilder sb = new StringBuilder();
        if (!v.malformed().isEmpty()) {
            sb.append("REJECTED ").append(v.source()).append(": the logs are malformed\n");
            v.malformed().forEach(m -> sb.append("  ").append(m).append('\n'));
            return sb.toString();
        }
        for (LinearizationSearch.Result r : v.rejected()) {
            LinearizationSearch.Frontier f = r.frontier();
            sb.append("REJECTED ").append(v.source()).append(", instance ").append(r.instance()).append(": ")
                    .append(r.gaveUp() ? "the search gave up after " + r.searched() + " search states"
                            : "no order of its events consistent with happens-before is a behaviour of the spec")
                    .append(String.format(Locale.ROOT, " (%d of %d events placed at best; %,d search states)%n",
                            f.depth(), f.events(), r.searched()));
            sb.append("  longest prefix placed of each node's log: ").append(f.prefix()).append('\n');
            sb.append("  spec states there (").append(f.states().size()).append("):\n");
            for (int s : f.states()) sb.append("    ").append(show(spec.state(s))).append('\n');
            for (LinearizationSearch.Pending p : f.pending()) {
                sb.append("  next ").append(p.event()).append(" ").append(p.action()).append(": ").append(p.why())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static String show(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder();
        s.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" = ").append(Values.show(v)));
        return sb.toString();
    }

    /** The labels of an accepted order's steps, for tests and reports. */
    public static List<Label> labels(LinearizationSearch.Result r) {
        return r.path().stream().filter(m -> m.kind() == LinearizationSearch.Kind.STEP).map(
                LinearizationSearch.Move::label).toList();
    }
}
