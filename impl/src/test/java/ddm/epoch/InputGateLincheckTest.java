package ddm.epoch;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, model-checking mode, on the input gate: senders offer on two channels of capacity 2 concurrently while
 * the reader polls, blocks a channel and unblocks all (the reader's operations in one non-parallel group, as only
 * the task's thread calls them). Every interleaving must be linearizable against the gate run one call at a time.
 */
@Param(name = "channel", gen = IntGen.class, conf = "0:1")
public class InputGateLincheckTest {

    private final InputGate<Integer> gate = new InputGate<>(2, 2);

    @Operation
    public boolean offer(@Param(name = "channel") int channel, int value) {
        return gate.offer(channel, value);
    }

    @Operation(nonParallelGroup = "reader")
    public InputGate.Taken<Integer> poll() {
        return gate.poll();
    }

    @Operation(nonParallelGroup = "reader")
    public void block(@Param(name = "channel") int channel) {
        gate.block(channel);
    }

    @Operation(nonParallelGroup = "reader")
    public void unblockAll() {
        gate.unblockAll();
    }

    @Test
    void inputGateIsLinearizable() {
        new ModelCheckingOptions()
                .iterations(5)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(3)
                .check(this.getClass());
    }
}
