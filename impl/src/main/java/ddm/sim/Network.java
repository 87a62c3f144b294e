package ddm.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The network as the 2PC specs model it: the set of every message ever sent. Sending adds to it, delivering does not
 * remove from it, so a message may be delivered any number of times and in any order; receivers must be idempotent.
 * Loss is a message the scheduler never chooses to deliver.
 *
 * @param <M> the message type (an immutable value)
 */
public final class Network<M> {

    private final Set<M> sent = new LinkedHashSet<>();

    /** Adds m to the messages ever sent (a second send of an equal message changes nothing, as in the spec). */
    public void send(M m) {
        sent.add(m);
    }

    public boolean contains(M m) {
        return sent.contains(m);
    }

    /** Every message ever sent, in order of first sending. */
    public List<M> sent() {
        return List.copyOf(new ArrayList<>(sent));
    }
}
