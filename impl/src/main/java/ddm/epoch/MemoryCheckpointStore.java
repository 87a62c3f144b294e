package ddm.epoch;

import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Snapshots.TaskSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A checkpoint store in memory for the simulator: keeps the encoded bytes, so every read decodes what was written. */
public final class MemoryCheckpointStore implements CheckpointStore {

    private final Map<String, byte[]> parts = new HashMap<>();

    @Override
    public synchronized void put(TaskSnapshot s) {
        parts.put(key("task", s.task(), s.epoch()), s.encode());
    }

    @Override
    public synchronized void put(SourceOffset o) {
        parts.put(key("source", o.source(), o.epoch()), o.encode());
    }

    @Override
    public synchronized Optional<TaskSnapshot> task(String task, int epoch) {
        return Optional.ofNullable(parts.get(key("task", task, epoch))).map(TaskSnapshot::decode);
    }

    @Override
    public synchronized Optional<SourceOffset> source(String source, int epoch) {
        return Optional.ofNullable(parts.get(key("source", source, epoch))).map(SourceOffset::decode);
    }

    @Override
    public synchronized void discardAfter(int epoch) {
        parts.keySet().removeIf(k -> Integer.parseInt(k.substring(k.lastIndexOf('@') + 1)) > epoch);
    }

    @Override
    public synchronized long bytes(int epoch) {
        return parts.entrySet().stream().filter(e -> e.getKey().endsWith("@" + epoch))
                .mapToLong(e -> e.getValue().length).sum();
    }

    private static String key(String kind, String name, int epoch) {
        return kind + ":" + name + "@" + epoch;
    }
}
