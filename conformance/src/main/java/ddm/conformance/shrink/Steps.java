package ddm.conformance.shrink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ddm.conformance.BadInputException;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a written regression test needs to say a spec step and a spec state in a few characters: a label from its
 * action and parameters, a state from its ITF JSON (the encoding the traces use), and the canonical form in which
 * states compare.
 */
public final class Steps {

    private Steps() {}

    /** {@code label("RMPrepare", "rm", "r1")}: an action and its parameters, name and value in turn. */
    public static Label label(String action, Object... params) {
        if (params.length % 2 != 0) throw new IllegalArgumentException("parameters come as name, value pairs");
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) p.put((String) params[i], Values.canonical(params[i + 1]));
        return new Label(action, p);
    }

    /** A state (or the model's constants) from an ITF JSON object, canonical. */
    public static Map<String, Object> state(String itfJson) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(itfJson);
        } catch (IOException e) {
            throw new BadInputException("not a JSON object: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), ItfValues.decode(e.getValue(), e.getKey()));
        }
        return Values.canonicalState(out);
    }

    public static Map<String, Object> canonical(Map<String, Object> state) {
        return Values.canonicalState(state);
    }
}
