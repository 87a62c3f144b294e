package ddm.runtime.node;

import java.util.List;
import java.util.Map;

/**
 * What the event log says about one step of a node (events.md): the spec action and its parameters, the protocol
 * instance it belongs to (a transaction; null for a step of the whole node, such as a crash or a recovery), the
 * node's own variables after the step, and the spec-level messages it sent and consumed. Values are plain Java
 * values in the shape the conformance harness writes as ITF: String, Long/Integer, Boolean, Set, List, Map.
 */
public record StepEvent(String action, Map<String, Object> params, String instance, List<Var> vars,
                        List<Object> sent, List<Object> received) {

    /** One variable of the node's part of the spec state: {@code var}, a path of keys into it, its value there. */
    public record Var(String var, List<Object> at, Object value) {
        public Var {
            at = List.copyOf(at);
        }
    }

    public StepEvent {
        params = Map.copyOf(params);
        vars = List.copyOf(vars);
        sent = List.copyOf(sent);
        received = List.copyOf(received);
    }
}
