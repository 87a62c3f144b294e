package ddm.conformance.validate;

import ddm.commit.Nodes;
import ddm.conformance.BadInputException;
import ddm.conformance.events.EventModel;
import ddm.conformance.events.EventValidator;
import ddm.conformance.events.LinearizationSearch;
import ddm.conformance.events.RunLog;
import ddm.conformance.events.SpecOracle;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.replay.Coverage;
import ddm.trace.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Record N random threaded runs and validate them against a model's graph; also validates given traces. A run is
 * recorded one of two ways. Under the recording lock ({@link #ValidateRuns(StateGraph)}), as one linearized trace per
 * instance, each step checked against the spec in the order the lock gave. Or per node ({@link #perNode}), with no
 * lock shared by the nodes, as each node's own log with vector clocks, checked by a search for an order consistent
 * with happens-before that is a behaviour of the spec ({@link EventValidator}). Collects failures (the first failing
 * step of each failing trace; each rejected run's frontier), problems outside the steps (a transaction that never
 * finished, with the actions the spec still allowed from its last state; a node that failed; a log that disagrees
 * with the recording), and coverage of the graph by the recorded steps.
 */
public final class ValidateRuns {

    /** What N runs (or a set of files) showed. {@code failing} holds the traces that failed, for writing out. */
    public record Result(int runs, Validator.Totals totals, Coverage coverage, List<Validator.Failure> failures,
                         List<String> problems, List<ItfTrace> failing, double runSeconds, double validateSeconds,
                         List<String> rejected, List<RunLog> rejectedLogs, List<EventValidator.Verdict> verdicts,
                         String perNode) {

        public boolean passed() {
            return failures.isEmpty() && problems.isEmpty() && rejected.isEmpty();
        }

        /** Steps validated per second, in process (validation only, not the runs). */
        public double stepsPerSecond() {
            return validateSeconds == 0 ? 0 : totals.steps() / validateSeconds;
        }

        public String summary() {
            if (perNode != null) {
                return String.format(Locale.ROOT, "%d runs recorded per node, no lock: %s; %d rejected runs, %d other "
                                + "problems; coverage %s; runs %.1f s, validation %.3f s", runs, perNode,
                        rejected.size(), problems.size(), coverage.summary(), runSeconds, validateSeconds);
            }
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
    private final List<String> rejected = new ArrayList<>();
    private final List<RunLog> rejectedLogs = new ArrayList<>();
    private final List<RunLog> logs = new ArrayList<>();
    private final List<EventValidator.Verdict> verdicts = new ArrayList<>();
    private final EventValidator events;
    private final TlcValidator eventsThroughTlc;
    private final EventModel model;
    private final Level level;
    private final SpecOracle oracle;
    private final List<Map<String, Object>> ends = new ArrayList<>();
    private double validateSeconds;

    /** Validates in process against {@code graph}, every state of the model; runs are recorded under the lock. */
    public ValidateRuns(StateGraph graph) {
        this(new Validator(graph), new Coverage(graph));
    }

    /** Validates with {@code checker} (e.g. through TLC), counting coverage in {@code coverage}; locked recording. */
    public ValidateRuns(TraceChecker checker, Coverage coverage) {
        this(checker, coverage, null, null, null, null, Level.VARS);
    }

    private ValidateRuns(TraceChecker checker, Coverage coverage, SpecOracle oracle, EventValidator events,
                         TlcValidator eventsThroughTlc, EventModel model, Level level) {
        this.validator = checker;
        this.coverage = coverage;
        this.oracle = oracle;
        this.events = events;
        this.eventsThroughTlc = eventsThroughTlc;
        this.model = model;
        this.level = level;
    }

    /**
     * Validates against {@code graph} runs recorded per node, without a lock, each run's logs cut down to
     * {@code level} before the search; {@code model} is the protocol's {@link EventModel}.
     */
    public static ValidateRuns perNode(StateGraph graph, EventModel model, Level level) {
        SpecOracle oracle = SpecOracle.of(graph);
        return new ValidateRuns(new Validator(graph), new Coverage(graph), oracle,
                new EventValidator(oracle, model, SEARCH_BUDGET), null, model, level);
    }

    /**
     * Validates runs recorded per node through TLC, for a model too large to enumerate: the search runs in TLC's
     * child JVM, with TLC's next-state relation as the spec; coverage is counted by value.
     */
    public static ValidateRuns perNode(TlcValidator viaTlc, EventModel model, Level level, Coverage coverage) {
        return new ValidateRuns(viaTlc, coverage, null, null, viaTlc, model, level);
    }

    /** Search states per instance before a per-node validation gives up (a passing run needs about one per event). */
    public static final long SEARCH_BUDGET = 2_000_000;

    /** Whether runs are to be recorded per node (no lock); each protocol's runs record accordingly. */
    public boolean perNode() {
        return model != null;
    }

    /** The logging level per-node runs are validated at. */
    public Level level() {
        return level;
    }

    /**
     * What each logging level still shows of the runs recorded so far (per-node mode): {@link Detection}'s row for
     * them, named {@code name}.
     */
    public Detection.Row detection(String name) {
        return Detection.rates(name, logs, events);
    }

    /** The spec state each accepted instance of each per-node run ended in (its accepted order's last state). */
    public List<Map<String, Object>> finalStates() {
        List<Map<String, Object>> out = new ArrayList<>(ends);
        for (EventValidator.Verdict v : verdicts) {
            for (LinearizationSearch.Result r : v.instances()) {
                if (!r.accepted()) continue;
                int at = r.path().isEmpty() ? oracle.initial().get(0) : r.path().get(r.path().size() - 1).target();
                out.add(oracle.state(at));
            }
        }
        return out;
    }

    /** What the spec allows from {@code state}, by action (in process only). */
    public List<Label> allowed(Map<String, Object> state) {
        return validator.allowed(state);
    }

    /** The per-node logs of every run recorded so far (per-node mode). */
    public List<RunLog> logs() {
        return List.copyOf(logs);
    }

    /** Validates one run's per-node logs; returns whether they were accepted. */
    public boolean validate(RunLog log) {
        logs.add(log);
        long t0 = System.nanoTime();
        if (eventsThroughTlc != null) {
            TlcValidator.EventVerdict tv = eventsThroughTlc.validate(EventValidator.at(log, level, model), model,
                    SEARCH_BUDGET, coverage);
            validateSeconds += (System.nanoTime() - t0) / 1e9;
            tlcEvents += log.size();
            tlcSearched += tv.searched();
            ends.addAll(tv.ends());
            if (!tv.passed()) {
                rejected.add(tv.report());
                rejectedLogs.add(log);
            }
            return tv.passed();
        }
        EventValidator.Verdict v;
        if (given) {
            // Logs from elsewhere (a cluster of processes): named as the model names its nodes, each node's crashes
            // after its last step in a transaction left out of it, and the transactions beyond the model's bounds
            // counted, not searched (ClusterLogs).
            log = ClusterLogs.named(log, ClusterLogs.names(log.nodes().keySet(), validator.graph().constants()));
            v = events.validate(events.at(log, level), coverage,
                    ClusterLogs.bounds(validator.graph().constants(), model), true);
        } else {
            v = events.validate(events.at(log, level), coverage);
        }
        validateSeconds += (System.nanoTime() - t0) / 1e9;
        if (!v.passed()) {
            // TLC's explanation searches the whole run as it is: only where no instance was left out.
            rejected.add(explainer == null || !v.beyond().isEmpty() ? events.report(v)
                    : explainer.apply(events.at(log, level)));
            rejectedLogs.add(log);
        }
        lastVerdict = v;
        verdicts.add(v);
        return v.passed();
    }

    private EventValidator.Verdict lastVerdict;
    private boolean given;

    /**
     * The per-node runs validated from now on were logged elsewhere, by node processes ({@code validate --logs}):
     * see {@link ClusterLogs}. Runs this class records are named as the model, within its bounds, and stay as they
     * are.
     */
    public ValidateRuns givenLogs() {
        this.given = true;
        return this;
    }
    private java.util.function.Function<RunLog, String> explainer;

    /**
     * Rejected runs are explained again by {@code explainer} (the same search through TLC, which can also say which
     * guard of an action the spec refused is false), its report replacing the in-process one.
     */
    public void explainRejectionsWith(java.util.function.Function<RunLog, String> explainer) {
        this.explainer = explainer;
    }
    private long tlcEvents, tlcSearched;

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
     * with up to the model's MaxCrashes crashes; recorded per node or under the lock, as this validation is.
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
                crashesInside, perNode()), runs, seed, finishMillis, false);
    }

    /** One recorded threaded run, as {@link #record} reads it; each protocol's {@code Run} is one. */
    public interface RecordedRun {
        long seed();

        /** The run's settings (rates, delays, faults), printed with its problems. */
        Object settings();

        /** The run's traces: one per transaction for 2PC, one otherwise (none when it was recorded per node). */
        List<ItfTrace> traces();

        /** The run's per-node logs, when it was recorded per node. */
        default Optional<RunLog> log() {
            return Optional.empty();
        }

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
        /** The run's trace; null when it was recorded per node. */
        ItfTrace trace();

        String unfinished();

        @Override
        default List<ItfTrace> traces() {
            return trace() == null ? List.of() : List.of(trace());
        }

        @Override
        default List<Unfinished> notFinished() {
            return unfinished().isEmpty() ? List.of()
                    : List.of(new Unfinished("the run", unfinished(), trace(), "run"));
        }
    }

    /**
     * Something a run did not finish within the wait ({@code what}: "tx 2", "the run"), with what the run
     * had reached ({@code detail}, may be empty), the trace whose last state it stopped in (null for a run recorded
     * per node), and the instance it is in the per-node logs ("2", "run").
     */
    public record Unfinished(String what, String detail, ItfTrace trace, String instance) {}

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
            boolean caught = run.log().isPresent() ? !validate(run.log().get()) : !validate(run.traces()).isEmpty();
            String where = "run seed " + run.seed() + " (" + run.settings() + "): ";
            run.problems().forEach(p -> problems.add(where + p));
            for (Unfinished u : run.notFinished()) {
                problems.add(where + u.what() + " did not finish within " + finishMillis + " ms"
                        + (u.detail().isEmpty() ? "" : " (" + u.detail() + ")")
                        + "; the spec allows from its last " + (u.trace() == null ? "state: " + allowedAtEnd(u)
                        : "recorded state: " + validator.allowed(last(u.trace().states()))));
            }
            done++;
            if (untilCaught && caught) break;
        }
        return result(done, runSeconds);
    }

    private static Map<String, Object> last(List<Map<String, Object>> states) {
        return states.get(states.size() - 1);
    }

    /** What the spec allows at the end of the order the last per-node validation accepted for {@code u}'s instance. */
    private String allowedAtEnd(Unfinished u) {
        if (eventsThroughTlc != null) {
            return ends.isEmpty() ? "unknown" : validator.allowed(ends.get(ends.size() - 1)).toString();
        }
        if (lastVerdict == null) return "unknown";
        for (LinearizationSearch.Result r : lastVerdict.instances()) {
            if (!r.instance().equals(u.instance())) continue;
            if (!r.accepted()) return "unknown (its logs were rejected)";
            int at = r.path().isEmpty() ? oracle.initial().get(0) : r.path().get(r.path().size() - 1).target();
            return oracle.next(at).stream().map(SpecOracle.Step::label).map(Label::toString).distinct().sorted()
                    .toList().toString();
        }
        return "unknown (no events of it)";
    }

    public Result result(int runs, double runSeconds) {
        return new Result(runs, validator.totals(), coverage, List.copyOf(failures), List.copyOf(problems),
                List.copyOf(failing), runSeconds, validateSeconds, List.copyOf(rejected), List.copyOf(rejectedLogs),
                List.copyOf(verdicts), events != null ? events.totals() : eventsThroughTlc == null ? null
                : String.format(Locale.ROOT, "%,d runs, %,d events, through TLC; %,d search states", logs.size(),
                tlcEvents, tlcSearched));
    }
}
