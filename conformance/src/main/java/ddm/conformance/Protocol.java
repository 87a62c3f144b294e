package ddm.conformance;

import ddm.conformance.events.EventModel;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.validate.ValidateRuns;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the harness knows of one protocol, registered once ({@link Protocols}) and looked up by the name the
 * CLI and {@code specs/models.json} use: its adapter (how to replay spec traces against the code), and, where the code
 * has a threaded runtime, how to record and validate runs of it.
 *
 * @param name    the protocol's name ({@code twophase-recovery})
 * @param adapter a fresh adapter for replay, or null if the protocol's code cannot be driven along a spec trace
 * @param runtime the runtime whose runs can be recorded, if any
 */
public record Protocol(String name, Supplier<ProtocolAdapter> adapter, Optional<Runtime> runtime) {

    /** Whether spec traces of this protocol's models are replayed against its code. */
    public boolean replays() {
        return adapter != null;
    }

    /**
     * A fresh adapter for replay.
     *
     * @throws BadInputException if the protocol has none (its runs are validated instead)
     */
    public ProtocolAdapter replayAdapter() {
        if (adapter == null) {
            throw new BadInputException("protocol " + name + " is not replayed (its code cannot be driven along a spec "
                    + "trace); its runs are validated instead");
        }
        return adapter.get();
    }

    /** Records N runs of a threaded runtime and validates them with {@code v} (recorded as {@code v} asks). */
    @FunctionalInterface
    public interface Runs {
        ValidateRuns.Result record(ValidateRuns v, int runs, long seed, long finishMillis) throws InterruptedException;
    }

    /**
     * A runtime whose runs are recorded: its name in messages ("2PC"), its standard runs, what validating its
     * per-node logs needs beyond the spec, and whether its runs are simulated (deterministic, one order) rather than
     * threaded.
     */
    public record Runtime(String name, Runs runs, EventModel events, boolean simulated) {}

    /** A protocol replayed only (no runtime to record). */
    public static Protocol replayOnly(String name, Supplier<ProtocolAdapter> adapter) {
        return new Protocol(name, adapter, Optional.empty());
    }

    /** A protocol with a threaded runtime. */
    public static Protocol withRuntime(String name, Supplier<ProtocolAdapter> adapter, String runtime, Runs runs,
                                       EventModel events) {
        return new Protocol(name, adapter, Optional.of(new Runtime(runtime, runs, events, false)));
    }

    /** A protocol whose runs come from a deterministic simulator, with no replay adapter. */
    public static Protocol simulatedOnly(String name, String runtime, Runs runs) {
        return new Protocol(name, null, Optional.of(new Runtime(runtime, runs, EventModel.plain(java.util.Set.of()),
                true)));
    }
}
