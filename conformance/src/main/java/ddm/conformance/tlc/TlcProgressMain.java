package ddm.conformance.tlc;

import java.util.Arrays;
import tlc2.TLCGlobals;
import tlc2.output.EC;
import tlc2.output.MP;
import tlc2.tool.ModelChecker;

/**
 * The main class of a model-checking TLC JVM: {@code TlcProgressMain <millis> <TLC args...>} runs {@code tlc2.TLC}
 * with the arguments and, every {@code millis} (0: never), prints TLC's own progress line (the message TLC prints
 * once a minute: level, states generated, distinct states, states left on the queue, and the rates since the last
 * line) into TLC's output. TLC 2.18 fixes its interval at one minute; the model runner reads these lines off the log
 * to show how a long run is going ({@link Progress}).
 *
 * <p>The figures come from TLC's model checker while it runs ({@code TLCGlobals.mainChecker}), read without a lock
 * as TLC's own JMX bean reads them; a reading taken while TLC is still setting up is skipped. Only the JDK and TLC
 * are needed on the class path, with this class.
 */
public final class TlcProgressMain {

    private TlcProgressMain() {}

    public static void main(String[] args) throws Exception {
        long millis = Long.parseLong(args[0]);
        if (millis > 0) {
            Thread t = new Thread(() -> report(millis), "ddm-progress");
            t.setDaemon(true);
            t.start();
        }
        tlc2.TLC.main(Arrays.copyOfRange(args, 1, args.length)); // exits the JVM with TLC's exit code
    }

    private static void report(long millis) {
        long lastGenerated = 0, lastDistinct = 0, lastAt = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            if (!(TLCGlobals.mainChecker instanceof ModelChecker mc)) continue; // not started, or not BFS
            try {
                long generated = mc.getStatesGenerated(), distinct = mc.getDistinctStatesGenerated();
                long queue = mc.getStateQueueSize();
                long now = System.nanoTime();
                double minutes = Math.max(1e-9, (now - lastAt) / 6e10);
                MP.printMessage(EC.TLC_PROGRESS_STATS, new String[] {
                        Integer.toString(Math.max(1, mc.getProgress())), MP.format(generated), MP.format(distinct),
                        MP.format(queue), MP.format((long) ((generated - lastGenerated) / minutes)),
                        MP.format((long) ((distinct - lastDistinct) / minutes))});
                lastGenerated = generated;
                lastDistinct = distinct;
                lastAt = now;
            } catch (RuntimeException e) {
                // TLC is setting up or tearing down its queue and fingerprint set: no reading this time
            }
        }
    }
}
