package ddm.runtime.node;

import ddm.trace.Var;

import java.util.List;
import java.util.Map;

/**
 * What the event log says about one step of a node (events.md, {@code ddm.trace}): the spec action and its
 * parameters, the protocol instance it belongs to (a transaction; null for a step of the whole node, such as a crash
 * or a recovery), the node's own variables after the step, and the spec-level messages it sent and consumed. The
 * driver adds the clock and the ids of the events whose messages the step consumed. Values are plain Java values in
 * the shape the conformance harness writes as ITF: String, Long/Integer, Boolean, Set, List, Map.
 */
public record StepEvent(String action, Map<String, Object> params, String instance, List<Var> vars,
                        List<Object> sent, List<Object> received) {

    public StepEvent {
        params = Map.copyOf(params);
        vars = List.copyOf(vars);
        sent = List.copyOf(sent);
        received = List.copyOf(received);
    }
}
