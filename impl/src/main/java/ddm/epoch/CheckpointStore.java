package ddm.epoch;

import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Snapshots.TaskSnapshot;
import java.util.Optional;

/**
 * Durable storage of checkpoint parts: each task's snapshot and each source's barrier position, per epoch. A part is
 * stored whole or not at all ({@link #put} returns only once the part is durable; a crash leaves the old contents).
 * The driver stores a part, then acknowledges it to the coordinator; protocol code never writes a store (only
 * {@link Recovery} reads the last completed checkpoint from it, as the input of the restore).
 */
public interface CheckpointStore {

    void put(TaskSnapshot snapshot);

    void put(SourceOffset offset);

    Optional<TaskSnapshot> task(String task, int epoch);

    Optional<SourceOffset> source(String source, int epoch);

    /** Forgets every part of the epochs after {@code epoch} (recovery aborts them; their numbers are reused). */
    void discardAfter(int epoch);

    /** Bytes stored for {@code epoch} (all parts), for the benchmark. */
    long bytes(int epoch);
}
