package ddm.snapshot;

import ddm.snapshot.Message.Transfer;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * The channel-state recorder that a process's thread and the runtime's collector share on {@link SnapshotRuntime}:
 * concurrent start, record, stop and reads are linearizable (Lincheck's model checker explores the interleavings).
 * In particular a transfer whose {@code record} returned true is in the state {@code stop} returned, and one that
 * returned false is in no state.
 */
public class ChannelRecorderLincheckTest {

    private final ChannelRecorder recorder = new ChannelRecorder();

    @Operation
    public boolean start() {
        try {
            recorder.start();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Operation
    public boolean record(int amount) {
        return recorder.record(new Transfer(1 + Math.abs(amount % 3), 1 + Math.abs(amount % 3)));
    }

    /** The final state, or null if it was final already. */
    @Operation
    public List<Transfer> stop() {
        try {
            return recorder.stop();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    @Operation
    public List<Transfer> state() {
        return recorder.state();
    }

    @Operation
    public boolean done() {
        return recorder.done();
    }

    @Test
    void linearizable() {
        new ModelCheckingOptions().iterations(6).invocationsPerIteration(300).threads(2).actorsPerThread(3)
                .check(this.getClass());
    }
}
