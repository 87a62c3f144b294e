package ddm.conformance.validate;

import ddm.commit.Nodes;
import ddm.conformance.BadInputException;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.Coverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Record N random threaded runs and validate every recorded trace against a model's graph; also validates given
 * traces. Collects failures (the first failing step of each failing trace), problems outside the steps (a transaction
 * that never finished, with the actions the spec still allowed from its last recorded state; a node that failed; a
 * log that disagrees with the recording), and coverage of the graph by the recorded steps.
 */
public final class ValidateRuns {

    /** What N runs (or a set of files) showed. {@code failing} holds the traces that failed, for writing out. */
    public record Result(int runs, Validator.Totals totals, Coverage coverage, List<Validator.Failure> failures,
                         List<String> problems, List<ItfTrace> failing, double runSeconds, double validateSeconds) {

        public boolean passed() {
            return failures.isEmpty() && problems.isEmpty();
        }

        /** Steps validated per second, in process (validation only, not the runs). */
        public double stepsPerSecond() {
            return validateSeconds == 0 ? 0 : totals.steps() / validateSeconds;
        }

        public String summary() {
            return String.format(Locale.ROOT,
                    "%d runs, %d traces, %d steps (%d stutters, %d unchecked): %d failed traces, %d other problems; "
                            + "coverage %s; runs %.1f s, validation %.3f s (%,.0f steps/s)",
                    runs, totals.traces(), totals.steps(), totals.stutters(), totals.unchecked(), failures.size(),
                    problems.size(), coverage.summary(), runSeconds, validateSeconds, stepsPerSecond());
        }
    }

    private final TraceChecker validator;
    private final Coverage coverage;
    private final List<Validator.Failure> failures = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<ItfTrace> failing = new ArrayList<>();
    private final List<ItfTrace> all = new ArrayList<>();
    private double validateSeconds;

    /** Validates in process against {@code graph}, every state of the model. */
    public ValidateRuns(StateGraph graph) {
        this(new Validator(graph), new Coverage(graph));
    }

    /** Validates with {@code checker} (e.g. through TLC), counting coverage in {@code coverage}. */
    public ValidateRuns(TraceChecker checker, Coverage coverage) {
        this.validator = checker;
        this.coverage = coverage;
    }

    public TraceChecker validator() {
        return validator;
    }

    /** Validates traces (files, or a run's); returns the failures among them. */
    public List<Validator.Failure> validate(List<ItfTrace> traces) {
        all.addAll(traces);
        long t0 = System.nanoTime();
        List<Validator.Failure> found = new ArrayList<>();
        for (ItfTrace t : traces) {
            Optional<Validator.Failure> f = validator.validate(t, coverage);
            if (f.isPresent()) {
                found.add(f.get());
                failing.add(t);
            }
        }
        validateSeconds += (System.nanoTime() - t0) / 1e9;
        failures.addAll(found);
        return found;
    }

    /** Every trace validated so far. */
    public List<ItfTrace> traces() {
        return List.copyOf(all);
    }

    /** The RMs of a 2PC model, from its constant RM. */
    public static List<String> rms(StateGraph graph) {
        if (!(graph.constants().get("RM") instanceof Set<?> rms)) {
            throw new BadInputException("the model has no constant RM: not a two-phase-commit model");
        }
        return new TreeSet<>(rms.stream().map(Object::toString).toList()).stream().toList();
    }

    /**
     * {@code runs} recorded runs of the 2PC runtime with {@code nodes}, seeds {@code seed}, {@code seed + 1}, ..., each
     * with up to the model's MaxCrashes crashes.
     */
    public Result commitRuns(Nodes nodes, int runs, long seed, long finishMillis) throws InterruptedException {
        Object max = validator.graph().constants().get("MaxCrashes");
        return commitRuns(nodes, runs, seed, finishMillis, max instanceof Long n ? Math.toIntExact(n) : 0);
    }

    /** As above, with up to {@code maxCrashes} crashes per run (0: none; more than MaxCrashes fails validation). */
    public Result commitRuns(Nodes nodes, int runs, long seed, long finishMillis, int maxCrashes)
            throws InterruptedException {
        return commitRuns(nodes, ddm.runtime.node.Effector.FORCE_THEN_SEND, runs, seed, finishMillis, maxCrashes,
                true);
    }

