package ddm.conformance.validate;

import ddm.conformance.Repo;
import ddm.conformance.graph.StateGraph;
import java.nio.file.Path;

/** TwoPhaseRecovery-3-live's graph, explored once per test JVM (about 5 s). */
final class Explored {

    static final String MODEL = "TwoPhaseRecovery-3-live";
    private static StateGraph graph;

    private Explored() {}

    static synchronized StateGraph graph() throws Exception {
        if (graph == null) {
            graph = ddm.conformance.Explored.graph(MODEL);
        }
        return graph;
    }

    static Path root() {
        return Repo.root();
    }
}
