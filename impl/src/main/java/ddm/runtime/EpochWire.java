package ddm.runtime;

import ddm.epoch.Message;

import java.util.Map;

/**
 * What the dataflow's node processes (its sources, tasks and checkpoint coordinator, the "job manager") and their
 * client say to each other on the wire. Everything carries the job's {@code attempt}: a failure anywhere restarts the
 * whole job from the last completed checkpoint, as Flink's restart-all strategy does, and the restarted job is a new
 * attempt whose nodes ignore whatever the old one still has on the wire. Channels are reliable and FIFO within an
 * attempt ({@link ddm.runtime.node.ReliableLinks}): {@link Data} numbered, {@link Ack}ed.
 */
public sealed interface EpochWire {

    /** The {@code seq}-th message of {@code attempt} on the channel from the sender: a record or a barrier. */
    record Data(long attempt, long seq, Message message) implements EpochWire {
    }

    /** The receiver took every message of {@code attempt} up to {@code seq} on the channel from the addressee. */
    record Ack(long attempt, long seq) implements EpochWire {
    }

    /** The coordinator has started every epoch up to {@code epoch} (the spec's StartEpoch): sources inject them. */
    record Trigger(long attempt, int epoch) implements EpochWire {
    }

    /** {@code task}'s snapshot of {@code epoch} is durable (the spec's acked). */
    record Acknowledge(long attempt, String task, int epoch) implements EpochWire {
    }

    /** Attempt {@code attempt} begins from the last completed epoch, {@code epoch} (the spec's Recover): restore it. */
    record Restore(long attempt, int epoch) implements EpochWire {
    }

    /** {@code node} has restored for {@code attempt}. */
    record Restored(long attempt, String node) implements EpochWire {
    }

    /**
     * A node process restarted ({@code incarnation} > 1); the last attempt it took part in, as its log says, is
     * {@code lastAttempt} (1 if it never restored). Sent until a Restore of a later attempt comes.
     */
    record Hello(String node, long incarnation, long lastAttempt) implements EpochWire {
    }

    /** The client asks a node for its status. */
    record Status() implements EpochWire {
    }

    /**
     * A node's status: its attempt (0: restarted, waiting for a Restore), the last epoch it recorded (the
     * coordinator: completed), records emitted (a source) or consumed per origin (a task), a sink's state, and the
     * messages it has sent that are not yet acknowledged.
     */
    record StatusReply(String node, long attempt, int epoch, long emitted, Map<String, Long> consumed, long[] state,
                       long unacknowledged) implements EpochWire {
        public StatusReply {
            consumed = Map.copyOf(consumed);
            state = state.clone();
        }
    }
}
