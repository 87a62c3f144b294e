package ddm.runtime.net;

import java.util.List;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, model checking: concurrent offers, polls and closes on a send queue of capacity 2 must be
 * linearizable. {@code close} returns the frames it drops, so an offer that is accepted and then neither taken nor
 * dropped (lost in a race with close) is a result no sequential run gives.
 */
public class SendQueueLincheckTest {

    private final SendQueue<Integer> queue = new SendQueue<>(2);

    @Operation
    public boolean offer(int item) {
        return queue.offer(item);
    }

    @Operation
    public Integer poll() {
        return queue.poll();
    }

    @Operation
    public List<Integer> close() {
        return queue.close();
    }

    /** The racy twin stops at the first failing scenario, so it may search longer at no cost to a passing run. */
    static ModelCheckingOptions racyOptions() {
        return new ModelCheckingOptions().iterations(20).invocationsPerIteration(300).threads(2).actorsPerThread(3);
    }

    static ModelCheckingOptions options() {
        return new ModelCheckingOptions().iterations(6).invocationsPerIteration(200).threads(2).actorsPerThread(3);
    }

    @Test
    void sendQueueIsLinearizable() {
        options().check(this.getClass());
    }
}
