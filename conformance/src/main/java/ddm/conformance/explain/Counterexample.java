package ddm.conformance.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.BadInputException;
import ddm.conformance.graph.GraphLoader;
import ddm.conformance.graph.TraceLabeller;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.TlcRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A negative model's counterexample, found by TLC and labelled: TLC's error trace ({@link TlcErrorTrace}) with each
 * step's action and parameters ({@link TraceLabeller}, in a child JVM), as an ITF trace. For a lasso that goes back to
 * state k, the trace ends with the step back (and the state k again), so that the loop is a stretch of columns.
 *
 * @param model    the model
 * @param tlc      what TLC printed, read
 * @param trace    the steps as an ITF trace (the step back included, for a lasso that has one)
 * @param loopFrom for a lasso: the index of the state where the loop starts (the last index when it stutters)
 */
public record Counterexample(Model model, TlcErrorTrace tlc, ItfTrace trace, Optional<Integer> loopFrom) {

    /**
     * Runs TLC on {@code model} (output in {@code work/tlc.log}) and labels its counterexample.
     *
     * @throws BadInputException if TLC reports no counterexample (the model passes, or fails otherwise)
     * @throws IOException       if TLC or the labeller could not run
     */
    public static Counterexample find(Path root, Model model, Path work) throws IOException, InterruptedException {
        TlcRun.Result r = TlcRun.run(model, root, work.resolve("tlc"));
        if (Model.Expect.ofExitCode(r.exitCode()).filter(e -> e != Model.Expect.PASS).isEmpty()) {
            if (r.exitCode() == 0) {
                throw new BadInputException("model " + model.name() + " passes: TLC found no counterexample to explain");
            }
            throw new IOException("TLC could not check " + model.name() + " (exit " + r.exitCode() + "): "
                    + GraphLoader.why(r.log()));
        }
        TlcErrorTrace tlc = TlcErrorTrace.parse(Files.readString(r.log(), StandardCharsets.UTF_8));
        return label(root, model, tlc, work);
    }

    /** Labels {@code tlc}'s steps with TLC in a child JVM. */
    static Counterexample label(Path root, Model model, TlcErrorTrace tlc, Path work) throws IOException, InterruptedException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode in = f.objectNode();
        ArrayNode states = in.putArray("states");
        for (Map<String, Object> s : tlc.states()) {
            ObjectNode o = states.addObject();
            s.forEach((k, v) -> o.set(k, ItfValues.encode(v)));
        }
        ArrayNode hints = in.putArray("hints");
        tlc.actions().forEach(a -> {
            if (a.isPresent()) hints.add(a.get());
            else hints.addNull();
        });
        in.put("back", tlc.loopsBackTo().orElse(-1));
        Files.createDirectories(work);
        Path inFile = work.resolve("counterexample-states.json"), outFile = work.resolve("counterexample-labels.json");
        new ObjectMapper().writeValue(inFile.toFile(), in);
        Files.deleteIfExists(outFile);
        Path log = work.resolve("labeller.log");
        List<String> cmd = GraphLoader.childJvm(work, TraceLabeller.class, List.of(
                root.resolve(model.module()).toAbsolutePath().toString(), root.resolve(model.config()).toAbsolutePath().toString(),
                inFile.toAbsolutePath().toString(), outFile.toAbsolutePath().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        if (code != 0 || !Files.exists(outFile)) {
            throw new IOException("labelling " + model.name() + "'s counterexample failed (exit " + code + "): " + GraphLoader.why(log));
        }
        JsonNode out = new ObjectMapper().readTree(outFile.toFile());
        if (!out.path("problem").isNull()) {
            throw new IOException("cannot follow TLC's counterexample of " + model.name() + ": " + out.get("problem").asText());
        }
        ObjectNode itf = f.objectNode();
        itf.putObject("#meta").set("constants", out.get("constants"));
        itf.set("vars", out.get("vars"));
        ArrayNode ss = itf.putArray("states");
        JsonNode labels = out.get("labels");
        for (int i = 0; i < out.get("states").size(); i++) {
            ObjectNode s = ((ObjectNode) out.get("states").get(i)).deepCopy();
            if (i > 0) putLabel(s, labels.get(i - 1));
            ss.add(s);
        }
        Optional<Integer> loop = Optional.empty();
        if (tlc.loopsBackTo().isPresent() && !out.get("backLabel").isNull()) {
            int k = tlc.loopsBackTo().getAsInt();
            ObjectNode s = ((ObjectNode) out.get("states").get(k)).deepCopy();
            putLabel(s, out.get("backLabel"));
            ss.add(s);
            loop = Optional.of(k);
        } else if (tlc.stutters()) {
            loop = Optional.of(out.get("states").size() - 1);
        }
        ItfTrace trace = ItfTrace.parse(itf, model.name() + " counterexample");
        return new Counterexample(model, tlc, trace, loop);
    }

    private static void putLabel(ObjectNode s, JsonNode label) {
        s.put(ItfTrace.ACTION_TAKEN, label.get("action").asText());
        ObjectNode picks = s.putObject(ItfTrace.NONDET_PICKS);
        for (Iterator<Map.Entry<String, JsonNode>> it = label.get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            picks.putObject(e.getKey()).put("tag", "Some").set("value", e.getValue());
        }
    }

    /** The step labels, in order (the step back of a lasso last). */
    public List<Label> steps() {
        return trace.actions();
    }
}
