package ddm.runtime.net;

import java.util.SplittableRandom;

/**
 * How long a link waits before its next attempt to reach a peer that is down: exponential from {@code baseMillis},
 * capped at {@code maxMillis}, with "equal jitter" (half the delay fixed, half random) so that the links of a cluster
 * that lost a node together do not retry in lock step. Deterministic for a given random: tests pass a seeded one.
 */
public record Backoff(long baseMillis, long maxMillis) {

    public static final Backoff DEFAULT = new Backoff(10, 500);

    public Backoff {
        if (baseMillis < 1 || maxMillis < baseMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= base <= max: " + baseMillis + ", " + maxMillis);
        }
    }

    /** The wait before attempt {@code attempt} (0: the first retry after a failure). */
    public long delayMillis(int attempt, SplittableRandom random) {
        long d = attempt >= 40 ? maxMillis : Math.min(maxMillis, baseMillis << Math.min(attempt, 40));
        long half = d / 2;
        return half + random.nextLong(d - half + 1);
    }
}
