package ddm.conformance.cli;

import ddm.conformance.itf.ItfTrace;
import ddm.conformance.validate.TraceChecker;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code validate --bench}: validated steps per second. With one checker, one measurement. With two (in process
 * and through TLC, on a model that can be enumerated), rounds that alternate them, so that the ratio between the two
 * is taken within each round, where a busy spell of the machine slows both alike; the ratio is printed as the median
 * of the rounds' paired ratios with their 5th and 95th percentile. It measures; it never fails on a number.
 */
final class ValidateBench {

    static final int ROUNDS = 10;

    private ValidateBench() {}

    /** Validates {@code traces} again with {@code checker} for about {@code seconds}, and prints steps per second. */
    static void single(TraceChecker checker, String how, List<ItfTrace> traces, double seconds) {
        if (traces.isEmpty()) return;
        long t0 = System.nanoTime();
        double rate = rate(checker, traces, seconds);
        System.out.printf(Locale.ROOT, "bench: validated for %.2f s %s: %,.0f steps/s%n", (System.nanoTime() - t0) / 1e9,
                how, rate);
    }

    /**
     * {@link #ROUNDS} rounds, each validating {@code traces} with {@code a} and with {@code b} (the order alternating
     * from round to round) for {@code seconds / ROUNDS} each; prints both medians and the paired ratio b / a.
     */
    static void paired(TraceChecker a, String aHow, TraceChecker b, String bHow, List<ItfTrace> traces, double seconds) {
        if (traces.isEmpty()) return;
        rate(a, traces, 0);   // warm-up: each at least one pass (TLC's evaluator, the JIT)
        rate(b, traces, 0);
        double[] ra = new double[ROUNDS], rb = new double[ROUNDS], ratio = new double[ROUNDS];
        double each = seconds / ROUNDS;
        for (int i = 0; i < ROUNDS; i++) {
            if (i % 2 == 0) {
                ra[i] = rate(a, traces, each);
                rb[i] = rate(b, traces, each);
            } else {
                rb[i] = rate(b, traces, each);
                ra[i] = rate(a, traces, each);
            }
            ratio[i] = rb[i] / ra[i];
        }
        System.out.printf(Locale.ROOT, "bench: %d rounds of %.2f s each: %s %,.0f steps/s, %s %,.0f steps/s (medians)%n",
                ROUNDS, each, aHow, percentile(ra, 0.5), bHow, percentile(rb, 0.5));
        System.out.printf(Locale.ROOT, "bench: %s / %s, paired by round: %.3f [%.3f, %.3f] (median [5th, 95th pct])%n",
                bHow, aHow, percentile(ratio, 0.5), percentile(ratio, 0.05), percentile(ratio, 0.95));
    }

    /** Steps per second of whole passes over {@code traces} for about {@code seconds} (at least one pass). */
    private static double rate(TraceChecker checker, List<ItfTrace> traces, double seconds) {
        long before = checker.totals().steps(), t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        do {
            for (ItfTrace t : traces) checker.validate(t, null);
        } while (System.nanoTime() < end);
        return (checker.totals().steps() - before) / ((System.nanoTime() - t0) / 1e9);
    }

    /** The p-th percentile (0..1), interpolating linearly between the two nearest ranks. */
    static double percentile(double[] xs, double p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        double rank = p * (s.length - 1);
        int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
        return s[lo] + (s[hi] - s[lo]) * (rank - lo);
    }
}
