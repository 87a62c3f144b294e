package ddm.sim;

import java.util.List;

/**
 * A system the simulator drives one event at a time. The caller (a test, the conformance harness, a
 * {@link RandomScheduler}) chooses every next event; the system never chooses for itself, so the same choices give the
 * same run.
 *
 * @param <E> the system's events: one per spec action and its parameters
 */
public interface Simulated<E> {

    /** Every event whose spec guard holds now, in a deterministic order. */
    List<E> enabled();

    /** Performs one enabled event; refuses (throws) a disabled one and then changes nothing. */
    void step(E event);

    /** The run so far, one event per line. */
    Trace trace();
}
