package ddm.conformance.itf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step's name as the spec gives it: the action and the values of its parameters, e.g. {@code RMPrepare(rm = "r1")}.
 * Parameter values are canonical ({@link Values}). Two labels are equal when action and parameters are.
 */
public record Label(String action, Map<String, Object> params) {

    public Label {
        Map<String, Object> given = params;
        Map<String, Object> p = new LinkedHashMap<>();
        given.keySet().stream().sorted().forEach(k -> p.put(k, Values.canonical(given.get(k))));
        params = Collections.unmodifiableMap(p);
    }

    public static Label of(String action) {
        return new Label(action, Map.of());
    }

    @Override
    public String toString() {
        if (params.isEmpty()) return action;
        StringBuilder sb = new StringBuilder(action).append('(');
        params.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append(" = ")
                .append(Values.show(v)));
        return sb.append(')').toString();
    }
}
