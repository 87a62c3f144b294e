package ddm.conformance.validate;

import ddm.conformance.BadInputException;
import ddm.conformance.events.RunLog;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.snapshot.BankProcess;
import ddm.snapshot.Channel;
import ddm.snapshot.GlobalSnapshot;
import ddm.snapshot.Graph;
import ddm.snapshot.SnapshotRuntime;
import ddm.snapshot.SnapshotSimulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Random threaded runs of {@link SnapshotRuntime}, recorded by {@link SnapshotRecorder}, shaped to stay inside a
 * Chandy–Lamport model's bounds: the model's graph (read off its initial state, as the conformance adapter does),
 * {@code InitBalance} as every process's balance, at most {@code MaxTransfers} transfers in the run (the runtime's
 * transfer budget), amounts up to the balance. Each run's seed chooses the transfer rate, which processes initiate
 * the snapshot and how long after the start.
 */
public final class SnapshotRuns {

    /** One run's shape: the processes' transfer rate (0: none), the initiators, and the delay before initiating. */
    public record Settings(double transfersPerSecond, List<String> initiators, long initiateDelayMicros) {

        static Settings random(long seed, List<String> processes) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
            double[] rates = {0, 1_000, 3_000, 10_000, 50_000, 200_000};
            List<String> initiators = new ArrayList<>();
            for (String p : processes) if (r.nextInt(3) == 0) initiators.add(p);
            if (initiators.isEmpty()) initiators.add(processes.get(r.nextInt(processes.size())));
            return new Settings(rates[r.nextInt(rates.length)], List.copyOf(initiators), r.nextLong(r.nextBoolean() ? 300 : 3_000));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f transfers/s, initiators %s after %d us", transfersPerSecond,
                    initiators, initiateDelayMicros);
        }
    }

    /**
     * A recorded run: its seed and settings, its trace, and what went wrong outside the trace's steps. {@code unfinished}
     * is empty when the snapshot finished and the channels emptied within the wait; otherwise it says what the runtime
     * had reached when the wait ended (which processes had reported their part, whether the channels were empty).
     */
    public record Run(long seed, Settings settings, ItfTrace trace, String unfinished, List<String> problems,
                      Optional<RunLog> log) implements ValidateRuns.OneTrace {}

    /** The model's shape: its graph, InitBalance and MaxTransfers. */
    public record Bounds(Graph graph, long initBalance, long maxTransfers) {

        /** From a Chandy–Lamport model's graph: its initial state and constants. */
        public static Bounds of(StateGraph model) {
            if (model.initial().isEmpty()) throw new BadInputException("the model has no initial state");
            Map<String, Object> init = model.states().get(model.initial().iterator().next());
            if (!(init.get("balance") instanceof Map<?, ?> balance) || !(init.get("chan") instanceof Map<?, ?> chan)
                    || !(model.constants().get("MaxTransfers") instanceof Long max)) {
                throw new BadInputException("not a Chandy–Lamport model (no balance, chan or MaxTransfers)");
            }
            TreeSet<String> procs = new TreeSet<>();
            balance.keySet().forEach(p -> procs.add(p.toString()));
            List<Channel> channels = new ArrayList<>();
            for (Object c : chan.keySet()) {
                List<?> pq = (List<?>) c;
                channels.add(new Channel(pq.get(0).toString(), pq.get(1).toString()));
            }
            long initBalance = (Long) balance.values().iterator().next();
            return new Bounds(Graph.of(procs, channels), initBalance, max);
        }
    }

    private SnapshotRuns() {}

    /**
     * Runs the runtime once inside {@code bounds} with processes built by {@code processes} and the settings of
     * {@code seed}; waits up to {@code finishMillis} for the snapshot to finish and the channels to empty, then stops
     * the runtime. Recorded per node without a lock ({@link SnapshotEvents}) when {@code perNode}, else under the lock.
     */
    public static Run run(Bounds bounds, SnapshotSimulation.ProcessFactory processes, long seed,
                          Map<String, Object> constants, long finishMillis, boolean perNode)
            throws InterruptedException {
        SnapshotRecorder.advise();
        Settings s = Settings.random(seed, new ArrayList<>(bounds.graph().processes()));
        SnapshotRecorder locked = perNode ? null : new SnapshotRecorder(bounds.graph());
        SnapshotEvents events = perNode ? new SnapshotEvents() : null;
        Recording.Sink recorder = perNode ? events : locked;
        java.util.function.BooleanSupplier quietNow = perNode ? events::quiet : locked::quiet;
        List<String> problems = new ArrayList<>();
        String unfinished = "";
        Recording.start(recorder);
        try {
            SnapshotRuntime runtime = new SnapshotRuntime(bounds.graph(),
                    new SnapshotRuntime.Config(bounds.initBalance(), s.transfersPerSecond(),
                            bounds.initBalance() * bounds.graph().processes().size(), seed),
                    perNode ? events.processes(processes) : locked.processes(processes), bounds.maxTransfers());
            try {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(s.initiateDelayMicros()));
                CompletableFuture<GlobalSnapshot> done = runtime.snapshot(s.initiators());
                long start = System.nanoTime();
                long deadline = start + TimeUnit.MILLISECONDS.toNanos(finishMillis);
                try {
                    try {
                        done.get(finishMillis, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // reported below, with what the runtime reached
                    }
                    // Transfers go on after the snapshot (up to the model's MaxTransfers), so the channels may fill
                    // again after they emptied: one moment with nothing in flight is what is waited for, and it is
                    // read once. Reading it again could see a later transfer and call a finished run unfinished.
                    boolean quiet;
                    while (!(quiet = quietNow.getAsBoolean()) && System.nanoTime() < deadline) Thread.sleep(1);
                    boolean finished = done.isDone();
                    if (!finished || !quiet) {
                        unfinished = String.format(Locale.ROOT, "after %d ms the snapshot %s and the recorded channels"
                                        + " %s (%s)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                                finished ? "had finished" : "had not finished",
                                quiet ? "were empty" : "were not empty", runtime.status());
                    }
                } catch (ExecutionException e) {
                    unfinished = "the snapshot failed";
                    problems.add("the snapshot failed: " + e.getCause());
                }
            } finally {
                ValidateRuns.stop(runtime::close, "a process", problems);
            }
        } finally {
            Recording.stop(recorder);
        }
        String source = "run seed " + seed;
        if (perNode) return new Run(seed, s, null, unfinished, problems, Optional.of(events.log(source)));
        problems.addAll(locked.problems());
        return new Run(seed, s, locked.trace(constants, source), unfinished, problems, Optional.empty());
    }

    /**
     * {@code runs} recorded runs with {@code processes}, seeds {@code seed}, {@code seed + 1}, ..., validated by
     * {@code v} ({@link ValidateRuns#record}) against a Chandy–Lamport model.
     */
    public static ValidateRuns.Result runs(ValidateRuns v, SnapshotSimulation.ProcessFactory processes, int runs,
                                           long seed, long finishMillis) throws InterruptedException {
        Bounds bounds = Bounds.of(v.validator().graph());
        Map<String, Object> constants = v.validator().graph().constants();
        return v.record(s -> run(bounds, processes, s, constants, finishMillis, v.perNode()), runs, seed,
                finishMillis, false);
    }

    /** The standard processes. */
    public static final SnapshotSimulation.ProcessFactory STANDARD = BankProcess::new;
}
