package ddm.conformance.itf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.BadInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The value encoding of the Informal Trace Format (ITF, as Apalache and Quint write it): booleans, strings and
 * numbers as JSON; {@code {"#bigint": "123"}} for integers beyond JSON's safe range; {@code {"#set": [...]}};
 * {@code {"#tup": [...]}} for tuples and JSON arrays for sequences; {@code {"#map": [[k, v], ...]}} for functions;
 * JSON objects for records; {@code {"#unserializable": "..."}} is refused. Model values are strings.
 */
public final class ItfValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long SAFE = (1L << 53) - 1;

    private ItfValues() {}

    /** Decodes an ITF value into its canonical Java form ({@link Values}); {@code where} names it in errors. */
    public static Object decode(JsonNode n, String where) {
        return Values.canonical(raw(n, where));
    }

    private static Object raw(JsonNode n, String where) {
        if (n == null || n.isNull() || n.isMissingNode()) throw new BadInputException(where + ": missing value");
        if (n.isBoolean()) return n.booleanValue();
        if (n.isTextual()) return n.textValue();
        if (n.isIntegralNumber()) return n.bigIntegerValue();
        if (n.isNumber()) throw new BadInputException(where + ": " + n + " is not an integer");
        if (n.isArray()) return list(n, where);
        if (n.isObject()) {
            if (n.size() == 1) {
                String tag = n.fieldNames().next();
                JsonNode body = n.get(tag);
                switch (tag) {
                    case "#bigint":
                        try {
                            return new BigInteger(body.asText());
                        } catch (NumberFormatException e) {
                            throw new BadInputException(where + ": bad #bigint " + body);
                        }
                    case "#set": {
                        if (!body.isArray()) throw new BadInputException(where + ": #set needs an array");
                        Set<Object> s = new LinkedHashSet<>();
                        for (JsonNode x : body) s.add(raw(x, where));
                        return s;
                    }
                    case "#tup":
                        if (!body.isArray()) throw new BadInputException(where + ": #tup needs an array");
                        return list(body, where);
                    case "#map": {
                        if (!body.isArray()) throw new BadInputException(where + ": #map needs an array of pairs");
                        Map<Object, Object> m = new LinkedHashMap<>();
                        for (JsonNode pair : body) {
                            if (!pair.isArray() || pair.size() != 2) {
                                throw new BadInputException(where + ": #map entry " + pair + " is not a [key, value] pair");
                            }
                            m.put(raw(pair.get(0), where), raw(pair.get(1), where));
                        }
                        return m;
                    }
                    case "#unserializable":
                        throw new BadInputException(where + ": unserializable value " + body);
                    default:
                        if (tag.startsWith("#")) throw new BadInputException(where + ": unknown ITF tag " + tag);
                }
            }
            Map<Object, Object> rec = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                rec.put(e.getKey(), raw(e.getValue(), where + "." + e.getKey()));
            }
            return rec;
        }
        throw new BadInputException(where + ": not an ITF value: " + n);
    }

    private static List<Object> list(JsonNode n, String where) {
        List<Object> l = new ArrayList<>();
        for (JsonNode x : n) l.add(raw(x, where));
        return l;
    }

    /**
     * Encodes a canonical value. Maps whose keys are all strings are written as records (a TLA+ record is such a
     * function, so nothing is lost); other maps as {@code #map}; lists as JSON arrays (sequences).
     */
    public static JsonNode encode(Object v) {
        if (v instanceof Boolean b) return JSON.booleanNode(b);
        if (v instanceof String s) return JSON.textNode(s);
        if (v instanceof Long l) return Math.abs(l) <= SAFE ? JSON.numberNode(l) : bigint(BigInteger.valueOf(l));
        if (v instanceof BigInteger b) return bigint(b);
        if (v instanceof Set<?> s) {
            ObjectNode o = JSON.objectNode();
            ArrayNode a = o.putArray("#set");
            for (Object x : s) a.add(encode(x));
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = JSON.arrayNode();
            for (Object x : l) a.add(encode(x));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            if (!m.isEmpty() && m.keySet().stream().allMatch(k -> k instanceof String && !((String) k).startsWith("#"))) {
                ObjectNode o = JSON.objectNode();
                m.forEach((k, x) -> o.set((String) k, encode(x)));
                return o;
            }
            ObjectNode o = JSON.objectNode();
            ArrayNode a = o.putArray("#map");
            m.forEach((k, x) -> a.add(JSON.arrayNode().add(encode(k)).add(encode(x))));
            return o;
        }
        throw new IllegalArgumentException("not a canonical value: " + v);
    }

    private static JsonNode bigint(BigInteger b) {
        return JSON.objectNode().put("#bigint", b.toString());
    }
}
