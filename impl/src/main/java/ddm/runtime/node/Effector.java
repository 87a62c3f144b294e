package ddm.runtime.node;

import java.io.IOException;
import java.util.List;

/**
 * The order in which a driver performs a batch of steps' effects. {@link #FORCE_THEN_SEND} is the one every spec's
 * atomic step implies (and the only one production uses): append every record, force once, then send every message,
 * so no message leaves before the records it depends on are durable, and many steps share one force (group commit).
 * Tests pass broken orders (a node that sends before it forces) to show that the nemesis and the checkers catch them.
 */
public interface Effector {

    /** What an effector performs through; each call passes the fault point after it. */
    interface Ops {
        void append(Performed<?> step, byte[] record) throws IOException;

        /** Forces every record appended so far (a no-op for the disk if none was; the fault point is passed). */
        void force() throws IOException;

        void send(Performed<?> step, Step.Send<?> send);
    }

    /** A logged step waiting for its effects, with the clock its messages carry. */
    record Performed<M>(Step<M> step, java.util.Map<String, Long> clock) {
    }

    void perform(List<Performed<?>> batch, Ops ops) throws IOException;

    Effector FORCE_THEN_SEND = (batch, ops) -> {
        boolean wrote = false;
        for (Performed<?> p : batch) {
            for (byte[] r : p.step().records()) {
                ops.append(p, r);
                wrote = true;
            }
        }
        if (wrote) {
            ops.force();
        }
        for (Performed<?> p : batch) {
            for (Step.Send<?> s : p.step().sends()) {
                ops.send(p, s);
            }
        }
    };
}
