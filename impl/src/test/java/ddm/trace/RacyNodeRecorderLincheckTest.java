package ddm.trace;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Teeth for {@link NodeRecorderLincheckTest}: a recorder whose merge and tick read the clock and write it back without
 * one atomic step (what {@link NodeRecorder} would be without its monitor) loses a merge that lands between a step's
 * read and its write, or numbers two steps alike; Lincheck must find the interleaving.
 */
public class RacyNodeRecorderLincheckTest {

    /** The seeded bug: read-modify-write of the clock, unlocked. */
    static final class RacyRecorder {
        private volatile Map<String, Long> clock = VectorClock.ZERO;

        void received(Map<String, Long> sender) {
            Map<String, Long> before = clock;
            clock = VectorClock.merge(before, sender);
        }

        Map<String, Long> step() {
            Map<String, Long> before = clock;
            Map<String, Long> after = VectorClock.tick(before, "n");
            clock = after;
            return after;
        }
    }

    private final RacyRecorder node = new RacyRecorder();

    @Operation
    public void received(int count) {
        node.received(Map.of("p", (long) count));
    }

    @Operation
    public List<Long> step() {
        Map<String, Long> c = node.step();
        return List.of(VectorClock.get(c, "n"), VectorClock.get(c, "p"));
    }

    @Test
    void lincheckFindsTheLostMerge() {
        assertThrows(AssertionError.class, () -> new ModelCheckingOptions().iterations(20).invocationsPerIteration(300)
                .threads(2).actorsPerThread(2).check(this.getClass()));
    }
}
