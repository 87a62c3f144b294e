package ddm.runtime;

import java.util.List;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, model-checking mode: every interleaving Lincheck explores of concurrent offers, polls, drains and sizes on
 * a mailbox of capacity 2 must be linearizable, i.e. explained by some order of the same calls run one at a time
 * (this class's methods, run sequentially, are the specification). A small capacity makes the full case common.
 */
public class MailboxLincheckTest {

    private final Mailbox<Integer> mailbox = new Mailbox<>(2);

    @Operation
    public boolean offer(int item) {
        return mailbox.offer(item);
    }

    @Operation
    public Integer poll() {
        return mailbox.poll();
    }

    @Operation
    public List<Integer> drain2() {
        return mailbox.drain(2);
    }

    @Operation
    public int size() {
        return mailbox.size();
    }

    @Test
    void mailboxIsLinearizable() {
        new ModelCheckingOptions()
                .iterations(6)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                .check(this.getClass());
    }
}
