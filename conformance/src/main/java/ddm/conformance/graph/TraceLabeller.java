package ddm.conformance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * Puts labels on a sequence of states: TLC's counterexample names each step's action but not its parameters, which
 * the harness needs (to say {@code RMPrepare(r1)}, and to draw the step on r1's lane). In a JVM of its own (TLC allows
 * one spec per JVM) it loads the model, finds the initial state equal to the first state, and for each next state the
 * split action (the one TLC named first, then any) whose successor equals it: that action's name and parameter
 * values are the step's label.
 *
 * <p>Usage: {@code TraceLabeller <module.tla> <model.cfg> <in.json> <out.json>}. In: {@code {"states": [ITF
 * states], "hints": [action name or null, per step], "back": k or -1}} (a lasso's step from the last state back to
 * state k is labelled too). Out: {@code {"constants", "vars", "states" (as TLC's values encode), "labels": [label or
 * null], "backLabel": label or null, "problem": null or why a state could not be followed}}.
 */
public final class TraceLabeller {

    private TraceLabeller() {}

    static ObjectNode label(TlcModel model, List<Map<String, Object>> states, List<String> hints, int back) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        ObjectNode cs = out.putObject("constants");
        model.constants().forEach(cs::set);
        ArrayNode vars = out.putArray("vars");
        model.vars.forEach(vars::add);
        ArrayNode outStates = out.putArray("states");
        ArrayNode labels = out.putArray("labels");
        out.putNull("backLabel");
        out.putNull("problem");
        TLCState at = null;
        StateVec init = model.tool.getInitStates();
        for (int k = 0; k < init.size() && at == null; k++) {
            if (model.canonical(init.elementAt(k)).equals(states.get(0))) at = init.elementAt(k);
        }
        if (at == null) {
            out.put("problem", "the first state is not an initial state of the model");
            return out;
        }
        List<TLCState> path = new ArrayList<>(List.of(at));
        outStates.add(model.stateJson(at));
        for (int i = 1; i < states.size(); i++) {
            Object[] step = follow(model, at, states.get(i), hints.size() >= i ? hints.get(i - 1) : null);
            if (step == null) {
                out.put("problem", "no action of the model leads from state " + i + " to state " + (i + 1));
                return out;
            }
            labels.add(model.labelJson((Action) step[0]));
            at = (TLCState) step[1];
            path.add(at);
            outStates.add(model.stateJson(at));
        }
        if (back >= 0 && back < states.size()) {
            Object[] step = follow(model, at, states.get(back), null);
            if (step != null) out.set("backLabel", model.labelJson((Action) step[0]));
        }
        return out;
    }

    /** The action and successor of {@code from} that reach {@code to}, trying actions named {@code hint} first. */
    private static Object[] follow(TlcModel model, TLCState from, Map<String, Object> to, String hint) {
        for (int pass = 0; pass < 2; pass++) {
            for (Action a : model.actions) {
                String name = a.getName() == null ? "" : a.getName().toString();
                if (hint != null && (pass == 0) != name.equals(hint)) continue;
                if (hint == null && pass == 1) continue;
                StateVec succ = model.tool.getNextStates(a, from);
                for (int k = 0; k < succ.size(); k++) {
                    if (model.canonical(succ.elementAt(k)).equals(to)) return new Object[] {a, succ.elementAt(k)};
                }
            }
        }
        return null;
    }

    public static void main(String[] args) {
        try {
            TlcModel model = new TlcModel(Path.of(args[0]), Path.of(args[1]));
            JsonNode in = new ObjectMapper().readTree(Path.of(args[2]).toFile());
            List<Map<String, Object>> states = new ArrayList<>();
            for (JsonNode s : in.get("states")) {
                Map<String, Object> st = new LinkedHashMap<>();
                s.fields().forEachRemaining(e -> st.put(e.getKey(), ItfValues.decode(e.getValue(), e.getKey())));
                states.add(Values.canonicalState(st));
            }
            List<String> hints = new ArrayList<>();
            for (JsonNode h : in.path("hints")) hints.add(h.isNull() ? null : h.asText());
            ObjectNode out = label(model, states, hints, in.path("back").asInt(-1));
            Path target = Path.of(args[3]);
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".labels-", ".tmp");
            new ObjectMapper().writeValue(tmp.toFile(), out);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("trace labeller: " + t);
            t.printStackTrace(System.err);
            System.exit(3);
        }
    }
}
