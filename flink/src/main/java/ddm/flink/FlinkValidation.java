package ddm.flink;

import ddm.conformance.events.EventValidator;
import ddm.conformance.events.RunLog;
import ddm.conformance.tlc.Model;
import ddm.conformance.validate.EpochEvents;
import ddm.conformance.validate.TlcValidator;
import ddm.trace.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Validates recorded Flink runs against {@code EpochAlignment.tla} for the job's dataflow
 * ({@code specs/epoch/MC_Flink.tla}), through TLC's next-state relation in a child JVM: the per-node search looks for
 * an order of the subtasks' and the coordinator's events, consistent with their clocks, that is a behaviour of the
 * spec. At the PARAMS level: actions and their parameters; the spec's counts of the abstract records stand for no
 * Flink state.
 */
public final class FlinkValidation implements AutoCloseable {

    /** The model: not in specs/models.json, since it is for following runs, never for TLC to enumerate. */
    public static final Model MODEL = new Model("EpochAlignment-Flink", "specs/epoch/MC_Flink.tla",
            "specs/epoch/MC_Flink.cfg", Model.Expect.PASS, Model.Tier.LARGE, OptionalLong.empty(), Optional.empty(),
            1, "the Flink job's dataflow: 2 sources, 2 keyed counters, a sum", Optional.empty(), Optional.empty());

    /** Search states per run before the search gives up. */
    public static final long BUDGET = 2_000_000;

    private final TlcValidator tlc;

    /** Starts TLC on the model, with the repository at {@code root} and scratch files under {@code work}. */
    public FlinkValidation(Path root, Path work) throws IOException {
        this.tlc = new TlcValidator(root, MODEL, work);
    }

    public TlcValidator.EventVerdict validate(RunLog run) {
        return tlc.validate(EventValidator.at(run, Level.PARAMS, EpochEvents.MODEL), EpochEvents.MODEL, BUDGET, null);
    }

    /** The repository root: the first folder above {@code from} with specs/ and a pom.xml. */
    public static Path root(Path from) {
        for (Path p = from.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("specs")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no repository root above " + from);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tlc.close();
    }
}
