package ddm.runtime.net;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Teeth for {@link SendQueueLincheckTest}: a queue whose offer reads the closed flag outside the lock
 * (check-then-act) accepts a frame after close has returned the queue's contents, so the frame is neither sent nor
 * counted as dropped. Lincheck must find that interleaving.
 */
public class RacySendQueueLincheckTest {

    /** The seeded bug: the closed check and the add are not one atomic step. */
    static final class RacyQueue {
        private final ArrayDeque<Integer> items = new ArrayDeque<>();
        private volatile boolean closed;

        boolean offer(int item) {
            if (closed) {
                return false;
            }
            synchronized (this) {
                items.addLast(item);
            }
            return true;
        }

        synchronized Integer poll() {
            return items.pollFirst();
        }

        synchronized List<Integer> close() {
            closed = true;
            List<Integer> left = new ArrayList<>(items);
            items.clear();
            return left;
        }
    }

    private final RacyQueue queue = new RacyQueue();

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

    @Test
    void lincheckFindsAFrameLostBetweenCloseAndOffer() {
        assertThrows(AssertionError.class, () -> SendQueueLincheckTest.racyOptions().check(this.getClass()));
    }
}
