package ddm.conformance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.TlcRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explores a model's state graph by starting {@link Explore} in a child JVM (TLC's static state allows one spec per
 * JVM) and reading back what it wrote.
 */
public final class GraphLoader {

    /** How to explore: every state (up to a bound), or random walks. */
    public sealed interface Mode {
        List<String> args();
    }

    /** Every reachable state; the graph is incomplete if there are more than {@code maxStates}. */
    public record Full(int maxStates) implements Mode {
        public List<String> args() {
            return List.of("full", Integer.toString(maxStates));
        }
    }

    /** {@code count} random walks of at most {@code depth} steps, from {@code seed}. */
    public record Walks(int count, int depth, long seed) implements Mode {
        public List<String> args() {
            return List.of("walks", Integer.toString(count), Integer.toString(depth), Long.toString(seed));
        }
    }

    private GraphLoader() {}

    public static StateGraph explore(Path root, Model model, Mode mode, Path workDir)
            throws IOException, InterruptedException {
        Path out = workDir.resolve("graph.json");
        Files.deleteIfExists(out);
        Path log = workDir.resolve("explore.log");
        List<String> cmd = childJvm(workDir, Explore.class, List.of(root.resolve(model.module()).toAbsolutePath().toString(),
                root.resolve(model.config()).toAbsolutePath().toString(), out.toAbsolutePath().toString()));
        cmd.addAll(mode.args());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        if (code != 0 || !Files.exists(out)) {
            throw new IOException("exploring " + model.name() + " failed (exit " + code + "): " + why(log));
        }
        return read(out);
    }

    /**
     * Why a TLC child failed, in one line, from its log: the first error TLC reported with the lines that say where
     * (SANY's "Encountered ... at line L, column C", the module), or the child's own last word; and where the log is.
     */
    public static String why(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no log at " + log;
        }
        List<String> said = new ArrayList<>();
        for (int i = 0; i < lines.size() && said.isEmpty(); i++) {
            String l = lines.get(i).strip();
            if (!l.contains("Error") && !l.contains("error")) continue;
            for (int k = i; k < lines.size() && said.size() < 4; k++) {
                String m = lines.get(k).strip();
                if (m.startsWith("Residual stack trace") || m.startsWith("at ")) break;
                if (!m.isEmpty()) said.add(m);
            }
        }
        lines.stream().map(String::strip).filter(l -> l.startsWith("In module ")).findFirst().ifPresent(said::add);
        if (said.isEmpty()) {
            lines.stream().filter(l -> l.contains(": ") && !l.startsWith("\t")).reduce((a, b) -> b).ifPresent(said::add);
        }
        return String.join(" ", said) + " (log: " + log + ")";
    }

    /**
     * The command that runs {@code main} with {@code args} in a JVM of its own, with this JVM's class path and TLC's,
     * and its own temporary folder under {@code workDir} (TLC unpacks its standard modules there).
     */
    public static List<String> childJvm(Path workDir, Class<?> main, List<String> args) throws IOException {
        Files.createDirectories(workDir.resolve("tmp"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xss16m",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path") + java.io.File.pathSeparator + TlcRun.tlaToolsPath(),
                main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Reads a graph {@link Explore} wrote. */
    public static StateGraph read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<String, Object> constants = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("constants").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            constants.put(c.getKey(), ItfValues.decode(c.getValue(), "constant " + c.getKey()));
        }
        List<String> vars = new ArrayList<>();
        root.get("vars").forEach(v -> vars.add(v.asText()));
        List<Map<String, Object>> states = new ArrayList<>();
        List<ObjectNode> json = new ArrayList<>();
        int i = 0;
        for (JsonNode s : root.get("states")) {
            Map<String, Object> state = new LinkedHashMap<>();
            for (String v : vars) state.put(v, ItfValues.decode(s.get(v), "state " + i + ": " + v));
            states.add(Values.canonicalState(state));
            json.add((ObjectNode) s);
            i++;
        }
        List<Integer> init = new ArrayList<>();
        root.get("init").forEach(n -> init.add(n.asInt()));
        List<Label> labels = new ArrayList<>();
        for (JsonNode l : root.get("labels")) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = l.get("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), ItfValues.decode(e.getValue(), "label parameter " + e.getKey()));
            }
            labels.add(new Label(l.get("action").asText(), params));
        }
        List<StateGraph.Edge> edges = new ArrayList<>();
        for (JsonNode e : root.get("edges")) edges.add(new StateGraph.Edge(e.get(0).asInt(), e.get(1).asInt(), e.get(2).asInt()));
        BitSet expanded = new BitSet();
        root.get("expanded").forEach(n -> expanded.set(n.asInt()));
        List<List<Integer>> walks = new ArrayList<>();
        for (JsonNode w : root.get("walks")) {
            List<Integer> walk = new ArrayList<>();
            w.forEach(n -> walk.add(n.asInt()));
            walks.add(walk);
        }
        return new StateGraph(Values.canonicalState(constants), List.copyOf(vars), states, json, init, labels, edges,
                expanded, walks, root.get("complete").asBoolean());
    }
}
