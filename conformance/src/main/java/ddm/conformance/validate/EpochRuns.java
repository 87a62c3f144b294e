package ddm.conformance.validate;

import ddm.conformance.adapters.EpochAlignmentAdapter;
import ddm.conformance.events.RunLog;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.epoch.Coordinator;
import ddm.epoch.EpochRuntime;
import ddm.epoch.EpochSimulation;
import ddm.epoch.MemoryCheckpointStore;
import ddm.epoch.Recovery;
import ddm.epoch.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Random threaded runs of {@link EpochRuntime}, recorded by {@link EpochRecorder}, shaped to stay inside an
 * EpochAlignment model's bounds: the dataflow is the model's (read off its initial state by
 * {@link EpochAlignmentAdapter}), each source emits the model's MaxRecords records, and the coordinator starts at
 * most MaxEpoch epochs. What varies with the seed is the channel capacity, when epochs start (a timer, every N
 * records, or both) and, in a model with MaxFailures above 0, whether and when the job fails: half the seeds fail
 * 1 .. MaxFailures times, each after a node step drawn from 1 .. {@link #FAIL_STEPS} (a FanIn run without failures
 * takes up to 20 node steps); the interleaving is the threads'.
 */
public final class EpochRuns {

    /** Failure points are drawn from node steps 1 .. this. */
    public static final int FAIL_STEPS = 18;

    /** One run's settings, drawn from its seed: the runtime's, and the node steps after which the job fails. */
    public record Settings(int capacity, long intervalMillis, long everyRecords, List<Long> failAtSteps) {
        static Settings random(long seed, int maxFailures) {
            SplittableRandom r = new SplittableRandom(seed);
            int capacity = new int[] {1, 2, 4, 64}[r.nextInt(4)];
            long interval = new long[] {0, 0, 1, 2}[r.nextInt(4)];
            long every = new long[] {0, 1, 1, 2, 3}[r.nextInt(5)];
            if (interval == 0 && every == 0) every = 1;
            List<Long> failAt = new ArrayList<>();
            if (maxFailures > 0 && r.nextBoolean()) {
                for (int i = 1 + r.nextInt(maxFailures); i > 0; i--) failAt.add(1L + r.nextInt(FAIL_STEPS));
                failAt.sort(null);
            }
            return new Settings(capacity, interval, every, List.copyOf(failAt));
        }

