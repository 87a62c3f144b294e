package ddm.conformance.shrink;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.validate.Validator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Shrinks a recorded run that fails validation by delta debugging its schedule (Zeller and Hildebrandt's ddmin): the
 * run's steps up to the failing one are a schedule, which the code replays in the simulator ({@link Execution}); a
 * smaller schedule is kept if its run still fails validation, at a step of the same action. Before ddmin come the
 * coarse cuts a person would try: all the faults at once (crashes, recoveries, failures), then every step that names
 * one node. A step the code refuses in a smaller schedule is left out of it (it could not happen there), so removing
 * a crash does not strand its recovery. The failing step stays last throughout; the result is 1-minimal: leaving
 * out any one of its other steps makes the run pass (or fail elsewhere).
 */
public final class ScheduleShrinker {

    private final StateGraph graph;
    private final Validator validator;
    private final ProtocolAdapter adapter;
    private final ItfTrace run;
    private final String action;
    private int tests;

    private ScheduleShrinker(StateGraph graph, ProtocolAdapter adapter, ItfTrace run, Validator.Failure f) {
        this.graph = graph;
        this.validator = new Validator(graph);
        this.adapter = adapter;
        this.run = run;
        this.action = f.action().orElseThrow(() -> new IllegalArgumentException("a failure at a step")).action();
    }

    /** How many schedules the last shrink ran. */
    public int tests() {
        return tests;
    }

    public static Reproduction shrink(String model, String protocol, StateGraph g, ProtocolAdapter adapter,
                                      ItfTrace run, Validator.Failure f) {
        ScheduleShrinker s = new ScheduleShrinker(g, adapter, run, f);
        return s.shrink(model, protocol, f);
    }

    private Reproduction shrink(String model, String protocol, Validator.Failure f) {
        List<Label> schedule = new ArrayList<>(run.actions().subList(0, f.step()));
        Optional<ItfTrace> start = fails(schedule);
        if (start.isEmpty()) {
            throw new IllegalStateException(run.source() + ": its schedule, run in the simulator, does not fail at "
                    + action + " (a step the recorder saw differently?)");
        }
        List<Label> current = start.get().actions();
        current = cut(current, this::isFault);
        for (Object subject : subjects(current)) current = cut(current, l -> l.params().containsValue(subject));
        current = ddmin(current);
        ItfTrace last = fails(current).orElseThrow();
        Map<String, Object> before = last.states().get(last.steps() - 1);
        Label failing = last.actions().get(last.steps() - 1);
        Reproduction.Expected expected = specTarget(before, failing)
                .<Reproduction.Expected>map(Reproduction.Reaches::new).orElse(new Reproduction.Refused(before));
        List<Optional<Map<String, Object>>> hints = new ArrayList<>();
        for (int i = 0; i < last.steps(); i++) hints.add(Optional.empty());
        return new Reproduction(model, protocol, run.constants(), run.states().get(0), last.actions(), hints, expected,
                run.source() + " (" + f.step() + " steps to the failure, shrunk by delta debugging in " + tests
                        + " runs: " + last.steps() + ")");
    }

    /** The schedule without the steps {@code drop} matches (the failing step kept), if it still fails. */
    private List<Label> cut(List<Label> schedule, java.util.function.Predicate<Label> drop) {
        List<Label> rest = new ArrayList<>();
        for (int i = 0; i < schedule.size() - 1; i++) if (!drop.test(schedule.get(i))) rest.add(schedule.get(i));
        if (rest.size() == schedule.size() - 1) return schedule;
        rest.add(schedule.get(schedule.size() - 1));
        return fails(rest).map(ItfTrace::actions).orElse(schedule);
    }

    /** ddmin over all steps but the last, which stays. */
    private List<Label> ddmin(List<Label> schedule) {
        Label failing = schedule.get(schedule.size() - 1);
        List<Label> steps = new ArrayList<>(schedule.subList(0, schedule.size() - 1));
        if (!steps.isEmpty() && fails(with(List.of(), failing)).isPresent()) return with(List.of(), failing);
        int n = 2;
        while (steps.size() >= 2) {
            List<List<Label>> chunks = split(steps, Math.min(n, steps.size()));
            boolean reduced = false;
            for (List<Label> c : chunks) {
                if (chunks.size() < 2) break;
                Optional<ItfTrace> t = fails(with(c, failing));
                if (t.isPresent()) {
                    steps = without(t.get().actions());
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            for (int i = 0; !reduced && chunks.size() > 1 && i < chunks.size(); i++) {
                List<Label> complement = new ArrayList<>();
                for (int j = 0; j < chunks.size(); j++) if (j != i) complement.addAll(chunks.get(j));
                Optional<ItfTrace> t = fails(with(complement, failing));
                if (t.isPresent()) {
                    steps = without(t.get().actions());
                    n = Math.max(n - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (n >= steps.size()) break;
                n = Math.min(steps.size(), 2 * n);
            }
        }
        // ddmin stops at two steps; one of them may still go.
        for (int i = 0; steps.size() <= 2 && i < steps.size(); i++) {
            List<Label> one = new ArrayList<>(steps);
            one.remove(i);
            Optional<ItfTrace> t = fails(with(one, failing));
            if (t.isPresent()) {
                steps = without(t.get().actions());
                i = -1;
            }
        }
        return with(steps, failing);
    }

    private static List<Label> with(List<Label> steps, Label last) {
        List<Label> out = new ArrayList<>(steps);
        out.add(last);
        return out;
    }

    private static List<Label> without(List<Label> schedule) {
        return new ArrayList<>(schedule.subList(0, schedule.size() - 1));
    }

    private static List<List<Label>> split(List<Label> steps, int n) {
        List<List<Label>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int from = i * steps.size() / n, to = (i + 1) * steps.size() / n;
            if (to > from) out.add(steps.subList(from, to));
        }
        return out;
    }

    /**
     * The run of {@code schedule} up to its failure, if it fails validation at a step of the original failure's
     * action; that step is then its last.
     */
    private Optional<ItfTrace> fails(List<Label> schedule) {
        tests++;
        ItfTrace t = Execution.run(adapter, run.constants(), run.states().get(0), schedule, run.vars(), run.source());
        Optional<Validator.Failure> f = validator.validate(t, null);
        if (f.isEmpty() || f.get().step() < 1 || !f.get().action().map(Label::action).orElse("").equals(action)) {
            return Optional.empty();
        }
        int k = f.get().step();
        return Optional.of(Execution.trace(t.source(), t.constants(), t.vars(), t.states().subList(0, k + 1),
                t.actions().subList(0, k)));
    }

    /** The state the spec's {@code step} leads to from {@code before}, if the spec allows it there. */
    private Optional<Map<String, Object>> specTarget(Map<String, Object> before, Label step) {
        Integer s = graph.index().get(before);
        if (s == null) return Optional.empty();
        for (StateGraph.Edge e : graph.edges()) {
            if (e.from() == s && graph.labels().get(e.label()).equals(step)) return Optional.of(graph.states().get(e.to()));
        }
        return Optional.empty();
    }

    /** A crash, a recovery, a failure: what a fault injector does, not the protocol. */
    private boolean isFault(Label l) {
        String a = l.action();
        return a.contains("Crash") || a.contains("Recover") || a.contains("Fail") || a.contains("Stop");
    }

    /** The values the steps' parameters name (nodes, mostly), in order of appearance. */
    private static Set<Object> subjects(List<Label> schedule) {
        Set<Object> out = new LinkedHashSet<>();
        for (Label l : schedule) for (Object v : l.params().values()) if (v instanceof String) out.add(v);
        return out;
    }
}
