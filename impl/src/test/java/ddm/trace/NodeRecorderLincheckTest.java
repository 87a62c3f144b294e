package ddm.trace;

import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, model-checking mode: a node's clock merged with message clocks by a receiving thread while the node's
 * thread steps must behave as if the calls ran one at a time: every step's clock counts every merge before it, and
 * steps are numbered 1, 2, ... with none lost or repeated (this class's methods, run sequentially, are the
 * specification).
 */
public class NodeRecorderLincheckTest {

    private final MemoryEventLog events = new MemoryEventLog();
    private final NodeRecorder node = new NodeRecorder("n", events);

    /** A message from peer p with p's count {@code count} arrives. */
    @Operation
    public void received(int count) {
        node.received(Map.of("p", (long) count));
    }

    /** The node steps: its step number and what it knows of p. */
    @Operation
    public List<Long> step() {
        Map<String, Long> c = node.step("A", Map.of(), null, List.of(), List.of(), List.of(), List.of());
        return List.of(VectorClock.get(c, "n"), VectorClock.get(c, "p"));
    }

    /** The events written so far: their numbers must follow the steps. */
    @Operation
    public List<Long> written() {
        return events.events().stream().map(Event::seq).toList();
    }

    @Test
    void aClockMergedWhileTheNodeStepsIsLinearizable() {
        new ModelCheckingOptions().iterations(3).invocationsPerIteration(150).threads(2).actorsPerThread(3)
                .check(this.getClass());
    }
}