        EpochRuntime.Settings runtime() {
            return new EpochRuntime.Settings(capacity, intervalMillis, everyRecords, failAtSteps);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "capacity %d, epoch every %d ms / every %d records%s", capacity,
                    intervalMillis, everyRecords, failAtSteps.isEmpty() ? "" : ", failing after node steps "
                    + failAtSteps);
        }
    }

    /**
     * A recorded run: its seed and settings, its trace, whether it finished within the wait (as
     * {@link ValidateRuns.OneTrace} says), and what went wrong outside the trace's steps.
     */
    public record Run(long seed, Settings settings, ItfTrace trace, String unfinished, List<String> problems,
                      Optional<RunLog> log) implements ValidateRuns.OneTrace {}

    /** The model's dataflow, inputs and MaxEpoch, as the epoch adapter builds its simulation for the model. */
    public static EpochSimulation.Config config(StateGraph graph) {
        AtomicReference<EpochSimulation.Config> config = new AtomicReference<>();
        new EpochAlignmentAdapter(1, 0, c -> {
            config.set(c);
            return new EpochSimulation(c);
        }).start(graph.constants(), graph.states().get(graph.initial().get(0)));
        return config.get();
    }

    private EpochRuns() {}

    /**
     * Runs the runtime once on {@code config}'s dataflow and inputs, with tasks from {@code tasks}, recovery from
     * {@code recovery} and the settings of {@code seed} (at most {@code config.maxFailures()} failures); waits up to
     * {@code finishMillis} for it to finish. Recorded per node without a lock ({@link EpochEvents}) when
     * {@code perNode}, else under the lock.
     */
    public static Run run(EpochSimulation.Config config, EpochSimulation.TaskFactory tasks, Recovery.Factory recovery,
                          long seed, Map<String, Object> constants, long finishMillis, boolean perNode)
            throws InterruptedException {
        return run(config, tasks, recovery, Coordinator::new, seed, constants, finishMillis, perNode);
    }

    /** As the above, with the coordinator from {@code coordinators} (how a test seeds a bug in its bookkeeping). */
    public static Run run(EpochSimulation.Config config, EpochSimulation.TaskFactory tasks, Recovery.Factory recovery,
                          Coordinator.Factory coordinators, long seed, Map<String, Object> constants,
                          long finishMillis, boolean perNode) throws InterruptedException {
        EpochRecorder.advise();
        Settings s = Settings.random(seed, config.maxFailures());
        EpochRecorder locked = perNode ? null : new EpochRecorder(config.dataflow(), config.maxEpoch());
        EpochEvents events = perNode ? new EpochEvents(config.dataflow(), config.maxEpoch()) : null;
        Recording.Sink recorder = perNode ? events : locked;
        java.util.function.Consumer<Object> built = perNode ? events::built : locked::built;
        MemoryCheckpointStore store = new MemoryCheckpointStore();
        List<String> problems = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread runner;
        boolean finished;
        Recording.start(recorder);
        try {
            EpochRuntime runtime = new EpochRuntime(config.dataflow(), config.input(), s.runtime(), store,
                    new EpochRuntime.Hooks(config.maxEpoch(), tasks, built, recovery, coordinators));
            runner = new Thread(() -> {
                try {
                    runtime.run();
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "epoch-run-" + seed);
            runner.setDaemon(true);
            runner.start();
            runner.join(finishMillis);
            finished = !runner.isAlive();   // read once: the store is compared only if the run had ended by then
        } finally {
            Recording.stop(recorder);
        }
        if (failed.get() != null) problems.add("the run failed: " + failed.get());
        String source = "run seed " + seed, unfinished = finished ? "" : "the runtime was still running";
        if (perNode) {
            if (finished) problems.addAll(events.storeAgrees(store));
            return new Run(seed, s, null, unfinished, problems, Optional.of(events.log(source)));
        }
        problems.addAll(locked.problems());
        if (finished) problems.addAll(locked.storeAgrees(store));
        return new Run(seed, s, locked.trace(constants, source), unfinished, problems, Optional.empty());
    }

    /**
     * {@code runs} recorded runs with tasks from {@code tasks}, seeds {@code seed}, {@code seed + 1}, ..., validated
     * by {@code v}; the result's problems add those outside the steps (a run that did not finish or failed, a task
     * that took a message not at the recorded head of its channel, a store that disagrees with the recording).
     */
    public static ValidateRuns.Result runs(ValidateRuns v, EpochSimulation.TaskFactory tasks, int runs, long seed,
                              long finishMillis) throws InterruptedException {
        return runs(v, tasks, Recovery::new, runs, seed, finishMillis, false);
    }

    /**
     * As {@link #runs(ValidateRuns, EpochSimulation.TaskFactory, int, long, long)}, with recovery from
     * {@code recovery}; with {@code untilCaught}, stops after the first run that fails validation (a seeded bug's
     * test needs one).
     */
    public static ValidateRuns.Result runs(ValidateRuns v, EpochSimulation.TaskFactory tasks,
                                           Recovery.Factory recovery, int runs, long seed, long finishMillis,
                                           boolean untilCaught) throws InterruptedException {
        return runs(v, tasks, recovery, Coordinator::new, runs, seed, finishMillis, untilCaught);
    }

    /** As the above, with the coordinator from {@code coordinators}. */
    public static ValidateRuns.Result runs(ValidateRuns v, EpochSimulation.TaskFactory tasks,
                                           Recovery.Factory recovery, Coordinator.Factory coordinators, int runs,
                                           long seed, long finishMillis, boolean untilCaught)
            throws InterruptedException {
        StateGraph graph = v.validator().graph();
        EpochSimulation.Config config = config(graph);
        return v.record(s -> run(config, tasks, recovery, coordinators, s, graph.constants(), finishMillis,
                v.perNode()), runs,
                seed, finishMillis, untilCaught);
    }

    /** The standard tasks. */
    public static final EpochSimulation.TaskFactory STANDARD = Task::new;
}
