package ddm.conformance.validate;

import ddm.commit.Nodes;
import ddm.commit.TmState;
import ddm.conformance.events.EventValidator;
import ddm.conformance.events.RunLog;
import ddm.conformance.events.SpecOracle;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.log.MemoryLog;
import ddm.runtime.CommitRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How validation's cost grows with a run's length, and what per-node logs cost against the recording lock: long
 * threaded 2PC runs (no crashes) of about 1,000, 10,000 and 100,000 steps, recorded per node and, separately, under the
 * lock, each validated several times; the median time per run length is printed, with the cost per step relative to
 * the shortest run (1.0 is linear) and the per-node search's time against the locked step-by-step check of a run as
 * long. A benchmark: it measures, and never fails on a number.
 */
public final class Scaling {

    private Scaling() {}

    /** Steps per transaction of a committed 2PC transaction with 3 RMs, as logged: about 11 (TM 5, RMs 2 each). */
    private static final int STEPS_PER_TX = 11;

    /** One long run of {@code transactions}, submitted in windows of 64; recorded per node or under the lock. */
    static Object record(List<String> rms, int transactions, boolean perNode, Map<String, Object> constants)
            throws Exception {
        CommitRecorder.advise();
        CommitEvents events = perNode ? new CommitEvents() : null;
        CommitRecorder locked = perNode ? null : new CommitRecorder(rms);
        Recording.Sink sink = perNode ? events : locked;
        Recording.start(sink);
        try (CommitRuntime runtime = new CommitRuntime(rms, n -> new MemoryLog(),
                new CommitRuntime.Config(1024, 200, 8), perNode ? events.nodes(Nodes.STANDARD)
                : locked.nodes(Nodes.STANDARD))) {
            for (int done = 0; done < transactions; ) {
                List<CompletableFuture<TmState>> window = new ArrayList<>();
                for (int i = 0; i < 64 && done < transactions; i++, done++) window.add(runtime.submit());
                for (CompletableFuture<TmState> f : window) f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            Recording.stop(sink);
        }
        return perNode ? events.log("long run of " + transactions + " transactions")
                : locked.traces(constants, "long run of " + transactions + " transactions");
    }

    /** Prints the table for runs of about {@code steps} steps each, {@code repeats} validations per run. */
    @SuppressWarnings("unchecked")
    public static void print(StateGraph graph, int[] steps, int repeats) throws Exception {
        List<String> rms = ValidateRuns.rms(graph);
        SpecOracle oracle = SpecOracle.of(graph);
        System.out.println("| steps (about) | events logged | per-node search, s (median) | events/s | cost per step "
                + "vs the shortest | locked, s (median) | per-node / locked |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        double firstPerStep = 0;
        for (int target : steps) {
            int transactions = Math.max(1, target / STEPS_PER_TX);
            RunLog log = (RunLog) record(rms, transactions, true, graph.constants());
            List<ItfTrace> traces = (List<ItfTrace>) record(rms, transactions, false, graph.constants());
            double[] perNode = new double[repeats], lock = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                EventValidator v = new EventValidator(oracle, CommitEvents.MODEL, ValidateRuns.SEARCH_BUDGET);
                long t0 = System.nanoTime();
                EventValidator.Verdict verdict = v.validate(log, null);
                perNode[i] = (System.nanoTime() - t0) / 1e9;
                if (!verdict.passed()) throw new IllegalStateException("a long run was rejected: " + v.report(verdict));
                Validator locked = new Validator(graph);
                long t1 = System.nanoTime();
                for (ItfTrace t : traces) {
                    if (locked.validate(t, null).isPresent()) throw new IllegalStateException("a locked trace failed");
                }
                lock[i] = (System.nanoTime() - t1) / 1e9;
            }
            double p = median(perNode), l = median(lock);
            double perStep = p / log.size();
            if (firstPerStep == 0) firstPerStep = perStep;
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.3f | %,.0f | %.2f | %.3f | %.1f |%n", target, log.size(), p,
                    log.size() / p, perStep / firstPerStep, l, p / l);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
