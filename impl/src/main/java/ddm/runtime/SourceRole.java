package ddm.runtime;

import ddm.epoch.Message;
import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Source;
import ddm.runtime.node.Step;
import ddm.runtime.node.Timers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A source of the dataflow as a node process: it emits its replayable input at a steady rate (SourceEmit), injects
 * the barrier of every epoch the job manager has started (InjectBarrier), its position forced to its log first, and
 * rewinds to its position at the restored epoch when the job restarts.
 */
public final class SourceRole extends DataflowRole {

    private final List<long[]> input;
    private final long emitMillis;
    private final int perEmit;
    private Source source;
    /** Its position at each epoch's barrier (the spec's offset[s]), as its log holds them. */
    private final Map<Integer, Integer> offsets = new TreeMap<>();

    public SourceRole(String name, List<long[]> input, List<String> outs, Timers timers, long incarnation,
                      long emitMillis, int perEmit) {
        super(name, outs, List.of(), timers, incarnation, 50, 64);
        this.input = List.copyOf(input);
        this.emitMillis = emitMillis;
        this.perEmit = perEmit;
        this.source = new Source(name, input);
        timers.arm(EMIT, emitMillis);
    }

    /** Part of {@code EpochAlignment!Recover}: back to the position of the restored epoch's barrier. */
    @Override
    protected void restore(int epoch) {
        source = new Source(name, input);
        if (epoch > 0) {
            Integer offset = offsets.get(epoch);
            if (offset == null) {
                throw new IllegalStateException("restored epoch " + epoch + " has no offset of " + name + " in its log");
            }
            source.rewind(epoch, offset);
        }
        timers.arm(EMIT, emitMillis);
    }

    @Override
    protected void reload(byte[] record) {
        SourceOffset o = SourceOffset.decode(record);
        offsets.put(o.epoch(), o.offset());
    }

    @Override
    protected List<Step<EpochWire>> take(String from, Message m) {
        return List.of();       // a source has no inputs
    }

    /** Implements {@code EpochAlignment!InjectBarrier(s)} for every epoch started that this source has not injected. */
    @Override
    protected List<Step<EpochWire>> other(String from, EpochWire m) {
        if (!(m instanceof EpochWire.Trigger t) || t.attempt() != attempt) {
            return List.of();
        }
        List<Step<EpochWire>> steps = new ArrayList<>();
        while (source.recorded() < t.epoch()) {
            SourceOffset o = source.injectBarrier(t.epoch());
            offsets.put(o.epoch(), o.offset());
            steps.add(new Step<>(event("InjectBarrier", Map.of("s", name)), List.of(part(o.encode())),
                    toEveryOutput(source.barrier())));
        }
        return steps;
    }

    /** Implements {@code EpochAlignment!SourceEmit(s)}, up to {@code perEmit} records each time the timer fires. */
    @Override
    public List<Step<EpochWire>> timeout(long key) {
        if (key != EMIT) {
            return super.timeout(key);
        }
        timers.arm(EMIT, emitMillis);
        List<Step<EpochWire>> steps = new ArrayList<>();
        for (int i = 0; i < perEmit && attempt > 0 && source.sourceEmitRefusal().isEmpty(); i++) {
            steps.add(new Step<>(event("SourceEmit", Map.of("s", name)), List.of(),
                    toEveryOutput(source.sourceEmit())));
        }
        return steps;
    }

    @Override
    protected EpochWire.StatusReply status() {
        return new EpochWire.StatusReply(name, attempt, source.recorded(), source.emitted(), Map.of(), new long[0],
                links.unacknowledged().size());
    }
}
