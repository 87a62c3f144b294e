package ddm.conformance.validate;

import ddm.commit.paxos.PaxosCommitRuntime;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosCommitSystem;
import ddm.commit.paxos.Vote;
import ddm.commit.TmState;
import ddm.conformance.adapters.PaxosCommitAdapter;
import ddm.conformance.events.RunLog;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.log.MemoryLog;
import ddm.sim.FaultPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Random threaded runs of {@link PaxosCommitRuntime}, recorded by {@link PaxosRecorder}, shaped to stay inside a
 * PaxosCommit model's bounds: its RMs, acceptors and ballots (the setup the conformance adapter builds from the
 * model's constants: RM, Acceptor, Ballot = 0..max, MaxDown, LeadersMayStop), one transaction per run (the spec's one),
 * at most MaxDown acceptor crashes and no recovery (the spec's crashes are forever), and a leader stop only where
 * LeadersMayStop allows it (never the top ballot's). A seed chooses each RM's vote (prepared, aborted, or none at all:
 * as if it failed before voting), how long its local work takes, when the leaders take over, and which acceptor
 * crashes when; the threads choose the interleaving.
 */
public final class PaxosRuns {

    /** One run's shape, drawn from its seed. {@code votes}: per RM "prepared", "aborted" or "none". */
    public record Settings(Map<String, String> votes, long workMicros, long takeoverMicros, long delayMicros,
                           String crash, long crashAfterMicros, boolean stopLeader1, FaultPoint crashInside) {

        static Settings random(long seed, PaxosCommitSimulation.Setup setup) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 29);
            Map<String, String> votes = new LinkedHashMap<>();
            for (String rm : setup.rms()) {
                votes.put(rm, new String[] {"none", "aborted", "prepared", "prepared"}[r.nextInt(4)]);
            }
            long work = r.nextLong(new long[] {1, 100, 1_000}[r.nextInt(3)]);
            long takeover = r.nextLong(new long[] {1, 300, 2_000}[r.nextInt(3)]);
            long delay = new long[] {0, 0, 30, 100, 300}[r.nextInt(5)];
            String crash = setup.maxDown() > 0 && r.nextBoolean()
                    ? setup.acceptors().get(r.nextInt(setup.acceptors().size())) : null;
            long after = r.nextLong(1_500);
            boolean stop = setup.leadersMayStop() && setup.maxBallot() > 1 && r.nextInt(3) == 0;
            // Drawn last, so that a seed keeps its earlier settings: the crash falls between the acceptor's steps, or
            // inside its next one, after the force (its promise or vote durable, its message never sent) or a send.
            int where = r.nextInt(3);
            return new Settings(votes, work, takeover, delay, crash, after, stop,
                    where == 0 ? null : where == 1 ? FaultPoint.AFTER_FORCE : FaultPoint.AFTER_SEND);
        }

        /** These settings with the crash, if any, between two steps. */
        Settings between() {
            return new Settings(votes, workMicros, takeoverMicros, delayMicros, crash, crashAfterMicros, stopLeader1,
                    null);
        }

        Vote vote(String rm) {
            return switch (votes.get(rm)) {
                case "prepared" -> Vote.PREPARED;
                case "aborted" -> Vote.ABORTED;
                default -> null;
            };
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "votes %s, work up to %d us, takeover after %d us per ballot, delays up "
                    + "to %d us, %s%s", votes, workMicros, takeoverMicros, delayMicros,
                    crash == null ? "no crash" : crash + " crashes after " + crashAfterMicros + " us"
                            + (crashInside == null ? "" : " inside a step, " + crashInside.label()),
                    stopLeader1 ? ", leader 1 stops" : "");
        }
    }

    /**
     * A recorded run: its seed and settings, its trace, what went wrong outside the trace's steps, and, if the
     * transaction was not decided by every RM within the wait, what the runtime had reached (else empty).
     */
    public record Run(long seed, Settings settings, ItfTrace trace, String unfinished, List<String> problems,
                      Optional<RunLog> log) implements ValidateRuns.OneTrace {}

    /** The runtime's setup for a PaxosCommit model, as the conformance adapter builds it from the constants. */
    public static PaxosCommitSimulation.Setup setup(StateGraph graph) {
        AtomicReference<PaxosCommitSimulation.Setup> setup = new AtomicReference<>();
        new PaxosCommitAdapter(s -> {
            setup.set(s);
            return new PaxosCommitSystem(s);
        }).start(graph.constants(), graph.states().get(graph.initial().get(0)));
        return setup.get();
    }

    private PaxosRuns() {}

    /**
     * Runs the runtime once on {@code setup} with nodes from {@code nodes} and the settings of {@code seed}; waits up
     * to {@code finishMillis} for every RM to decide, then stops the runtime (after the inputs already in its inboxes).
     * Recorded per node without a lock ({@link PaxosEvents}) when {@code perNode}, else under the lock.
     */
    public static Run run(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes, long seed,
                          Map<String, Object> constants, long finishMillis, boolean perNode)
            throws InterruptedException {
        return run(setup, nodes, PaxosCommitRuntime.Order.FORCE_THEN_SEND, seed, constants, finishMillis, true,
                perNode);
    }

    /**
     * As above, the nodes performing effects in {@code order}'s order (tests pass broken ones), and with
     * {@code crashesInside} false the crash, if any, falling between two steps.
     */
    public static Run run(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes,
                          PaxosCommitRuntime.Order order, long seed, Map<String, Object> constants, long finishMillis,
                          boolean crashesInside, boolean perNode) throws InterruptedException {
        PaxosRecorder.advise();
        Settings drawn = Settings.random(seed, setup);
        Settings s = crashesInside ? drawn : drawn.between();
        PaxosRecorder locked = perNode ? null : new PaxosRecorder(setup, PaxosCommitSystem.TX);
        PaxosEvents events = perNode ? new PaxosEvents(PaxosCommitSystem.TX) : null;
        Recording.Sink recorder = perNode ? events : locked;
        Map<String, MemoryLog> logs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String unfinished = "";
        Recording.start(recorder);
        try {
            PaxosCommitRuntime runtime = new PaxosCommitRuntime(setup, nodes,
                    n -> logs.computeIfAbsent(n, k -> new MemoryLog()),
                    new PaxosCommitRuntime.Config(s.takeoverMicros(), s.workMicros(), s.delayMicros(), seed),
                    (rm, tx) -> s.vote(rm), order);
            if (perNode) events.register(runtime, setup);
            else locked.register(runtime);
            try {
                long start = System.nanoTime();
                CompletableFuture<TmState> outcome = runtime.submit();
                if (s.crash() != null) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(s.crashAfterMicros()));
                    if (s.crashInside() == null) {
                        runtime.crash(s.crash());
                    } else {
                        runtime.crash(s.crash(), s.crashInside());
                    }
                }
                if (s.stopLeader1()) runtime.stopLeader(1);
                try {
                    outcome.get(finishMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    unfinished = "after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                            + " ms not every RM had decided";
                } catch (ExecutionException e) {
                    unfinished = "the transaction failed";
                    problems.add("the transaction failed: " + e.getCause());
                }
            } finally {
                ValidateRuns.stop(runtime::close, "a node", problems);
            }
        } finally {
            Recording.stop(recorder);
        }
        String source = "run seed " + seed;
        if (perNode) {
            problems.addAll(events.logsAgree(setup, n -> logs.containsKey(n) ? logs.get(n).readAll() : List.of()));
            return new Run(seed, s, null, unfinished, problems, Optional.of(events.log(source)));
        }
        problems.addAll(locked.logsAgree(n -> logs.containsKey(n) ? logs.get(n).readAll() : List.of()));
        return new Run(seed, s, locked.trace(constants, source), unfinished, problems, Optional.empty());
    }

    /**
     * {@code runs} recorded runs with nodes from {@code nodes}, seeds {@code seed}, {@code seed + 1}, ..., validated by
     * {@code v} ({@link ValidateRuns#record}).
     */
    public static ValidateRuns.Result runs(ValidateRuns v, PaxosCommitSimulation.Nodes nodes, int runs, long seed,
                                           long finishMillis) throws InterruptedException {
        StateGraph graph = v.validator().graph();
        PaxosCommitSimulation.Setup setup = setup(graph);
        return v.record(s -> run(setup, nodes, s, graph.constants(), finishMillis, v.perNode()), runs, seed,
                finishMillis, false);
    }

    /** As above, the nodes performing effects in {@code order}'s order, crashes inside steps or not. */
    public static ValidateRuns.Result runs(ValidateRuns v, PaxosCommitSimulation.Nodes nodes,
                                           PaxosCommitRuntime.Order order, int runs, long seed, long finishMillis,
                                           boolean crashesInside) throws InterruptedException {
        StateGraph graph = v.validator().graph();
        PaxosCommitSimulation.Setup setup = setup(graph);
        return v.record(s -> run(setup, nodes, order, s, graph.constants(), finishMillis, crashesInside,
                v.perNode()), runs, seed, finishMillis, false);
    }

    /** The standard nodes. */
    public static final PaxosCommitSimulation.Nodes STANDARD = PaxosCommitSimulation.STANDARD;
}
