package ddm.conformance.validate;

import ddm.commit.DurableRecord;
import ddm.commit.Nodes;
import ddm.commit.TmState;
import ddm.conformance.itf.ItfTrace;
import ddm.log.MemoryLog;
import ddm.runtime.CommitRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Random threaded runs of {@link CommitRuntime}, recorded by {@link CommitRecorder}. A seed chooses each run's
 * settings (transactions in flight, mailbox capacity, timeout, batch size) and the RMs' votes; the threads choose the
 * timing, which no seed fixes: the same seed gives the same settings and votes, not the same interleaving. Small
 * mailboxes drop messages, short timeouts make the TM abort and prepared RMs ask, and one vote in about
 * {@code abortOneIn} is an abort.
 */
public final class CommitRuns {

    /** One run's settings, chosen from its seed. */
    public record Settings(int transactions, int mailboxCapacity, long timeoutMillis, int batchMax, int abortOneIn,
                           long submitGapMicros) {
        static Settings random(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            // Half the runs have mailboxes small enough to drop messages (so TMs time out and RMs ask), half room
            // enough that most transactions commit; transactions arrive together or spread out.
            return new Settings(3 + r.nextInt(6), r.nextBoolean() ? 2 + r.nextInt(4) : 16 + r.nextInt(48),
                    2 + r.nextInt(15), 1 + r.nextInt(3), 6 + r.nextInt(10), r.nextBoolean() ? 0 : r.nextInt(2000));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d tx %d us apart, mailbox %d, timeout %d ms, batch %d, abort votes 1/%d",
                    transactions, submitGapMicros, mailboxCapacity, timeoutMillis, batchMax, abortOneIn);
        }
    }

    /**
     * A recorded run: its seed and settings, one trace per transaction, and what went wrong outside the traces'
     * steps (a transaction that did not finish, a node that failed, a log that disagrees with the recording).
     */
    public record Run(long seed, Settings settings, List<ItfTrace> traces, List<Long> unfinished,
                      List<String> problems) {}

    private CommitRuns() {}

    /**
     * Runs the runtime once with {@code rms}, the nodes {@code nodes} builds, and the settings and votes of
     * {@code seed}; waits up to {@code finishMillis} for every transaction to finish, then stops the runtime.
     */
    public static Run run(List<String> rms, Nodes nodes, long seed, Map<String, Object> constants, long finishMillis)
            throws InterruptedException {
        CommitRecorder.advise();
        Settings s = Settings.random(seed);
        CommitRecorder recorder = new CommitRecorder(rms);
        Map<String, MemoryLog> logs = new LinkedHashMap<>();
        rms.forEach(r -> logs.put(r, new MemoryLog()));
        logs.put("tm", new MemoryLog());
        List<String> problems = new ArrayList<>();
        List<Long> unfinished = new ArrayList<>();
        Recording.start(recorder);
        try {
            CommitRuntime runtime = new CommitRuntime(rms, logs::get,
                    new CommitRuntime.Config(s.mailboxCapacity(), s.timeoutMillis(), s.batchMax()),
                    recorder.nodes(nodes),
                    (rm, tx) -> new SplittableRandom(seed * 1_000_003L + tx * 31L + rm.hashCode())
                            .nextInt(s.abortOneIn()) != 0);
            List<CompletableFuture<TmState>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < s.transactions(); i++) {
                    outcomes.add(runtime.submit());
                    if (s.submitGapMicros() > 0) LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(s.submitGapMicros()));
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(finishMillis);
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
            } finally {
                try {
                    runtime.close();
                } catch (IllegalStateException e) {
                    problems.add("a node failed: " + e.getCause());
                }
            }
        } finally {
            Recording.stop(recorder);
        }
        problems.addAll(recorder.logsAgree(n -> logs.get(n).readAll().stream().map(DurableRecord::decode).toList()));
        return new Run(seed, s, recorder.traces(constants, "run seed " + seed), unfinished, problems);
    }
}
