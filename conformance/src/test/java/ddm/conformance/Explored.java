package ddm.conformance;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model of specs/models.json explored once for a test class: its entry, its graph and its traces (the path cover,
 * or the walks). {@link #check} replays them all against an adapter, refusal check included.
 */
public record Explored(Model model, StateGraph graph, List<ItfTrace> traces) {

    /** The manifest entry named {@code name}. */
    public static Model model(String name) {
        return Manifest.read(Repo.root().resolve("specs/models.json"), Repo.root()).byName(name).orElseThrow(
                () -> new IllegalArgumentException("no model " + name + " in specs/models.json"));
    }

    /** The graph of the model named {@code name}, explored with TLC in a fresh scratch folder. */
    public static StateGraph graph(String name) throws Exception {
        return ConformanceCheck.explore(Repo.root(), model(name), Files.createTempDirectory("graph-" + name));
    }

    /** Explores the model with TLC (in a child JVM, scratch files under {@code work}). */
    public static Explored of(String name, Path work) throws Exception {
        Model m = model(name);
        StateGraph g = ConformanceCheck.explore(Repo.root(), m, work);
        return new Explored(m, g, ConformanceCheck.traces(m, g));
    }

    private static final java.util.Map<String, Explored> SHARED = new java.util.HashMap<>();

    /**
     * The model explored once per test JVM (surefire runs every test class in one), for test classes that only read
     * it: a second class that needs the same graph does not pay for TLC again.
     */
    public static synchronized Explored shared(String name) throws Exception {
        Explored e = SHARED.get(name);
        if (e == null) {
            e = of(name, Files.createTempDirectory("explored-" + name));
            SHARED.put(name, e);
        }
        return e;
    }

    public ConformanceCheck.Result check(ProtocolAdapter adapter) {
        return check(traces, adapter);
    }

    public ConformanceCheck.Result check(List<ItfTrace> someTraces, ProtocolAdapter adapter) {
        return ConformanceCheck.replay(model, graph, someTraces, adapter);
    }
}
