package ddm.epoch;

import ddm.epoch.Message.Barrier;
import ddm.epoch.Message.Record;
import ddm.epoch.Snapshots.TaskSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An operator or sink (the spec's task) as a deterministic state machine: its input gate's alignment state (the
 * blocked input channels), its state (records consumed per origin, the spec's {@code count[t]}, and its operator's
 * state) and the last epoch it recorded. Each method is one spec action; it checks the action's guard, refusing
 * with {@link ActionRefused} before any change, and returns what to send instead of sending it. Snapshots it
 * records wait in {@link #takeSnapshotsToStore()}: after each step the driver stores them durably, then acknowledges
 * them to the coordinator. The driver (the simulator or a runtime thread) owns the channels and delivers the message
 * at the head of channel {@code c}.
 *
 * <p>Test code subclasses this to seed bugs (the {@code protected} steps are what a broken variant recombines).
 */
public class Task {

    protected final String name;
    protected final List<Channel> ins;
    protected final Operator operator;
    protected final Set<Channel> blocked = new TreeSet<>();
    protected final Map<String, Long> consumed = new TreeMap<>();
    protected int recorded;
    private final List<TaskSnapshot> toStore = new ArrayList<>();

    public Task(String name, List<Channel> ins, Operator operator) {
        this.name = name;
        this.ins = List.copyOf(ins);
        this.operator = operator;
    }

    public String name() {
        return name;
    }

    public Operator operator() {
        return operator;
    }

    /** The spec's {@code recorded[t]}. */
    public int recorded() {
        return recorded;
    }

    /** The spec's {@code count[t]}: records consumed per origin (an origin never seen is absent). */
    public Map<String, Long> consumed() {
        return Collections.unmodifiableMap(consumed);
    }

    /** The input channels blocked by alignment (the spec's {@code blocked}, restricted to this task's inputs). */
    public Set<Channel> blocked() {
        return Collections.unmodifiableSet(blocked);
    }

    /** Why {@code Process(t, c)} or {@code RcvBarrier(t, c)} may not take from c now, or empty if they may. */
    public Optional<String> inputRefusal(Channel c) {
        if (!ins.contains(c)) return Optional.of(c + " is not an input of " + name);
        if (blocked.contains(c)) return Optional.of(c + " is blocked: " + name + " is aligning on epoch " + (recorded + 1));
        return Optional.empty();
    }

    /**
     * Implements {@code EpochAlignment!Process(t, c)}: consumes record {@code r} from the head of unblocked input
     * {@code c}, updates the state and returns the record to send on every output channel (none for a sink).
     */
    public Optional<Record> process(Channel c, Record r) {
        refuseUnless("Process(" + name + ", " + c + ")", inputRefusal(c));
        return consume(r);
    }

    /** The state update of {@code Process}: count the origin, apply the operator, tag the output with the epoch. */
    protected final Optional<Record> consume(Record r) {
        consumed.merge(r.origin(), 1L, Long::sum);
        long[] out = operator.apply(r.key(), r.value());
        return out == null ? Optional.empty() : Optional.of(new Record(r.origin(), recorded + 1, out[0], out[1]));
    }

    /**
     * Implements {@code EpochAlignment!RcvBarrier(t, c)}: consumes barrier {@code b} from the head of unblocked input
     * {@code c}, blocks c.
     */
    public void rcvBarrier(Channel c, Barrier b) {
        refuseUnless("RcvBarrier(" + name + ", " + c + ")", inputRefusal(c));
        if (b.epoch() != recorded + 1) {
            throw new IllegalStateException(name + " at epoch " + recorded + " received barrier " + b.epoch()
                    + " on " + c + ": barriers overtook each other (spec invariant AlignedOnNextEpoch)");
        }
        blocked.add(c);
    }

    /** Why {@code AlignedSnapshot(t)} is not enabled, or empty if it is. */
    public Optional<String> alignedSnapshotRefusal() {
        if (blocked.containsAll(ins)) return Optional.empty();
        Set<Channel> waiting = new TreeSet<>(ins);
        waiting.removeAll(blocked);
        return Optional.of(name + " still waits for barrier " + (recorded + 1) + " on " + waiting);
    }

    /**
     * Implements {@code EpochAlignment!AlignedSnapshot(t)}: the barrier of the next epoch e arrived on every input, so
     * t records its state as its snapshot of e (to store, {@link #takeSnapshotsToStore()}), then forwards barrier e
     * (returned: to send on every output channel) and unblocks its inputs. Recording comes first: the state recorded is
     * exactly the effect of the records before barrier e on every input.
     */
    public Barrier alignedSnapshot() {
        refuseUnless("AlignedSnapshot(" + name + ")", alignedSnapshotRefusal());
        record();
        blocked.removeAll(ins);
        return new Barrier(recorded);
    }

    /** Records the state as the snapshot of the next epoch. */
    protected final void record() {
        TaskSnapshot s = new TaskSnapshot(name, recorded + 1, consumed, operator.snapshot());
        recorded = s.epoch();
        toStore.add(s);
    }

    /** The snapshots recorded since the last call, oldest first: the driver stores each, then acknowledges it. */
    public List<TaskSnapshot> takeSnapshotsToStore() {
        List<TaskSnapshot> out = List.copyOf(toStore);
        toStore.clear();
        return out;
    }

    /**
     * Part of {@code Recover}: restarts from snapshot {@code s} of epoch {@code epoch} (empty: from the initial state,
     * epoch 0). Alignment restarts too.
     */
    public void restore(int epoch, Optional<TaskSnapshot> s) {
        blocked.clear();
        toStore.clear();
        consumed.clear();
        s.ifPresent(x -> consumed.putAll(x.consumed()));
        operator.restore(s.map(TaskSnapshot::state).orElse(new long[0]));
        recorded = epoch;
    }

    protected static void refuseUnless(String action, Optional<String> refusal) {
        if (refusal.isPresent()) throw new ActionRefused(action, refusal.get());
    }
}
