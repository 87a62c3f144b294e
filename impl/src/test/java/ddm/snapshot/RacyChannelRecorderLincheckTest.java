package ddm.snapshot;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Teeth for {@link ChannelRecorderLincheckTest}: a recorder whose record checks "still recording?" outside its lock
 * (check-then-act) can accept a transfer after stop returned the final state, so the transfer is in no recorded state
 * although record said it was; Lincheck must find that interleaving.
 */
public class RacyChannelRecorderLincheckTest {

    /** The seeded bug: the phase check and the append are not one atomic step. */
    static final class RacyRecorder {
        private volatile boolean recording = true;
        private final List<Integer> transfers = new ArrayList<>();

        boolean record(int t) {
            if (!recording) {
                return false;
            }
            synchronized (this) {
                transfers.add(t);
            }
            return true;
        }

        synchronized List<Integer> stop() {
            recording = false;
            return List.copyOf(transfers);
        }
    }

    private final RacyRecorder recorder = new RacyRecorder();

    @Operation
    public boolean record(int t) {
        return recorder.record(t);
    }

    @Operation
    public List<Integer> stop() {
        return recorder.stop();
    }

    @Test
    void lincheckFindsTheLostTransfer() {
        assertThrows(AssertionError.class, () -> new ModelCheckingOptions().iterations(50).invocationsPerIteration(1000)
                .threads(2).actorsPerThread(2).check(this.getClass()));
    }
}