    /**
     * As above, the runtime's drivers performing effects in {@code effector}'s order, and with {@code crashesInside}
     * false every crash between two steps.
     */
    public Result commitRuns(Nodes nodes, ddm.runtime.node.Effector effector, int runs, long seed, long finishMillis,
                             int maxCrashes, boolean crashesInside) throws InterruptedException {
        List<String> rms = rms(validator.graph());
        Map<String, Object> constants = validator.graph().constants();
        return record(s -> CommitRuns.run(rms, nodes, effector, s, constants, maxCrashes, finishMillis,
                crashesInside), runs, seed, finishMillis, false);
    }

    /** One recorded threaded run, as {@link #record} reads it; each protocol's {@code Run} is one. */
    public interface RecordedRun {
        long seed();

        /** The run's settings (rates, delays, faults), printed with its problems. */
        Object settings();

        /** The run's traces: one per transaction for 2PC, one otherwise. */
        List<ItfTrace> traces();

        /** What went wrong outside the steps (a node that failed, a log that disagrees with the recording). */
        List<String> problems();

        /** What did not finish within the wait; empty when all did. */
        List<Unfinished> notFinished();
    }

    /**
     * A run recorded as one trace; {@code unfinished} is empty when the run finished within the wait, and otherwise
     * says what the runtime had reached when the wait ended.
     */
    public interface OneTrace extends RecordedRun {
        ItfTrace trace();

        String unfinished();

        @Override
        default List<ItfTrace> traces() {
            return List.of(trace());
        }

        @Override
        default List<Unfinished> notFinished() {
            return unfinished().isEmpty() ? List.of() : List.of(new Unfinished("the run", unfinished(), trace()));
        }
    }

    /**
     * Something a run did not finish within the wait ({@code what}: "tx 2", "the run"), with what the run
     * had reached ({@code detail}, may be empty), and the trace whose last state it stopped in.
     */
    public record Unfinished(String what, String detail, ItfTrace trace) {}

    /** Stops a run's runtime: its threads end, and a node's failure during the run is rethrown. */
    @FunctionalInterface
    interface Closer {
        void close() throws InterruptedException;
    }

    /**
     * Stops a run's runtime with {@code closer}; a node that failed during the run (the runtimes rethrow its failure
     * as IllegalStateException on close) is one of the run's problems, named {@code who} ("a node", "a process").
     */
    static void stop(Closer closer, String who, List<String> problems) throws InterruptedException {
        try {
            closer.close();
        } catch (IllegalStateException e) {
            problems.add(who + " failed: " + e.getCause());
        }
    }

    /** Makes one recorded run from its seed. */
    @FunctionalInterface
    public interface Runner {
        RecordedRun run(long seed) throws InterruptedException;
    }

    /**
     * {@code runs} runs from {@code runner}, seeds {@code seed}, {@code seed + 1}, ..., each recorded and validated.
     * A run's problems are kept with its seed and settings; what it did not finish within {@code finishMillis} is a
     * problem too, reported with the actions the spec still allowed from the last recorded state (a liveness bug's
     * only trace in this direction). With {@code untilCaught}, stops after the first run that fails validation (a
     * seeded bug's test needs one).
     */
    public Result record(Runner runner, int runs, long seed, long finishMillis, boolean untilCaught)
            throws InterruptedException {
        double runSeconds = 0;
        int done = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            RecordedRun run = runner.run(seed + i);
            runSeconds += (System.nanoTime() - t0) / 1e9;
            boolean caught = !validate(run.traces()).isEmpty();
            String where = "run seed " + run.seed() + " (" + run.settings() + "): ";
            run.problems().forEach(p -> problems.add(where + p));
            for (Unfinished u : run.notFinished()) {
                List<Map<String, Object>> states = u.trace().states();
                problems.add(where + u.what() + " did not finish within " + finishMillis + " ms"
                        + (u.detail().isEmpty() ? "" : " (" + u.detail() + ")")
                        + "; the spec allows from its last recorded state: "
                        + validator.allowed(states.get(states.size() - 1)));
            }
            done++;
            if (untilCaught && caught) break;
        }
        return result(done, runSeconds);
    }

    public Result result(int runs, double runSeconds) {
        return new Result(runs, validator.totals(), coverage, List.copyOf(failures), List.copyOf(problems),
                List.copyOf(failing), runSeconds, validateSeconds);
    }
}
