package ddm.conformance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.events.EventModel;
import ddm.conformance.events.EventValidator;
import ddm.conformance.events.LinearizationSearch;
import ddm.conformance.events.RunLog;
import ddm.conformance.events.SpecOracle;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.trace.Event;
import ddm.trace.EventFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * TLC checks recorded traces against a model too large to enumerate: the trace spec's behaviour, computed directly.
 * A trace spec (Cirstea, Kuppe, Loillier, Merz 2024) is the spec with its behaviours constrained to the recorded
 * states; since a recorded state gives every variable, that behaviour is found step by step: start from the initial
 * state of the model equal to the recorded first state, and for each recorded step (s, action, t) ask TLC's
 * next-state relation for the successors of s under the split actions that carry the recorded label; the step is a
 * step of the spec if one of them is t. A step with t = s is a stutter, which TLA+ allows anywhere. The first step that
 * is not a behaviour of the spec is reported with every action enabled in s (its label), and, if the recorded action
 * was enabled, the state the spec's action leads to instead.
 *
 * <p>TLC's model constraints (CONSTRAINT, ACTION_CONSTRAINT) bound what TLC explores, not the spec: a recorded run
 * may leave them, and its steps are still checked.
 *
 * <p>A child JVM of its own (TLC allows one spec per JVM), serving many traces: it reads one ITF trace per line on
 * standard input (as compact JSON) and answers each with one line {@code RESULT <json>} on standard output (TLC's own output
 * may come between): {@code {"source", "steps", "stutters", "failure": null or {"step", "problem", "allowed",
 * "spec"}, "allowedAtEnd"}}, where {@code allowed} and {@code allowedAtEnd} are labels and {@code spec} a state or null.
 * A line that cannot be checked (not an ITF trace) is answered {@code RESULT {"error": "..."}}. End of input ends it.
 *
 * <p>A line {@code {"kind": "events", ...}} asks instead for a run given as per-node logs to be searched for an order
 * consistent with happens-before that is a behaviour of the spec ({@link EventValidator}),
 * with TLC's next-state relation as the spec ({@link TlcOracle}): {@code source}, {@code budget}, {@code model} (the
 * protocol's {@link EventModel}: {@code markers}, {@code crashes}, {@code stutters},
 * {@code network}, {@code partial}, each an array of names) and {@code events} (each an event's line). The answer is
 * {@code RESULT {"kind": "events", "passed", "report", "searched", "paths"}}: the report of a rejected run, and each
 * accepted instance's order as its initial state and steps ({@code label}, {@code state}), for coverage, with the
 * actions the spec allows where it ends ({@code allowed}).
 * Usage: {@code TraceFollower <module.tla> <model.cfg> [<initial.json>]}: with a third argument it first writes the
 * model's constants and initial states there, as {@link Explore} writes a graph, and then says {@code READY} on a line
 * of its own (so that the parent needs no second TLC JVM for them).
 */
public final class TraceFollower {

    /** What the parent looks for; anything else on standard output is TLC's. */
    public static final String RESULT = "RESULT ";

    /** What it says once it can take traces (and, if asked, has written the initial states). */
    public static final String READY = "READY";

    private final TlcModel model;
    private TlcOracle oracle;
    private final Map<Label, List<Action>> byLabel = new HashMap<>();
    private final Map<Action, ObjectNode> labels = new LinkedHashMap<>();

    private final Path specDir;

    private TraceFollower(Path module, Path cfg) {
        specDir = module.toAbsolutePath().getParent();
        model = new TlcModel(module, cfg);
        for (Action a : model.actions) {
            byLabel.computeIfAbsent(model.label(a), l -> new ArrayList<>()).add(a);
            labels.put(a, model.labelJson(a));
        }
    }

    /** Searches a run's per-node logs, as the class comment says. */
    ObjectNode searchEvents(JsonNode req) {
        if (oracle == null) oracle = new TlcOracle(model, new Guards(model, specDir));
        JsonNode m = req.get("model");
        EventModel em = new EventModel(names(m.get("markers")),
                names(m.get("crashes")), names(m.get("stutters")), names(m.get("network")), names(m.get("partial")));
        Map<String, List<Event>> nodes = new TreeMap<>();
        for (JsonNode line : req.get("events")) {
            Event e = EventFormat.decode(line.asText());
            nodes.computeIfAbsent(e.node(), n -> new ArrayList<>()).add(e);
        }
        EventValidator v = new EventValidator(oracle, em,
                req.get("budget").asLong());
        EventValidator.Verdict verdict = v.validate(
                new RunLog(req.get("source").asText(), nodes), null);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("kind", "events");
        out.put("passed", verdict.passed());
        out.put("report", verdict.passed() ? "" : v.report(verdict));
        out.put("searched", verdict.instances().stream().mapToLong(
                LinearizationSearch.Result::searched).sum());
        ArrayNode paths = out.putArray("paths");
        for (LinearizationSearch.Result r : verdict.instances()) {
            if (!r.accepted()) continue;
            ObjectNode p = paths.addObject();
            p.put("instance", r.instance());
            p.set("init", model.stateJson(oracle.tlcState(v.initialOf(r))));
            ArrayNode steps = p.putArray("steps");
            int end = v.initialOf(r);
            for (LinearizationSearch.Move mv : r.path()) {
                if (mv.kind() != LinearizationSearch.Kind.STEP) continue;
                ObjectNode st = steps.addObject();
                st.set("label", labelJson(mv.label()));
                st.set("state", model.stateJson(oracle.tlcState(mv.target())));
                end = mv.target();
            }
            ArrayNode allowed = p.putArray("allowed");
            oracle.next(end).stream().map(SpecOracle.Step::label).distinct().forEach(l -> allowed.add(labelJson(l)));
        }
        return out;
    }

    private static Set<String> names(JsonNode a) {
        Set<String> out = new HashSet<>();
        if (a != null) a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static ObjectNode labelJson(Label l) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("action", l.action());
        ObjectNode params = o.putObject("params");
        l.params().forEach((k, v) -> params.set(k, ItfValues.encode(v)));
        return o;
    }

    ObjectNode follow(ItfTrace trace) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("source", trace.source());
        List<Map<String, Object>> states = trace.states();
        TLCState at = null;
        StateVec init = model.tool.getInitStates();
        for (int k = 0; k < init.size() && at == null; k++) {
            if (model.canonical(init.elementAt(k)).equals(states.get(0))) at = init.elementAt(k);
        }
        int steps = 0, stutters = 0;
        ObjectNode failure = null;
        if (at == null) {
            failure = failure(0, "the first state is not an initial state of the model", null, null);
        }
        for (int i = 0; failure == null && i < trace.steps(); i++) {
            Map<String, Object> next = states.get(i + 1);
            Label label = trace.actions().get(i);
            steps++;
            if (next.equals(states.get(i))) {
                stutters++;
                continue;
            }
            Optional<TLCState> spec = Optional.empty();
            TLCState found = null;
            for (Action a : byLabel.getOrDefault(label, List.of())) {
                StateVec succ = model.tool.getNextStates(a, at);
                for (int k = 0; k < succ.size() && found == null; k++) {
                    TLCState t = succ.elementAt(k);
                    if (spec.isEmpty()) spec = Optional.of(t);
                    if (model.canonical(t).equals(next)) found = t;
                }
            }
            if (found != null) {
                at = found;
                continue;
            }
            String problem = spec.isEmpty() ? "the spec does not allow " + label + " from the state before it"
                    : "the spec's " + label + " leads elsewhere";
            failure = failure(i + 1, problem, enabled(at), spec.map(model::stateJson).orElse(null));
        }
        out.put("steps", steps);
        out.put("stutters", stutters);
        out.set("failure", failure);
        out.set("allowedAtEnd", failure == null ? enabled(at) : JsonNodeFactory.instance.arrayNode());
        return out;
    }

    private static ObjectNode failure(int step, String problem, ArrayNode allowed, ObjectNode spec) {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("step", step);
        f.put("problem", problem);
        f.set("allowed", allowed == null ? JsonNodeFactory.instance.arrayNode() : allowed);
        f.set("spec", spec);
        return f;
    }

    /** The labels of the actions enabled in {@code s}. */
    private ArrayNode enabled(TLCState s) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Action a : model.actions) {
            if (model.tool.getNextStates(a, s).size() > 0) out.add(labels.get(a));
        }
        return out;
    }

    public static void main(String[] args) {
        PrintStream results = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        TraceFollower f;
        try {
            f = new TraceFollower(Path.of(args[0]), Path.of(args[1]));
            if (args.length > 2) Explore.writeInitial(f.model, Path.of(args[2]));
            results.println(READY);
        } catch (Throwable t) {
            System.err.println("trace follower: " + t);
            t.printStackTrace(System.err);
            System.exit(3);
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                ObjectNode answer;
                try {
                    JsonNode req = mapper.readTree(line);
                    answer = req.has("kind") && req.get("kind").asText().equals("events") ? f.searchEvents(req)
                            : f.follow(ItfTrace.parse(req, "trace"));
                } catch (RuntimeException | java.io.IOException e) {
                    answer = JsonNodeFactory.instance.objectNode().put("error", String.valueOf(e.getMessage()));
                }
                results.println(RESULT + mapper.writeValueAsString(answer));
            }
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("trace follower: " + t);
            t.printStackTrace(System.err);
            System.exit(3);
        }
    }
}
