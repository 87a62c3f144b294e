package ddm.conformance.validate;

import ddm.commit.DurableRecord;
import ddm.commit.Nodes;
import ddm.commit.TmState;
import ddm.conformance.events.RunLog;
import ddm.conformance.itf.ItfTrace;
import ddm.log.MemoryLog;
import ddm.runtime.CommitRuntime;
import ddm.runtime.node.Effector;
import ddm.runtime.node.StepLog;
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
import java.util.concurrent.locks.LockSupport;

/**
 * Random threaded runs of {@link CommitRuntime}, recorded by {@link CommitRecorder}. A seed chooses each run's
 * settings (transactions in flight, mailbox capacity, timeout, batch size, crashes) and the RMs' votes; the threads
 * choose the timing, which no seed fixes: the same seed gives the same settings and votes, not the same interleaving.
 * Small mailboxes drop messages, short timeouts make the TM abort and prepared RMs ask, and one vote in about
 * {@code abortOneIn} is an abort.
 *
 * <p>Crashes. A run crashes up to MaxCrashes nodes (the model's bound, per run: each transaction's trace runs to the
 * end of the run and so holds every crash after its start). Each crash names a node, the transaction after whose
 * submission it comes, and a delay, so it falls while transactions are in flight; the crashes after one submission
 * form an episode: their nodes go down together (a node crashed twice in one episode recovers in between), stay down
 * {@code downMillis}, and are all up again before the next submission, so that no transaction begins with a node down
 * (the spec's Init has every node up). A crash falls between two of the node's steps, or inside one: after its force
 * (its records durable, its messages never sent) or after one of its sends, as a process can die. The spec's atomic
 * step is what a correct driver makes look atomic; validation of these runs checks that it does.
 */
public final class CommitRuns {

    /**
     * A crash of {@code node} ("tm" or an RM) {@code delayMillis} after transaction {@code afterTx} (1-based) is
     * submitted: at once, the node has just begun it; later, earlier transactions may have been decided.
     */
    public record Crash(String node, int afterTx, long delayMillis, FaultPoint inside) {
        @Override
        public String toString() {
            return node + " " + delayMillis + " ms after tx " + afterTx + (inside == null ? ""
                    : " inside a step, " + inside.label());
        }
    }

