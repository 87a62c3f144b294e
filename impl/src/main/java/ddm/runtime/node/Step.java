package ddm.runtime.node;

import java.util.List;

/**
 * One step of a node as its driver performs it: the event to log (null for driver bookkeeping that is no spec step,
 * such as relaying a client's request or answering a status query), the records to append and force, then the
 * messages to send. The driver logs the event, forces the records, and only then sends: see {@link NodeDriver}.
 *
 * @param <M> the protocol's wire message type
 */
public record Step<M>(StepEvent event, List<byte[]> records, List<Send<M>> sends) {

    public Step {
        records = List.copyOf(records);
        sends = List.copyOf(sends);
    }

    /** A message for the driver to send: to a node by name. */
    public record Send<M>(String to, M message) {
    }

    /** Driver bookkeeping: no spec step, nothing to force, only messages. */
    public static <M> Step<M> sendOnly(List<Send<M>> sends) {
        return new Step<>(null, List.of(), sends);
    }
}
