package ddm.epoch;

import ddm.epoch.Message.Barrier;
import ddm.epoch.Message.Record;
import ddm.epoch.Snapshots.SourceOffset;
import java.util.List;
import java.util.Optional;

/**
 * A source as a deterministic state machine: a finite, replayable input (records {@code key, value}), its position
 * (the spec's {@code emitted[s]}) and the last epoch whose barrier it injected ({@code recorded[s]}). Rewinding to a
 * position is what makes recovery possible: the input must be replayable (a log, a file, a Kafka partition).
 */
public final class Source {

    private final String name;
    private final List<long[]> input;
    private int emitted;
    private int recorded;

    /** @param input the records {@code {key, value}} this source emits, in order */
    public Source(String name, List<long[]> input) {
        this.name = name;
        this.input = List.copyOf(input);
    }

    public String name() {
        return name;
    }

    /** The spec's {@code emitted[s]}. */
    public int emitted() {
        return emitted;
    }

    /** The spec's {@code recorded[s]}: the last epoch whose barrier this source injected. */
    public int recorded() {
        return recorded;
    }

    public int size() {
        return input.size();
    }

    public Optional<String> sourceEmitRefusal() {
        return emitted < input.size() ? Optional.empty()
                : Optional.of(name + " has emitted all " + input.size() + " records");
    }

    /** Implements {@code EpochAlignment!SourceEmit(s)}: the next record, to send on every output channel. */
    public Record sourceEmit() {
        Task.refuseUnless("SourceEmit(" + name + ")", sourceEmitRefusal());
        long[] kv = input.get(emitted++);
        return new Record(name, recorded + 1, kv[0], kv[1]);
    }

    public Optional<String> injectBarrierRefusal(int started) {
        return recorded + 1 <= started ? Optional.empty()
                : Optional.of(name + " injected barrier " + recorded + " and epoch " + (recorded + 1) + " is not started");
    }

    /**
     * Implements {@code EpochAlignment!InjectBarrier(s)}: told that the coordinator started epoch {@code started}, the
     * source records its position for the next epoch e (returned: to store durably) and sends barrier e on every output
     * channel.
     */
    public SourceOffset injectBarrier(int started) {
        Task.refuseUnless("InjectBarrier(" + name + ")", injectBarrierRefusal(started));
        recorded++;
        return new SourceOffset(name, recorded, emitted);
    }

    public Barrier barrier() {
        return new Barrier(recorded);
    }

    /** Part of {@code Recover}: rewinds to position {@code offset}, its barrier position for {@code epoch}. */
    public void rewind(int epoch, int offset) {
        recorded = epoch;
        emitted = offset;
    }
}
