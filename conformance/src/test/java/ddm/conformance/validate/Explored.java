package ddm.conformance.validate;

import ddm.conformance.Repo;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import java.nio.file.Files;
import java.nio.file.Path;

/** TwoPhaseRecovery-3-live's graph, explored once per test JVM (about 5 s). */
final class Explored {

    static final String MODEL = "TwoPhaseRecovery-3-live";
    private static StateGraph graph;

    private Explored() {}

    static synchronized StateGraph graph() throws Exception {
        if (graph == null) {
            Model m = Manifest.read(Repo.root().resolve("specs/models.json"), Repo.root()).byName(MODEL).orElseThrow();
            graph = ConformanceCheck.explore(Repo.root(), m, Files.createTempDirectory("validate-graph"));
        }
        return graph;
    }

    static Path root() {
        return Repo.root();
    }
}
