package ddm.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Ratios between configurations measured in the same round, and how far they spread. A benchmark runs its
 * configurations in rounds (each round every configuration once, in a shuffled order), so that a slow spell of the
 * machine or the disk slows both sides of a ratio alike; the ratio of round i is {@code a[i] / b[i]}, and the spread
 * of those paired ratios, not the spread of either side alone, says whether a difference is real. bench/run compiles
 * this file beside the single-file benchmarks that use it.
 */
public final class Ratios {

    private Ratios() {}

    /** {@code a[i] / b[i]} for each round i. */
    public static double[] paired(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("unpaired: " + a.length + " and " + b.length);
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / b[i];
        return r;
    }

    /** {@code a[i] / c} for each round i, for a ratio against a constant of the round (a cap computed from it). */
    public static double[] scaled(double[] a, double[] c, double factor) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] / (c[i] * factor);
        return r;
    }

    /** The p-th percentile (0..1), interpolating linearly between the two nearest ranks. */
    public static double percentile(double[] xs, double p) {
        double[] s = xs.clone();
        Arrays.sort(s);
        if (s.length == 0) return Double.NaN;
        double rank = p * (s.length - 1);
        int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
        return s[lo] + (s[hi] - s[lo]) * (rank - lo);
    }

    public static double median(double[] xs) {
        return percentile(xs, 0.5);
    }

    /** "0.98 [0.91, 1.04]": the median paired ratio and its 5th to 95th percentile. */
    public static String interval(double[] ratios) {
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", median(ratios), percentile(ratios, 0.05),
                percentile(ratios, 0.95));
    }

    /** Whether the 5th-95th percentile interval of the ratios holds 1: no difference this benchmark can tell. */
    public static boolean withinNoise(double[] ratios) {
        return percentile(ratios, 0.05) <= 1.0 && 1.0 <= percentile(ratios, 0.95);
    }

    /** The interval, and "(within noise)" when it holds 1. */
    public static String describe(double[] ratios) {
        return interval(ratios) + (withinNoise(ratios) ? " (within noise)" : "");
    }

    /** A shuffled order of 0..n-1 for round {@code round}: the same every time for a given seed. */
    public static int[] order(int n, long seed, int round) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        java.util.Random r = new java.util.Random(seed * 1_000_003L + round);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }
}
