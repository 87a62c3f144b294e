package ddm.conformance.validate;

import ddm.conformance.itf.ItfTrace;
import ddm.snapshot.SnapshotSimulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * N recorded threaded runs of the Chandy–Lamport runtime ({@link SnapshotRuns}), each one trace validated by a
 * {@link ValidateRuns} against a Chandy–Lamport model's graph. Problems outside the steps: a receive of a message not
 * in its channel, a process that failed, and a run whose snapshot did not finish (or whose channels did not empty)
 * within the wait, reported with the actions the spec still allowed from its last recorded state.
 */
public final class SnapshotValidation {

    private SnapshotValidation() {}

    /** {@code runs} recorded runs with {@code processes}, seeds {@code seed}, {@code seed + 1}, ... */
    public static ValidateRuns.Result runs(ValidateRuns v, SnapshotSimulation.ProcessFactory processes, int runs,
                                           long seed, long finishMillis) throws InterruptedException {
        SnapshotRuns.Bounds bounds = SnapshotRuns.Bounds.of(v.validator().graph());
        Map<String, Object> constants = v.validator().graph().constants();
        List<String> problems = new ArrayList<>();
        double runSeconds = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            SnapshotRuns.Run run = SnapshotRuns.run(bounds, processes, seed + i, constants, finishMillis);
            runSeconds += (System.nanoTime() - t0) / 1e9;
            v.validate(List.of(run.trace()));
            String where = "run seed " + run.seed() + " (" + run.settings() + "): ";
            run.problems().forEach(p -> problems.add(where + p));
            if (!run.finished()) {
                ItfTrace t = run.trace();
                problems.add(where + "the snapshot did not finish (or its channels did not empty) within "
                        + finishMillis + " ms: " + run.unfinished() + "; the spec allows from the last recorded state: "
                        + v.validator().allowed(t.states().get(t.states().size() - 1)));
            }
        }
        ValidateRuns.Result r = v.result(runs, runSeconds);
        List<String> all = new ArrayList<>(r.problems());
        all.addAll(problems);
        return new ValidateRuns.Result(r.runs(), r.totals(), r.coverage(), r.failures(), List.copyOf(all),
                r.failing(), r.runSeconds(), r.validateSeconds());
    }
}
