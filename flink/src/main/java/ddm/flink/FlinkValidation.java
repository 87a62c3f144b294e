package ddm.flink;

import ddm.conformance.events.EventValidator;
import ddm.conformance.events.RunLog;
import ddm.conformance.tlc.Model;
import ddm.conformance.events.EventModel;
import ddm.conformance.validate.TlcValidator;
import ddm.trace.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Validates recorded Flink runs against {@code EpochAlignment.tla} for the job's dataflow
 * ({@code specs/epoch/MC_Flink.tla}), through TLC's next-state relation in a child JVM: the per-node search looks for
 * an order of the subtasks' and the coordinator's events, consistent with their clocks, that is a behaviour of the
 * spec. Actions and their parameters, and at {@code Recover} the epoch restored; the spec's counts of the abstract
 * records stand for no Flink state.
 */
public final class FlinkValidation implements AutoCloseable {

    /**
     * The model with recovery on (up to 2 failures), which a run without failures follows too: far too large to
     * enumerate, for following runs only (specs/models.json has its small twin, EpochAlignment-Flink-Recovery).
     */
    public static final Model MODEL = new Model("EpochAlignment-Flink-Recovery-Runs", "specs/epoch/MC_Flink.tla",
            "specs/epoch/MC_FlinkRecovery.cfg", Model.Expect.PASS, Model.Tier.LARGE, OptionalLong.empty(),
            Optional.empty(), 1, "the Flink job's dataflow: 2 sources, 2 keyed counters, a sum; 2 failures",
            Optional.empty(), Optional.empty());

    /**
     * What the logs hold beyond the spec: {@code Fail}, a marker (the failure alone is no spec step; the
     * {@code Recover} after it is), and the variables the restore logs at {@code Recover}: {@code started} and
     * {@code recorded}, the epoch it restored. Every other step logs its action and parameters only.
     */
    public static final EventModel EVENTS = new EventModel(Set.of("Fail"), Set.of(), Set.of(), Set.of("chan"),
            Set.of("started", "recorded"));

    /** Search states per run before the search gives up. */
    public static final long BUDGET = 2_000_000;

    private final TlcValidator tlc;

    /** Starts TLC on the model, with the repository at {@code root} and scratch files under {@code work}. */
    public FlinkValidation(Path root, Path work) throws IOException {
        this.tlc = new TlcValidator(root, MODEL, work);
    }

    public TlcValidator.EventVerdict validate(RunLog run) {
        return tlc.validate(EventValidator.at(run, Level.PARTIAL, EVENTS), EVENTS, BUDGET, null);
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
