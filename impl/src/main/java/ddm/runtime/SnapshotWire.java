package ddm.runtime;

import ddm.snapshot.Message;
import ddm.snapshot.RepeatedBankProcess;

import java.util.List;

/**
 * What the bank's processes and their client say to each other on the wire: the spec's messages, numbered on their
 * channel ({@link Data}) and acknowledged ({@link Ack}), and the driver's own, which no spec action sends or reads
 * (a client asking for a transfer or a snapshot, processes reporting their parts of a snapshot).
 *
 * <p>Why numbers and acknowledgements: Chandy–Lamport needs reliable FIFO channels, and the wire between processes
 * drops, duplicates and reorders, and a process that is down hears nothing. A sender keeps each message of a
 * channel until the receiver acknowledges it, and sends it again until then; the receiver takes a channel's messages
 * only in order, once each. Both ends' numbers survive crashes because they follow from the steps in their logs.
 */
public sealed interface SnapshotWire {

    /** The {@code seq}-th message (from 1) on the channel from the sender to the receiver. */
    record Data(long seq, Message message) implements SnapshotWire {
    }

    /** The receiver has taken every message up to {@code seq} on the channel from the addressee to it. */
    record Ack(long seq) implements SnapshotWire {
    }

    /** The client asks a process to send {@code amount} (at most its balance) to {@code to}. */
    record Pay(String to, long amount) implements SnapshotWire {
    }

    /** The client asks a process to initiate its next snapshot. */
    record Initiate() implements SnapshotWire {
    }

    /** A process's finished part of a snapshot, for the client's checker. */
    record Part(String node, RepeatedBankProcess.Part part) implements SnapshotWire {
    }

    /** The client asks for a process's status, and for its parts of {@code snapshots} again. */
    record Status(List<Long> snapshots) implements SnapshotWire {
        public Status {
            snapshots = List.copyOf(snapshots);
        }
    }

    /**
     * A process's answer to {@link Status}: its balance, its last snapshot recorded, and the messages it has sent that
     * are not yet acknowledged (in flight, to the checker: their money is on the wire).
     */
    record StatusReply(String node, boolean up, long balance, long recorded, long unacknowledged, long inFlightMoney)
            implements SnapshotWire {
    }
}
