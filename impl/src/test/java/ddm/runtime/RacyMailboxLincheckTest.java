package ddm.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Teeth for {@link MailboxLincheckTest}: a mailbox whose offer checks for room outside the lock (check-then-act) can
 * hold more than its capacity, and Lincheck must find the interleaving that shows it.
 */
public class RacyMailboxLincheckTest {

    /** The seeded bug: the capacity check and the add are not one atomic step. */
    static final class RacyMailbox {
        private final ArrayDeque<Integer> items = new ArrayDeque<>();
        private volatile int size;

        boolean offer(int item) {
            if (size == 1) {
                return false;
            }
            synchronized (this) {
                items.addLast(item);
                size = items.size();
            }
            return true;
        }

        synchronized Integer poll() {
            Integer item = items.pollFirst();
            size = items.size();
            return item;
        }
    }

    private final RacyMailbox mailbox = new RacyMailbox();

    @Operation
    public boolean offer(int item) {
        return mailbox.offer(item);
    }

    @Operation
    public Integer poll() {
        return mailbox.poll();
    }

    @Test
    void lincheckFindsTheOverfilledMailbox() {
        assertThrows(AssertionError.class, () -> new ModelCheckingOptions()
                .iterations(50)
                .invocationsPerIteration(1000)
                .threads(2)
                .actorsPerThread(2)
                .check(this.getClass()));
    }
}
