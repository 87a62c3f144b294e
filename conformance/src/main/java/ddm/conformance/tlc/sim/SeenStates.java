package ddm.conformance.tlc.sim;

import tla2sany.semantic.ExprOrOpArgNode;
import tlc2.overrides.Evaluation;
import tlc2.tool.TLCState;
import tlc2.tool.coverage.CostModel;
import tlc2.tool.impl.Tool;
import tlc2.util.Context;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Value;

/**
 * Counts the distinct states a TLC simulation reaches, which TLC 2.18's simulation mode does not report. It is the
 * Java definition of {@code DdmSimulation!DdmRecord}, which the invariant the simulation run adds to the model
 * ({@code DdmSeen}) applies
 * ({@link SimulationRun}): TLC evaluates it on every state it generates, and this records the state's fingerprint,
 * which TLC computes with the model's VIEW and SYMMETRY, so that the count is of the same states an exhaustive run
 * counts. TLC finds this class through its override index, {@link tlc2.overrides.TLCOverrides}.
 *
 * <p>Every {@code ddm.sim.progressMillis} (a system property; 0: never) it prints
 * {@value #LINE}{@code N states checked (R s/min), M distinct states reached.}, and when the JVM exits the same
 * without the rate. The simulation uses one TLC worker, so the calls come from one thread; the counters are still
 * guarded, as the progress thread reads them.
 */
public final class SeenStates {

    /** The line (followed by the figures) that reports what the simulation reached. */
    public static final String LINE = "ddm simulation: ";

    private static final LongSet SEEN = new LongSet();
    private static long checked;
    private static boolean started;

    private SeenStates() {}

    /** {@code DdmRecord}: records state {@code s0} and holds (TRUE). */
    @Evaluation(definition = "DdmRecord", module = "DdmSimulation", minLevel = 1, warn = false)
    public static Value seen(Tool tool, ExprOrOpArgNode[] args, Context c, TLCState s0, TLCState s1, int control,
                             CostModel cm) {
        long fp = s0.fingerPrint();
        synchronized (SEEN) {
            if (!started) start();
            checked++;
            SEEN.add(fp);
        }
        return BoolValue.ValTrue;
    }

    private static void start() {
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> print(""), "ddm-simulation-report"));
        long millis = Long.getLong("ddm.sim.progressMillis", 0);
        if (millis <= 0) return;
        Thread t = new Thread(() -> {
            long last = 0;
            try {
                while (true) {
                    Thread.sleep(millis);
                    long now;
                    synchronized (SEEN) {
                        now = checked;
                    }
                    print(String.format(java.util.Locale.ROOT, " (%,d s/min)", (now - last) * 60_000 / millis));
                    last = now;
                }
            } catch (InterruptedException e) {
                // the JVM is ending
            }
        }, "ddm-simulation-progress");
        t.setDaemon(true);
        t.start();
    }

    private static void print(String rate) {
        long n, m;
        synchronized (SEEN) {
            n = checked;
            m = SEEN.size();
        }
        System.out.printf(java.util.Locale.ROOT, "%s%,d states checked%s, %,d distinct states reached.%n", LINE, n,
                rate, m);
        System.out.flush();
    }

    /** A set of fingerprints: open addressing, linear probing, doubled at half full; 0 stands for itself apart. */
    static final class LongSet {
        private long[] slots = new long[1 << 16];
        private int size;
        private boolean hasZero;

        boolean add(long x) {
            if (x == 0) {
                boolean added = !hasZero;
                hasZero = true;
                if (added) size++;
                return added;
            }
            if (2 * (size + 1) > slots.length) grow();
            return insert(slots, x);
        }

        long size() {
            return size;
        }

        private boolean insert(long[] into, long x) {
            int mask = into.length - 1;
            for (int i = mix(x) & mask; ; i = (i + 1) & mask) {
                if (into[i] == x) return false;
                if (into[i] == 0) {
                    into[i] = x;
                    if (into == slots) size++;
                    return true;
                }
            }
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (long x : slots) if (x != 0) insert(bigger, x);
            slots = bigger;
        }

        private static int mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return (int) x;
        }
    }
}
