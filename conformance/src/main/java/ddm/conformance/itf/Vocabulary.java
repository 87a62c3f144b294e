package ddm.conformance.itf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A map from a foreign trace's vocabulary onto a protocol's, applied to the ITF JSON before it is read: a Quint spec
 * names its actions and sum types its own way, and cannot name a record field {@code type} (a keyword), so its
 * traces need translating before the code can be held to them. A mapping file ({@code replay --map FILE}) is a JSON
 * object with any of these sections, each optional:
 *
 * <pre>
 * {
 *   "description": "what this maps, for the reader",
 *   "variables": { "foreign variable": "protocol variable" },
 *   "actions":   { "foreign action": "spec action" },
 *   "params":    { "foreign nondet pick": "spec parameter" },
 *   "fields":    { "foreign record field": "spec record field" },
 *   "tags":      { "sum type tag": ITF value in the spec's vocabulary, where the string "$value" stands for the
 *                  sum's payload }
 * }
 * </pre>
 *
 * A variable is looked up by its full name ({@code TwoPC3::TwoPC::msgs}) and then by its name without the module
 * path ({@code msgs}). Fields are renamed in every record (a JSON object that is not an ITF form), in states and in
 * parameters alike. A sum value is what Quint writes for a value of a sum type, {@code {"tag": "Prepared", "value":
 * "r1"}}; its tag's entry replaces it, e.g. {@code "Prepared": {"type": "Prepared", "rm": "$value"}} turns
 * {@code Prepared("r1")} into {@code [type |-> "Prepared", rm |-> "r1"]} and {@code "Working": "working"} turns the
 * payload-free {@code Working} into a string. A payload is translated before it is put in place; the entry's own
 * values are not (they are already in the spec's vocabulary). Names and tags without an entry are left as they are;
 * {@code mbt::nondetPicks}' own Option wrappers ({@code Some}, {@code None}) are never mapped. A mapping file that is
 * not of this shape is bad input.
 */
public final class Vocabulary {

    /** No renaming: the trace is already in the protocol's vocabulary. */
    public static final Vocabulary NONE = new Vocabulary(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    private static final Set<String> SECTIONS = Set.of("description", "variables", "actions", "params", "fields", "tags");
    private static final String PAYLOAD = "$value";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, String> variables;
    private final Map<String, String> actions;
    private final Map<String, String> params;
    private final Map<String, String> fields;
    private final Map<String, JsonNode> tags;

    public Vocabulary(Map<String, String> variables, Map<String, String> actions, Map<String, String> params,
                      Map<String, String> fields, Map<String, JsonNode> tags) {
        this.variables = Map.copyOf(variables);
        this.actions = Map.copyOf(actions);
        this.params = Map.copyOf(params);
        this.fields = Map.copyOf(fields);
        this.tags = Map.copyOf(tags);
    }

    /** Reads a mapping file; any problem is a {@link BadInputException} of one line naming the file. */
    public static Vocabulary read(Path file) {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such mapping file");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            throw new BadInputException(file + ": not valid JSON (" + msg + ")");
        }
        return parse(root, file.toString());
    }

    public static Vocabulary parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) throw new BadInputException(source + ": a mapping is a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SECTIONS.contains(k)) {
                throw new BadInputException(source + ": unknown section \"" + k + "\" (known: description, variables, "
                        + "actions, params, fields, tags)");
            }
        }
        if (root.has("description") && !root.get("description").isTextual()) {
            throw new BadInputException(source + ": \"description\" must be a string");
        }
        Map<String, JsonNode> tags = new LinkedHashMap<>();
        section(root, "tags", source).fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue()));
        return new Vocabulary(names(root, "variables", source), names(root, "actions", source),
                names(root, "params", source), names(root, "fields", source), tags);
    }

    private static JsonNode section(JsonNode root, String name, String source) {
        JsonNode s = root.get(name);
        if (s == null) return JSON.objectNode();
        if (!s.isObject()) throw new BadInputException(source + ": \"" + name + "\" must be an object");
        return s;
    }

    private static Map<String, String> names(JsonNode root, String name, String source) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = section(root, name, source).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
                throw new BadInputException(source + ": " + name + "." + e.getKey() + " must be a non-empty string, not "
                        + e.getValue());
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    /**
     * The trace {@code root} (ITF JSON) in the protocol's vocabulary: a translated copy; {@code root} is not changed.
     * Anything that is not of a trace's shape is left for {@link ItfTrace#parse} to report.
     */
    public JsonNode translate(JsonNode root, String source) {
        if (this == NONE || !root.isObject()) return root;
        ObjectNode out = ((ObjectNode) root).deepCopy();
        if (root.path("vars").isArray()) {
            ArrayNode vars = out.putArray("vars");
            Set<String> seen = new java.util.HashSet<>();
            for (JsonNode v : root.get("vars")) {
                String name = variable(v.asText());
                if (!seen.add(name)) throw new BadInputException(source + ": two variables map to " + name);
                vars.add(name);
            }
        }
        if (root.path("states").isArray()) {
            ArrayNode states = out.putArray("states");
            int i = 0;
            for (JsonNode s : root.get("states")) states.add(state(s, source + ": state " + i++));
        }
        return out;
    }

    private String variable(String name) {
        if (name.startsWith("mbt::")) return name;
        String mapped = variables.get(name);
        if (mapped != null) return mapped;
        int cut = name.lastIndexOf("::");
        return cut < 0 ? name : variables.getOrDefault(name.substring(cut + 2), name);
    }

    private JsonNode state(JsonNode s, String where) {
        if (!s.isObject()) return s;
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("#meta")) {
                out.set(k, v);
            } else if (k.equals(ItfTrace.ACTION_TAKEN)) {
                out.set(k, v.isTextual() ? JSON.textNode(actions.getOrDefault(v.asText(), v.asText())) : v);
            } else if (k.equals(ItfTrace.NONDET_PICKS)) {
                out.set(k, picks(v, where));
            } else {
                out.set(variable(k), value(v, where + ": " + k));
            }
        }
        return out;
    }

    private JsonNode picks(JsonNode picks, String where) {
        if (!picks.isObject()) return picks;
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = picks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            String at = where + ": parameter " + e.getKey();
            if (isSum(p) && Set.of("Some", "None").contains(p.get("tag").asText())) {
                out.putObject(params.getOrDefault(e.getKey(), e.getKey())).put("tag", p.get("tag").asText())
                        .set("value", value(p.get("value"), at));
            } else {
                out.set(params.getOrDefault(e.getKey(), e.getKey()), value(p, at));
            }
        }
        return out;
    }

    /** Quint's sum value: an object of exactly a string {@code tag} and a {@code value}. */
    private static boolean isSum(JsonNode n) {
        return n.isObject() && n.size() == 2 && n.path("tag").isTextual() && n.has("value");
    }

    private JsonNode value(JsonNode n, String where) {
        if (n.isArray()) {
            ArrayNode a = JSON.arrayNode();
            for (JsonNode x : n) a.add(value(x, where));
            return a;
        }
        if (!n.isObject()) return n;
        if (n.size() == 1) {
            String form = n.fieldNames().next();
            switch (form) {
                case "#set", "#tup", "#map": {
                    ObjectNode o = JSON.objectNode();
                    o.set(form, value(n.get(form), where)); // a #map's pairs are arrays: both sides are translated
                    return o;
                }
                case "#bigint", "#unserializable":
                    return n;
                default:
                    break;
            }
        }
        if (isSum(n) && tags.containsKey(n.get("tag").asText())) {
            return substitute(tags.get(n.get("tag").asText()), value(n.get("value"), where));
        }
        ObjectNode rec = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = fields.getOrDefault(e.getKey(), e.getKey());
            if (rec.has(field)) {
                throw new BadInputException(where + ": a record would have field " + field + " twice after mapping");
            }
            rec.set(field, value(e.getValue(), where + "." + field));
        }
        return rec;
    }

    /** {@code template} with every string {@code "$value"} in it replaced by {@code payload}. */
    private static JsonNode substitute(JsonNode template, JsonNode payload) {
        if (template.isTextual() && template.asText().equals(PAYLOAD)) return payload;
        if (template.isArray()) {
            ArrayNode a = JSON.arrayNode();
            for (JsonNode x : template) a.add(substitute(x, payload));
            return a;
        }
        if (template.isObject()) {
            ObjectNode o = JSON.objectNode();
            template.fields().forEachRemaining(e -> o.set(e.getKey(), substitute(e.getValue(), payload)));
            return o;
        }
        return template;
    }
}
