package ddm.conformance.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.BadInputException;
import ddm.conformance.events.EventModel;
import ddm.conformance.events.RunLog;
import ddm.conformance.graph.GraphLoader;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.graph.TraceFollower;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Coverage;
import ddm.conformance.tlc.Model;
import ddm.trace.EventFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Validates recorded traces through TLC, for a model whose state graph is too large to enumerate: each trace is
 * handed as ITF to a {@link TraceFollower} in a child JVM, which follows it with TLC's next-state relation
 * (the trace spec's behaviour). One child serves every trace of a validation, so TLC parses the spec once.
 *
 * <p>{@link #graph} is the model's constants and initial states (no steps), which the recorded runs are shaped by; the
 * child writes them when it starts, so one TLC JVM serves the whole validation. {@link #allowed} knows the last state of each trace validated without failure, which is where a run
 * that did not finish is reported from.
 */
public final class TlcValidator implements TraceChecker, AutoCloseable {

    private final StateGraph graph;
    private final Path log;
    private final Process child;
    private final Writer toChild;
    private final BufferedReader fromChild;
    private final TreeSet<String> vars;
    private final Map<Map<String, Object>, List<Label>> allowedAtEnd = new HashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private long traces, steps, stutters;

    /**
     * Starts TLC on {@code model} (from {@code root}), working in {@code workDir}, and waits until it has parsed the
     * spec and written the model's constants and initial states.
     */
    public TlcValidator(Path root, Model model, Path workDir) throws IOException {
        Path dir = workDir.resolve("tlc-validate");
        Files.createDirectories(dir);
        this.log = dir.resolve("tlc.log");
        Path initial = dir.resolve("initial.json");
        Files.deleteIfExists(initial);
        List<String> cmd = GraphLoader.childJvm(dir, TraceFollower.class, List.of(
                root.resolve(model.module()).toAbsolutePath().toString(),
                root.resolve(model.config()).toAbsolutePath().toString(), initial.toAbsolutePath().toString()));
        child = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();   // TLC's own output before the follower is ready (SANY's errors)
        String line;
        while ((line = fromChild.readLine()) != null && !line.equals(TraceFollower.READY)) said.add(line);
        if (line == null || !Files.exists(initial)) {
            child.destroyForcibly();
            Path startLog = dir.resolve("tlc-start.log");
            said.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
            Files.write(startLog, said, StandardCharsets.UTF_8);
            throw new IOException("starting TLC on " + model.name() + " failed: " + GraphLoader.why(startLog));
        }
        this.graph = GraphLoader.read(initial);
        this.vars = new TreeSet<>(graph.vars());
    }

    @Override
    public StateGraph graph() {
        return graph;
    }

    @Override
    public Optional<Validator.Failure> validate(ItfTrace t, Coverage coverage) {
        if (!new TreeSet<>(t.vars()).equals(vars)) {
            throw new BadInputException(t.source() + ": variables " + new TreeSet<>(t.vars())
                    + " are not the model's " + vars);
        }
        JsonNode r = ask(t);
        traces++;
        steps += r.get("steps").asLong();
        stutters += r.get("stutters").asLong();
        List<Map<String, Object>> states = t.states();
        JsonNode f = r.get("failure");
        int visited = f == null || f.isNull() ? states.size() : f.get("step").asInt();
        if (coverage != null) {
            for (int i = 0; i < Math.max(1, visited); i++) {
                coverage.visit(i == 0 ? Optional.empty() : Optional.of(t.actions().get(i - 1)), states.get(i));
            }
        }
        if (f == null || f.isNull()) {
            allowedAtEnd.put(states.get(states.size() - 1), labels(r.get("allowedAtEnd")));
            return Optional.empty();
        }
        int step = f.get("step").asInt();
        Map<String, Object> before = states.get(Math.max(0, step - 1)), after = states.get(step);
        List<String> diff = List.of();
        if (step > 0) {
            diff = f.get("spec").isNull() ? Validator.diff(before, after, "before")
                    : Validator.diff(state(f.get("spec")), after, "spec");
        }
        return Optional.of(new Validator.Failure(t.source(), step,
                step == 0 ? Optional.empty() : Optional.of(t.actions().get(step - 1)), f.get("problem").asText(),
                before, after, labels(f.get("allowed")), diff));
    }

    /** TLC's verdict on a run given as per-node logs: passed, the report if not, and the states it was in. */
    public record EventVerdict(boolean passed, String report, long searched, List<Map<String, Object>> ends) {}

    /**
     * Searches {@code run}'s per-node logs for an order consistent with happens-before that is a behaviour of the
     * spec, with TLC's next-state relation, in the child JVM; {@code model} is the protocol's event model. Feeds
     * {@code coverage} (if not null) the states of every accepted order.
     */
    public EventVerdict validate(RunLog run, EventModel model, long budget, Coverage coverage) {
        ObjectNode req = mapper.createObjectNode();
        req.put("kind", "events");
        req.put("source", run.source());
        req.put("budget", budget);
        ObjectNode m = req.putObject("model");
        for (var e : Map.of("markers", model.markers(), "crashes", model.crashes(), "stutters", model.stutters(),
                "network", model.network(), "partial", model.partial()).entrySet()) {
            ArrayNode a = m.putArray(e.getKey());
            e.getValue().forEach(a::add);
        }
        ArrayNode events = req.putArray("events");
        run.events().forEach(e -> events.add(EventFormat.encode(e)));
        JsonNode r = ask(req, run.source());
        List<Map<String, Object>> ends = new ArrayList<>();
        for (JsonNode p : r.get("paths")) {
            Map<String, Object> at = state(p.get("init"));
            if (coverage != null) coverage.visit(Optional.empty(), at);
            for (JsonNode st : p.get("steps")) {
                at = state(st.get("state"));
                if (coverage != null) coverage.visit(Optional.of(labels(mapper.createArrayNode().add(st.get("label")))
                        .get(0)), at);
            }
            ends.add(at);
            allowedAtEnd.put(at, labels(p.get("allowed")));
        }
        return new EventVerdict(r.get("passed").asBoolean(), r.get("report").asText(), r.get("searched").asLong(),
                ends);
    }

    /** Hands {@code t} to TLC and waits for its answer. */
    private JsonNode ask(ItfTrace t) {
        return ask(t.toJson("recorded trace validated through TLC"), t.source());
    }

    /** Hands request {@code req} (about {@code what}) to TLC and waits for its answer. */
    private JsonNode ask(JsonNode req, String what) {
        try {
            toChild.write(mapper.writeValueAsString(req) + "\n");
            toChild.flush();
            for (String line; (line = fromChild.readLine()) != null; ) {
                if (!line.startsWith(TraceFollower.RESULT)) continue;
                JsonNode r = mapper.readTree(line.substring(TraceFollower.RESULT.length()));
                if (r.has("error")) throw new BadInputException(what + ": " + r.get("error").asText());
                return r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TLC's trace follower failed: " + lastError(), e);
        }
        throw new UncheckedIOException("TLC's trace follower stopped: " + lastError(),
                new IOException("no answer from the child JVM"));
    }

    private String lastError() {
        return GraphLoader.why(log);
    }

    private Map<String, Object> state(JsonNode s) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String v : vars) state.put(v, ItfValues.decode(s.get(v), "TLC's state: " + v));
        return Values.canonicalState(state);
    }

    private static List<Label> labels(JsonNode array) {
        List<Label> out = new ArrayList<>();
        for (JsonNode l : array) {
            Map<String, Object> params = new LinkedHashMap<>();
            l.get("params").fields().forEachRemaining(e ->
                    params.put(e.getKey(), ItfValues.decode(e.getValue(), "label parameter " + e.getKey())));
            out.add(new Label(l.get("action").asText(), params));
        }
        out.sort(java.util.Comparator.comparing(Label::toString));
        return out.stream().distinct().toList();
    }

    @Override
    public List<Label> allowed(Map<String, Object> state) {
        return allowedAtEnd.getOrDefault(state, List.of());
    }

    @Override
    public Validator.Totals totals() {
        return new Validator.Totals(traces, steps, stutters, 0);
    }

    /** Ends the child JVM. */
    @Override
    public void close() throws IOException, InterruptedException {
        toChild.close();
        if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) child.destroyForcibly();
    }
}
