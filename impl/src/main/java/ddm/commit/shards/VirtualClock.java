package ddm.commit.shards;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock that reads a replica's virtual time, in milliseconds, as MicroRaft's {@code RaftNode} is given it: the
 * simulator and the threaded runtime move that time themselves, so that timeouts and elections depend on what the
 * run does, not on the machine's speed.
 */
final class VirtualClock extends Clock {

    private final LongSupplier millis;

    VirtualClock(LongSupplier millis) {
        this.millis = millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return millis.getAsLong();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
