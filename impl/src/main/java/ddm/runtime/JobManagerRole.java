package ddm.runtime;

import ddm.epoch.Coordinator;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dataflow's checkpoint coordinator as a node process (Flink's job manager): it starts an epoch every
 * {@code epochMillis} (StartEpoch, the trigger resent to every source with each tick until injected), completes
 * epochs in order once every task has acknowledged them (CompleteEpoch, forced to its log), and restarts the job when
 * a node process restarted or it did itself: a new attempt, forced to its log before anyone hears of it (so no two
 * attempts share a number), from the last completed epoch (the spec's Recover), told to every node until each has
 * restored. At most {@code maxPending} epochs are started and not completed at once.
 */
public final class JobManagerRole implements Role<EpochWire> {

    static final long TICK = 1;
    private static final byte ATTEMPT = 1, COMPLETED = 2;

    private final List<String> sources, tasks, nodes;
    private final Coordinator.Factory coordinators;
    private final Timers timers;
    private final long epochMillis;
    private final int maxPending;
    private Coordinator coordinator;
    private long attempt;
    /** A new attempt must begin (this process restarted, or a node did). */
    private boolean restart;
    private final Set<String> restored = new HashSet<>();
    private boolean up = true;

    public JobManagerRole(List<String> sources, List<String> tasks, Coordinator.Factory coordinators, Timers timers,
                          long incarnation, long epochMillis, int maxPending) {
        this.sources = List.copyOf(sources);
        this.tasks = List.copyOf(tasks);
        List<String> all = new ArrayList<>(sources);
        all.addAll(tasks);
        this.nodes = List.copyOf(all);
        this.coordinators = coordinators;
        this.timers = timers;
        this.epochMillis = epochMillis;
        this.maxPending = maxPending;
        this.coordinator = coordinators.create(new TreeSet<>(tasks), Integer.MAX_VALUE);
        this.attempt = 1;
        this.restart = incarnation > 1;
        if (!restart) {
            restored.addAll(nodes);     // the first attempt starts from the initial state: nothing to restore
        }
        timers.arm(TICK, epochMillis);
    }

    @Override
    public String name() {
        return DataflowRole.JOB_MANAGER;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public List<Step<EpochWire>> deliver(String from, EpochWire message) {
        // A restarted node: if it took part in the current attempt, the job restarts (a new attempt); if not, it
        // may join this one, whose Restore it is told again (and with every tick until it has restored).
        if (message instanceof EpochWire.Hello h && !restart) {
            if (h.lastAttempt() < attempt) {
                restored.remove(h.node());
                return List.of(Step.sendOnly(List.of(new Step.Send<>(h.node(),
                        new EpochWire.Restore(attempt, coordinator.lastCompleted())))));
            }
            return List.of(beginAttempt());
        }
        if (message instanceof EpochWire.Restored r && r.attempt() == attempt) {
            restored.add(r.node());
            return List.of();
        }
        if (message instanceof EpochWire.Acknowledge a && a.attempt() == attempt && !restart) {
            coordinator.acknowledge(a.task(), a.epoch());
            List<Step<EpochWire>> steps = new ArrayList<>();
            for (int e = coordinator.lastCompleted() + 1; coordinator.completeEpochRefusal(e).isEmpty(); e++) {
                steps.add(completeEpoch(e));
            }
            return steps;
        }
        if (message instanceof EpochWire.Status) {
            return List.of(Step.sendOnly(List.of(new Step.Send<>(DataflowRole.CLIENT, new EpochWire.StatusReply(
                    name(), restart ? 0 : attempt, coordinator.lastCompleted(), coordinator.started(), Map.of(),
                    new long[0], nodes.size() - restored.size())))));
        }
        return List.of();
    }

    /** Implements {@code EpochAlignment!CompleteEpoch(e)}: forced before any restore may rely on it. */
    private Step<EpochWire> completeEpoch(int e) {
        coordinator.completeEpoch(e);
        return new Step<>(event("CompleteEpoch", Map.of("e", (long) e)),
                List.of(ByteBuffer.allocate(5).put(COMPLETED).putInt(e).array()), List.of());
    }

    /**
     * Implements {@code EpochAlignment!Recover} at the coordinator: attempt + 1 (forced), the epochs after the last
     * completed one aborted, and every node told to restore it.
     */
    private Step<EpochWire> beginAttempt() {
        restart = false;
        attempt++;
        int epoch = coordinator.recover();
        restored.clear();
        List<Step.Send<EpochWire>> sends = new ArrayList<>();
        nodes.forEach(n -> sends.add(new Step.Send<>(n, new EpochWire.Restore(attempt, epoch))));
        return new Step<>(event("Recover", Map.of("epoch", (long) epoch)),
                List.of(ByteBuffer.allocate(9).put(ATTEMPT).putLong(attempt).array()), sends);
    }

    @Override
    public List<Step<EpochWire>> timeout(long key) {
        if (key != TICK) {
            return List.of();
        }
        timers.arm(TICK, epochMillis);
        if (restart) {
            return List.of(beginAttempt());
        }
        List<Step.Send<EpochWire>> sends = new ArrayList<>();
        if (!restored.containsAll(nodes)) {
            for (String n : nodes) {
                if (!restored.contains(n)) {
                    sends.add(new Step.Send<>(n, new EpochWire.Restore(attempt, coordinator.lastCompleted())));
                }
            }
            return List.of(Step.sendOnly(sends));
        }
        List<Step<EpochWire>> steps = new ArrayList<>();
        int e = coordinator.started() + 1;
        if (e - coordinator.lastCompleted() <= maxPending) {
            coordinator.startEpoch(e);
            steps.add(new Step<>(event("StartEpoch", Map.of("e", (long) e)), List.of(), List.of()));
        }
        if (coordinator.started() > coordinator.lastCompleted()) {
            sources.forEach(s -> sends.add(new Step.Send<>(s, new EpochWire.Trigger(attempt, coordinator.started()))));
        }
        steps.add(Step.sendOnly(sends));
        return steps;
    }

    @Override
    public Step<EpochWire> crash() {
        up = false;
        return Step.sendOnly(List.of());
    }

    /** Its log: the attempts begun and the epochs completed. A restarted job manager begins the next attempt. */
    @Override
    public Step<EpochWire> recover(List<byte[]> records) {
        coordinator = coordinators.create(new TreeSet<>(tasks), Integer.MAX_VALUE);
        for (byte[] r : records) {
            ByteBuffer b = ByteBuffer.wrap(r);
            byte tag = b.get();
            if (tag == ATTEMPT) {
                attempt = Math.max(attempt, b.getLong());
            } else if (tag == COMPLETED) {
                int e = b.getInt();
                coordinator.startEpoch(e);
                tasks.forEach(t -> coordinator.acknowledge(t, e));
                coordinator.completeEpoch(e);
            } else {
                throw new IllegalStateException("not a record of the job manager: tag " + tag);
            }
        }
        up = true;
        restart = true;
        timers.arm(TICK, 1);
        return Step.sendOnly(List.of());
    }

    private static StepEvent event(String action, Map<String, Object> params) {
        return new StepEvent(action, params, null, List.of(), List.of(), List.of());
    }
}
