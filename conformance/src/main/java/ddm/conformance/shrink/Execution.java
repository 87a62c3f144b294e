package ddm.conformance.shrink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.BadInputException;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.ProtocolAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A schedule run on the code in the simulator, as a recorder would have written it: each step applied to a fresh
 * implementation in turn, a step the code refuses left out (it did not happen), the abstraction taken after each
 * step that happened. The implementation is deterministic, so a schedule of a recorded run reproduces the run.
 */
public final class Execution {

    private Execution() {}

    /** The trace of the steps of {@code schedule} that the code takes, starting from {@code initial}. */
    static ItfTrace run(ProtocolAdapter adapter, Map<String, Object> constants, Map<String, Object> initial,
                        List<Label> schedule, List<String> vars, String source) {
        ProtocolAdapter.Instance code = adapter.start(constants, initial);
        List<Map<String, Object>> states = new ArrayList<>(List.of(Values.canonicalState(code.abstraction())));
        List<Label> taken = new ArrayList<>();
        for (Label l : schedule) {
            try {
                code.apply(l);
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException refused) {
                continue;
            }
            taken.add(l);
            states.add(Values.canonicalState(code.abstraction()));
        }
        return trace(source, constants, vars, states, taken);
    }

    public static ItfTrace trace(String source, Map<String, Object> constants, List<String> vars,
                          List<Map<String, Object>> states, List<Label> labels) {
        List<ObjectNode> json = new ArrayList<>();
        for (Map<String, Object> s : states) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (String v : vars) o.set(v, ItfValues.encode(s.get(v)));
            json.add(o);
        }
        return new ItfTrace(source, constants, vars, states, json, labels);
    }
}
