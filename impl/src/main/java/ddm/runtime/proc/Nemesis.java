package ddm.runtime.proc;

import ddm.runtime.net.LinkFaults;
import ddm.runtime.node.FaultPoints;

import java.util.Locale;

/**
 * The faults of a cluster run, all drawn from one seed, printed first by every run that uses them:
 * <ul>
 *   <li>kill -9 of a node process at random moments (exponential gaps of mean {@code killMeanMillis}; 0: none),
 *       and its restart after a delay in [{@code downMinMillis}, {@code downMaxMillis}];</li>
 *   <li>crash points inside a step's effects, reached by the node killing itself ({@code faultPoints}: the chance
 *       at each point; see {@link ddm.runtime.node.FaultPoint});</li>
 *   <li>link faults in the transport ({@code link}: drop, duplicate, delay; FIFO kept where the spec needs it);</li>
 *   <li>power loss ({@code powerLoss}): each node's log sits on a {@link ddm.log.PowerLossChannel}, so a crash
 *       loses what it did not force, and write-back ({@code writeback}) may leave a torn tail.</li>
 * </ul>
 * Every fault stops at the end of the safety phase; the liveness phase runs on a healed cluster.
 */
public record Nemesis(long seed, long killMeanMillis, long downMinMillis, long downMaxMillis,
                      FaultPoints.Plan faultPoints, LinkFaults.Settings link, boolean powerLoss, double writeback) {

    public Nemesis {
        if (killMeanMillis < 0 || downMinMillis < 0 || downMaxMillis < downMinMillis) {
            throw new IllegalArgumentException("bad nemesis timing: kill mean " + killMeanMillis + ", down "
                    + downMinMillis + ".." + downMaxMillis);
        }
    }

    /** No fault at all: a run that measures, or a baseline. */
    public static Nemesis off(long seed) {
        return new Nemesis(seed, 0, 0, 0, FaultPoints.Plan.OFF, LinkFaults.Settings.OFF, false, 0);
    }

    public boolean any() {
        return killMeanMillis > 0 || faultPoints.any() || link.any() || powerLoss;
    }

    /** The line a run prints first: the seed and every fault setting. */
    public String describe() {
        return String.format(Locale.ROOT, "seed %d; kill -9 %s; crash points %s; links %s; power loss %s", seed,
                killMeanMillis == 0 ? "off" : "every ~" + killMeanMillis + " ms, down " + downMinMillis + ".."
                        + downMaxMillis + " ms", faultPoints, link,
                powerLoss ? "on" + (writeback > 0 ? String.format(Locale.ROOT, " (write-back %.2f)", writeback) : "")
                        : "off");
    }
}
