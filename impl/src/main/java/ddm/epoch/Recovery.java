package ddm.epoch;

import java.util.List;
import java.util.Optional;

/**
 * The spec's {@code Recover} over a whole dataflow, as one step: a failure takes the whole job down (as in Flink's
 * restart-all strategy) and every node restarts from the last completed epoch l. The coordinator aborts the epochs
 * after l, every task restores its snapshot of l, every source rewinds to its barrier position for l. The driver
 * calls {@link #recover} only while no node takes a step (its threads stopped), then empties the channels and
 * discards the aborted epochs' parts from the store; it passes the store for reading the checkpoint of l, which is
 * complete, so every part of it is durable.
 *
 * <p>Test code subclasses this to seed bugs (restarting from an epoch that is not complete).
 */
public class Recovery {

    /** Makes the recovery step of a dataflow's nodes; tests pass a factory of deliberately broken ones. */
    public interface Factory {
        Recovery create(Coordinator coordinator, List<Task> tasks, List<Source> sources);
    }

    protected final Coordinator coordinator;
    protected final List<Task> tasks;
    protected final List<Source> sources;

    public Recovery(Coordinator coordinator, List<Task> tasks, List<Source> sources) {
        this.coordinator = coordinator;
        this.tasks = List.copyOf(tasks);
        this.sources = List.copyOf(sources);
    }

    /**
     * Implements {@code EpochAlignment!Recover}: restarts every node from the last completed epoch l (0: the initial
     * state) and returns l. A checkpoint part of l missing from {@code store} is a broken store, not a choice: recovery
     * stops with an exception rather than restart from anything else.
     */
    public int recover(CheckpointStore store) {
        int l = coordinator.recover();
        for (Task t : tasks) t.restore(l, l == 0 ? Optional.empty() : Optional.of(taskPart(store, t.name(), l)));
        for (Source s : sources) s.rewind(l, l == 0 ? 0 : sourcePart(store, s.name(), l));
        return l;
    }

    private static Snapshots.TaskSnapshot taskPart(CheckpointStore store, String task, int epoch) {
        return store.task(task, epoch).orElseThrow(() -> new IllegalStateException(
                "completed epoch " + epoch + " has no stored snapshot of " + task));
    }

    private static int sourcePart(CheckpointStore store, String source, int epoch) {
        return store.source(source, epoch).orElseThrow(() -> new IllegalStateException(
                "completed epoch " + epoch + " has no stored offset of " + source)).offset();
    }
}
