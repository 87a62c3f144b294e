package ddm.epoch;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkpoint coordinator as a deterministic state machine: the last epoch started, the tasks' acknowledgements
 * (a task acknowledges epoch e once its snapshot of e is durable) and the last epoch completed. Epochs complete in
 * order, and only once every task acknowledged. When to start an epoch (every N records, every T ms) is the driver's
 * decision; {@link #everyRecords} is the count-based trigger.
 *
 * <p>The acknowledgements are the spec's {@code acked}, which conformance compares like every other variable. Not
 * final only so that tests can seed a bug in {@link #acknowledgedAfterRecovery}.
 */
public class Coordinator {

    /** Makes a dataflow's coordinator; tests pass a factory of deliberately broken ones. */
    public interface Factory {
        Coordinator create(Set<String> tasks, int maxEpoch);
    }

    private final int maxEpoch;
    private final Map<String, Integer> acked = new TreeMap<>();
    private int started;
    private int lastCompleted;

    /** @param maxEpoch the last epoch this coordinator will start (a bound on checkpoints, the spec's MaxEpoch) */
    public Coordinator(Set<String> tasks, int maxEpoch) {
        this.maxEpoch = maxEpoch;
        for (String t : tasks) acked.put(t, 0);
    }

    /** The spec's {@code started}. */
    public synchronized int started() {
        return started;
    }

    /** The spec's {@code LastCompleted} ({@code completed} is 1 .. this). */
    public synchronized int lastCompleted() {
        return lastCompleted;
    }

    /** The spec's {@code acked}: per task, the last epoch it acknowledged (that is not aborted). */
    public synchronized Map<String, Integer> acknowledged() {
        return Collections.unmodifiableMap(new TreeMap<>(acked));
    }

    public synchronized Optional<String> startEpochRefusal(int e) {
        if (e != started + 1) return Optional.of("the next epoch is " + (started + 1) + ", not " + e);
        if (e > maxEpoch) return Optional.of("epoch " + e + " is beyond the last epoch " + maxEpoch);
        return Optional.empty();
    }

    /**
     * Implements {@code EpochAlignment!StartEpoch(e)}: starts epoch e without waiting for earlier epochs to complete.
     */
    public synchronized void startEpoch(int e) {
        Task.refuseUnless("StartEpoch(" + e + ")", startEpochRefusal(e));
        started = e;
    }

    /** Count-based trigger: whether {@code recordsSinceLast} records since the last start call for a new epoch. */
    public static boolean everyRecords(long recordsSinceLast, long n) {
        return n > 0 && recordsSinceLast >= n;
    }

    /** Task {@code task} has stored its snapshot of {@code epoch} durably. */
    public synchronized void acknowledge(String task, int epoch) {
        acked.merge(task, epoch, Math::max);
    }

    public synchronized Optional<String> completeEpochRefusal(int e) {
        if (e < 1 || e > started) return Optional.of("epoch " + e + " is not started (started: " + started + ")");
        if (e != lastCompleted + 1) return Optional.of("the next epoch to complete is " + (lastCompleted + 1));
        for (Map.Entry<String, Integer> a : acked.entrySet()) {
            if (a.getValue() < e) return Optional.of(a.getKey() + " has not acknowledged epoch " + e);
        }
        return Optional.empty();
    }

    /**
     * Implements {@code EpochAlignment!CompleteEpoch(e)}: every task acknowledged e; e is complete (recovery may now
     * restart from it).
     */
    public synchronized void completeEpoch(int e) {
        Task.refuseUnless("CompleteEpoch(" + e + ")", completeEpochRefusal(e));
        lastCompleted = e;
    }

    /**
     * Part of {@code Recover}: the epochs after the last completed one are aborted, with their acknowledgements; the
     * next epoch started reuses the first aborted number. Returns the epoch to restart from.
     */
    public synchronized int recover() {
        started = lastCompleted;
        acked.replaceAll((t, a) -> acknowledgedAfterRecovery(a, lastCompleted));
        return lastCompleted;
    }

    /**
     * A task's acknowledgement once the job restarts from epoch {@code restored}: that epoch, which every task has
     * stored (it is complete), and no later one, since the later ones are aborted and their numbers reused.
     */
    protected int acknowledgedAfterRecovery(int acknowledged, int restored) {
        return restored;
    }
}
