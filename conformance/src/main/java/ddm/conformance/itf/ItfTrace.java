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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace in the Informal Trace Format: the variables, the states, and for each state after the first the step that
 * led to it, as {@code quint run --mbt} writes it: {@code "mbt::actionTaken"} (the action's name) and
 * {@code "mbt::nondetPicks"} (its parameters, each {@code {"tag": "Some", "value": v}}, or {@code "None"} for a pick
 * the step did not make). {@code actions.get(i)} leads from {@code states.get(i)} to {@code states.get(i + 1)}.
 *
 * <p>Quint's envelope is read as Quint writes it: its {@code vars} list the two {@code mbt::} entries beside the
 * variables (they are not variables here); a spec that instantiates a module names each variable by its module path
 * ({@code TwoPC3::TwoPC::rmState}), which is dropped when the last names are distinct; and {@code #meta} (the
 * trace's source, status, description, timestamp; each state's index) is not read, except for this tool's own
 * {@code constants}. {@link Vocabulary} maps the rest of a foreign vocabulary.
 *
 * @param source     where the trace came from (a file, or a model and a trace number), for messages
 * @param constants  the model's constants, where known (traces this tool writes carry them in {@code #meta})
 * @param vars       the variable names
 * @param states     each state's variables, canonical ({@link Values})
 * @param stateJson  each state's variables as ITF JSON (kept as read or as TLC wrote them, so that writing the trace
 *                   back loses nothing: records stay records and maps stay {@code #map})
 * @param actions    the steps, one fewer than the states
 */
public record ItfTrace(String source, Map<String, Object> constants, List<String> vars, List<Map<String, Object>> states, List<ObjectNode> stateJson,
                       List<Label> actions) {

    public static final String ACTION_TAKEN = "mbt::actionTaken";
    public static final String NONDET_PICKS = "mbt::nondetPicks";
    /** The prefix of Quint's model-based-testing entries, which it lists in {@code vars}. */
    public static final String MBT = "mbt::";

    public ItfTrace {
        if (states.size() != stateJson.size() || (!states.isEmpty() && actions.size() != states.size() - 1)) {
            throw new IllegalArgumentException("a trace needs one action per state after the first");
        }
    }

    /** Reads an ITF file; any problem is a {@link BadInputException} naming the file and the state. */
    public static ItfTrace read(Path file) {
        return read(file, Vocabulary.NONE);
    }

    /** Reads an ITF file written in a foreign vocabulary, translated by {@code vocabulary}. */
    public static ItfTrace read(Path file, Vocabulary vocabulary) {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            throw new BadInputException(file + ": not valid JSON (" + msg + ")");
        }
        return parse(vocabulary.translate(root, file.toString()), file.toString());
    }

    public static ItfTrace parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) throw new BadInputException(source + ": not an ITF trace (no object)");
        JsonNode varsNode = root.get("vars");
        JsonNode statesNode = root.get("states");
        if (varsNode == null || !varsNode.isArray()) throw new BadInputException(source + ": no \"vars\" array");
        if (statesNode == null || !statesNode.isArray() || statesNode.isEmpty()) {
            throw new BadInputException(source + ": no \"states\"");
        }
        List<String> written = new ArrayList<>();
        for (JsonNode v : varsNode) {
            if (!v.isTextual()) throw new BadInputException(source + ": \"vars\" lists " + v + ", not a name");
            if (!v.asText().startsWith(MBT)) written.add(v.asText());
        }
        List<String> vars = withoutModulePaths(written);
        Map<String, Object> constants = new LinkedHashMap<>();
        JsonNode cs = root.path("#meta").path("constants");
        for (Iterator<Map.Entry<String, JsonNode>> it = cs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            constants.put(c.getKey(), ItfValues.decode(c.getValue(), source + ": constant " + c.getKey()));
        }
        List<Map<String, Object>> states = new ArrayList<>();
        List<ObjectNode> json = new ArrayList<>();
        List<Label> actions = new ArrayList<>();
        for (int i = 0; i < statesNode.size(); i++) {
            JsonNode s = statesNode.get(i);
            String where = source + ": state " + i;
            if (!s.isObject()) throw new BadInputException(where + ": not an object");
            Map<String, Object> state = new LinkedHashMap<>();
            ObjectNode sj = JsonNodeFactory.instance.objectNode();
            for (int k = 0; k < vars.size(); k++) {
                String v = vars.get(k);
                JsonNode val = s.get(written.get(k));
                if (val == null) throw new BadInputException(where + ": missing variable " + written.get(k));
                state.put(v, ItfValues.decode(val, where + ": " + v));
                sj.set(v, val);
            }
            states.add(Values.canonicalState(state));
            json.add(sj);
            if (i > 0) actions.add(label(s, where));
        }
        return new ItfTrace(source, Values.canonicalState(constants), List.copyOf(vars), List.copyOf(states), List.copyOf(json), List.copyOf(actions));
    }

    /**
     * The names without their module path ({@code TwoPC3::TwoPC::msgs} is {@code msgs}) when that keeps them
     * distinct; otherwise as written, so that a mapping can tell them apart.
     */
    static List<String> withoutModulePaths(List<String> names) {
        List<String> last = new ArrayList<>();
        for (String n : names) {
            int cut = n.lastIndexOf("::");
            last.add(cut < 0 ? n : n.substring(cut + 2));
        }
        return new java.util.HashSet<>(last).size() == names.size() ? last : names;
    }

    private static Label label(JsonNode s, String where) {
        JsonNode taken = s.get(ACTION_TAKEN);
        if (taken == null || !taken.isTextual() || taken.asText().isEmpty()) {
            throw new BadInputException(where + ": no " + ACTION_TAKEN);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        JsonNode picks = s.get(NONDET_PICKS);
        if (picks != null && !picks.isNull()) {
            if (!picks.isObject()) throw new BadInputException(where + ": " + NONDET_PICKS + " is not an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = picks.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode pick = e.getValue();
                // Quint writes each pick as an Option: {"tag": "Some", "value": v} or {"tag": "None", ...}.
                if (pick.isObject() && pick.has("tag") && pick.size() == 2 && pick.has("value")) {
                    if (!"Some".equals(pick.get("tag").asText())) continue;
                    pick = pick.get("value");
                }
                params.put(e.getKey(), ItfValues.decode(pick, where + ": parameter " + e.getKey()));
            }
        }
        return new Label(taken.asText(), params);
    }

    /** The trace as ITF JSON, in the shape {@code quint run --mbt} writes. */
    public ObjectNode toJson(String description) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.putObject("#meta").put("format", "ITF").put("format-description",
                "https://apalache-mc.org/docs/adr/015adr-trace.html").put("source", source)
                .put("description", description);
        ObjectNode cs = ((ObjectNode) root.get("#meta")).putObject("constants");
        constants.forEach((k, v) -> cs.set(k, ItfValues.encode(v)));
        ArrayNode vs = root.putArray("vars");
        vars.forEach(vs::add);
        ArrayNode ss = root.putArray("states");
        for (int i = 0; i < states.size(); i++) {
            ObjectNode s = ss.addObject();
            s.putObject("#meta").put("index", i);
            ObjectNode picks = f.objectNode();
            if (i == 0) {
                s.put(ACTION_TAKEN, "init");
            } else {
                Label l = actions.get(i - 1);
                s.put(ACTION_TAKEN, l.action());
                l.params().forEach((k, v) -> picks.putObject(k).put("tag", "Some").set("value", ItfValues.encode(v)));
            }
            s.set(NONDET_PICKS, picks);
            stateJson.get(i).fields().forEachRemaining(e -> s.set(e.getKey(), e.getValue()));
        }
        return root;
    }

    /** Writes the trace to {@code file} atomically: a temporary file in the same folder, then a rename. */
    public void write(Path file, String description) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".itf-", ".tmp");
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), toJson(description));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public int steps() {
        return actions.size();
    }
}
