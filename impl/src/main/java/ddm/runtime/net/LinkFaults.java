package ddm.runtime.net;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The nemesis inside the transport: what happens to each message a node sends, decided from a seed. A message may be
 * dropped, duplicated, and each copy delayed up to {@code maxDelayMillis}. With {@code fifo} (the channels of
 * Chandy–Lamport and of the epoch dataflow, which their specs require to be FIFO) copies are never duplicated and
 * delays never reorder a link (the transport holds a delayed message at the head of the link's queue, so the
 * ones behind it wait too). Without it (2PC's
 * and Paxos Commit's msgs is a set) independent delays reorder messages freely.
 *
 * <p>The same seed gives the same fault schedule whatever the thread timing: each link (this node to a peer) draws
 * from its own random stream, seeded by the seed, both names and the node's incarnation, so the k-th message on a link
 * always meets the k-th decision. Faults apply only while {@code active} says so (the safety phase of a run: until the
 * nemesis heals the cluster, or a backstop time passes); after it every message goes straight through (the liveness
 * phase). {@link #NONE} is what production
 * uses: no random draw at all.
 */
public final class LinkFaults {

    /** Per-message probabilities and the longest delay; {@code fifo}: the spec's channels are FIFO. */
    public record Settings(double drop, double duplicate, long maxDelayMillis, boolean fifo) {
        public static final Settings OFF = new Settings(0, 0, 0, false);

        public Settings {
            if (drop < 0 || drop > 1 || duplicate < 0 || duplicate > 1 || maxDelayMillis < 0) {
                throw new IllegalArgumentException("bad link fault settings: " + drop + " " + duplicate + " "
                        + maxDelayMillis);
            }
        }

        public boolean any() {
            return drop > 0 || duplicate > 0 || maxDelayMillis > 0;
        }

        @Override
        public String toString() {
            return any() ? String.format(Locale.ROOT, "drop %.2f, duplicate %.2f, delay up to %d ms, %s", drop,
                    duplicate, maxDelayMillis, fifo ? "FIFO kept" : "reordering") : "none";
        }
    }

    /** What to do with one message: send {@code delaysMillis.length} copies (0: drop it), each after its delay. */
    public record Decision(long[] delaysMillis) {
        static final Decision STRAIGHT = new Decision(new long[] {0});
    }

    public static final LinkFaults NONE = new LinkFaults(Settings.OFF, 0, "", 0, () -> false);

    private final Settings settings;
    private final long seed;
    private final String self;
    private final long incarnation;
    private final BooleanSupplier active;
    private final Map<String, SplittableRandom> streams = new HashMap<>();

    /** Faults of {@code settings} for node {@code self}'s incarnation, applied while {@code active} says so. */
    public LinkFaults(Settings settings, long seed, String self, long incarnation, BooleanSupplier active) {
        this.settings = settings;
        this.seed = seed;
        this.self = self;
        this.incarnation = incarnation;
        this.active = active;
    }

    public Settings settings() {
        return settings;
    }

    /** The fate of the next message from this node to {@code peer}; calls are serialized here. */
    public synchronized Decision next(String peer) {
        if (!settings.any()) {
            return Decision.STRAIGHT;
        }
        if (!active.getAsBoolean()) {
            return Decision.STRAIGHT;
        }
        SplittableRandom r = streams.computeIfAbsent(peer, p -> new SplittableRandom(
                seed ^ (self.hashCode() * 0x9E3779B97F4A7C15L) ^ (p.hashCode() * 0xC2B2AE3D27D4EB4FL)
                        ^ (incarnation * 0x165667B19E3779F9L)));
        // Every decision draws the same number of values, so that a message's fate depends only on its index.
        double dropDraw = r.nextDouble();
        double dupDraw = r.nextDouble();
        long d1 = settings.maxDelayMillis() == 0 ? 0 : r.nextLong(settings.maxDelayMillis() + 1);
        long d2 = settings.maxDelayMillis() == 0 ? 0 : r.nextLong(settings.maxDelayMillis() + 1);
        if (dropDraw < settings.drop()) {
            return new Decision(new long[0]);
        }
        boolean dup = !settings.fifo() && dupDraw < settings.duplicate();
        return new Decision(dup ? new long[] {d1, d2} : new long[] {d1});
    }
}