    /** One run's settings, chosen from its seed. */
    public record Settings(int transactions, int mailboxCapacity, long timeoutMillis, int batchMax, int abortOneIn,
                           long submitGapMicros, List<Crash> crashes, long downMillis) {
        /** The settings of {@code seed}, with up to {@code maxCrashes} crashes of the TM or one of {@code rms}. */
        static Settings random(long seed, List<String> rms, int maxCrashes) {
            SplittableRandom r = new SplittableRandom(seed);
            // Half the runs have mailboxes small enough to drop messages (so TMs time out and RMs ask), half room
            // enough that most transactions commit; transactions arrive together or spread out.
            int transactions = 3 + r.nextInt(6);
            int mailbox = r.nextBoolean() ? 2 + r.nextInt(4) : 16 + r.nextInt(48);
            long timeout = 2 + r.nextInt(15);
            int batch = 1 + r.nextInt(3);
            int abortOneIn = 6 + r.nextInt(10);
            long gap = r.nextBoolean() ? 0 : r.nextInt(2000);
            // Drawn after the settings above, so that a seed keeps the settings it had before crashes existed. A
            // crash waits up to half a timeout (transactions before it may decide meanwhile), and a node stays down up
            // to half a timeout (the others' timeouts may fire meanwhile): more would only make the runs slower.
            List<Crash> crashes = new ArrayList<>();
            int n = maxCrashes == 0 ? 0 : r.nextInt(maxCrashes + 1);
            for (int i = 0; i < n; i++) {
                int who = r.nextInt(rms.size() + 1);
                crashes.add(new Crash(who == rms.size() ? "tm" : rms.get(who), 1 + r.nextInt(transactions),
                        r.nextLong(timeout / 2 + 1), null));
            }
            crashes.sort(java.util.Comparator.comparingInt(Crash::afterTx));
            long down = r.nextLong(timeout / 2 + 1);
            // Where each crash falls, drawn last (a seed keeps its earlier settings): between two steps, or inside
            // one, after its force (its records durable, its messages lost) or after one of its sends. Not after an
            // append: the recorder takes a step as done when its action returns, so a step whose records a crash
            // then drops would be recorded as taken and recovered as not taken.
            List<Crash> placed = new ArrayList<>();
            for (Crash c : crashes) {
                int where = r.nextInt(3);
                placed.add(new Crash(c.node(), c.afterTx(), c.delayMillis(),
                        where == 0 ? null : where == 1 ? FaultPoint.AFTER_FORCE : FaultPoint.AFTER_SEND));
            }
            return new Settings(transactions, mailbox, timeout, batch, abortOneIn, gap, List.copyOf(placed), down);
        }

        /** These settings with every crash between two steps. */
        Settings between() {
            return new Settings(transactions, mailboxCapacity, timeoutMillis, batchMax, abortOneIn, submitGapMicros,
                    crashes.stream().map(c -> new Crash(c.node(), c.afterTx(), c.delayMillis(), null)).toList(),
                    downMillis);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d tx %d us apart, mailbox %d, timeout %d ms, batch %d, abort votes 1/%d",
                    transactions, submitGapMicros, mailboxCapacity, timeoutMillis, batchMax, abortOneIn)
                    + (crashes.isEmpty() ? ", no crash" : ", crash " + crashes + ", down " + downMillis + " ms");
        }
    }

    /**
     * A recorded run: its seed and settings, one trace per transaction, and what went wrong outside the traces'
     * steps (a transaction that did not finish, a node that failed, a log that disagrees with the recording).
     */
    public record Run(long seed, Settings settings, List<ItfTrace> traces, List<Long> unfinished,
                      List<String> problems, Optional<RunLog> log) implements ValidateRuns.RecordedRun {

        /** Each unfinished transaction, with the trace it stopped in (none when recorded per node). */
        @Override
        public List<ValidateRuns.Unfinished> notFinished() {
            return unfinished.stream().map(tx -> new ValidateRuns.Unfinished("tx " + tx, "", traces.stream()
                    .filter(t -> t.source().endsWith(" tx " + tx)).findFirst().orElse(null), String.valueOf(tx)))
                    .toList();
        }
    }

    private CommitRuns() {}

    /**
     * Runs the runtime once with {@code rms}, the nodes {@code nodes} builds, and the settings and votes of
     * {@code seed}, with up to {@code maxCrashes} crashes; waits up to {@code finishMillis} from the first submission
     * for every crash and recovery to happen and every transaction to finish, then stops the runtime. Recorded per
     * node without a lock ({@link CommitEvents}) when {@code perNode}, else under the lock ({@link CommitRecorder}).
     */
    public static Run run(List<String> rms, Nodes nodes, long seed, Map<String, Object> constants, int maxCrashes,
                          long finishMillis, boolean perNode) throws InterruptedException {
        return run(rms, nodes, Effector.FORCE_THEN_SEND, seed, constants, maxCrashes, finishMillis, true, perNode);
    }

    /**
     * As above, the drivers performing effects in {@code effector}'s order (tests pass broken ones), and with
     * {@code crashesInside} false every crash falling between two steps (as all did before crashes inside steps).
     */
    public static Run run(List<String> rms, Nodes nodes, Effector effector, long seed, Map<String, Object> constants,
                          int maxCrashes, long finishMillis, boolean crashesInside, boolean perNode)
            throws InterruptedException {
        CommitRecorder.advise();
        Settings drawn = Settings.random(seed, rms, maxCrashes);
        Settings s = crashesInside ? drawn : drawn.between();
        CommitRecorder locked = perNode ? null : new CommitRecorder(rms);
        CommitEvents events = perNode ? new CommitEvents() : null;
        Recording.Sink recorder = perNode ? events : locked;
        Map<String, MemoryLog> logs = new LinkedHashMap<>();
        rms.forEach(r -> logs.put(r, new MemoryLog()));
        logs.put("tm", new MemoryLog());
        List<String> problems = new ArrayList<>();
        List<Long> unfinished = new ArrayList<>();
        Recording.start(recorder);
        try {
            CommitRuntime runtime = new CommitRuntime(rms, logs::get,
                    new CommitRuntime.Config(s.mailboxCapacity(), s.timeoutMillis(), s.batchMax()),
                    perNode ? events.nodes(nodes) : locked.nodes(nodes),
                    (rm, tx) -> new SplittableRandom(seed * 1_000_003L + tx * 31L + rm.hashCode())
                            .nextInt(s.abortOneIn()) != 0, effector, node -> StepLog.NONE);
            List<CompletableFuture<TmState>> outcomes = new ArrayList<>();
            try {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(finishMillis);
                for (int i = 0; i < s.transactions(); i++) {
                    outcomes.add(runtime.submit());
                    episode(runtime, s, i + 1, deadline);
                    if (s.submitGapMicros() > 0) LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(s.submitGapMicros()));
                }
                for (int i = 0; i < outcomes.size(); i++) {
                    try {
                        outcomes.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        unfinished.add(i + 1L);
                    } catch (ExecutionException e) {
                        problems.add("tx " + (i + 1) + " failed: " + e.getCause());
                    }
                }
            } catch (IllegalStateException e) {
                problems.add("the runtime refused a transaction: " + e.getMessage());
            } catch (TimeoutException | ExecutionException e) {
                problems.add("a crash or recovery did not happen: " + e);
            } finally {
                ValidateRuns.stop(runtime::close, "a node", problems);
            }
        } finally {
            Recording.stop(recorder);
        }
        java.util.function.Function<String, List<DurableRecord>> records =
                n -> logs.get(n).readAll().stream().map(DurableRecord::decode).toList();
        String source = "run seed " + seed;
        if (perNode) {
            problems.addAll(events.logsAgree(records));
            return new Run(seed, s, List.of(), unfinished, problems, Optional.of(events.log(source)));
        }
        problems.addAll(locked.logsAgree(records));
        List<ItfTrace> traces = locked.traces(constants, source);
        // A transaction no node began within the wait (a machine busy enough to starve the node threads) has no
        // trace to show where it stopped: it is a problem of the run, not a trace that stopped.
        for (Long tx : List.copyOf(unfinished)) {
            if (traces.stream().noneMatch(t -> t.source().endsWith(" tx " + tx))) {
                unfinished.remove(tx);
                problems.add("tx " + tx + " was begun at no node within " + finishMillis + " ms");
            }
        }
        return new Run(seed, s, traces, unfinished, problems, Optional.empty());
    }

    /** The crashes after transaction {@code tx}'s submission: down together for downMillis, then all recovered. */
    private static void episode(CommitRuntime runtime, Settings s, int tx, long deadline)
            throws InterruptedException, TimeoutException, ExecutionException {
        List<String> down = new ArrayList<>();
        for (Crash c : s.crashes()) {
            if (c.afterTx() != tx) continue;
            if (down.remove(c.node())) await(runtime.recover(c.node()), deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(c.delayMillis()));
            await(c.inside() == null ? runtime.crash(c.node()) : runtime.crash(c.node(), c.inside()), deadline);
            down.add(c.node());
        }
        if (down.isEmpty()) return;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(s.downMillis()));
        for (String n : down) await(runtime.recover(n), deadline);
    }

    private static void await(CompletableFuture<Void> f, long deadline)
            throws InterruptedException, TimeoutException, ExecutionException {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
