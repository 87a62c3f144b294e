package ddm.sim;

/**
 * The named places inside a step's effects where a node can die, FoundationDB-style: a driver (of a thread, of a node
 * process: {@code ddm.runtime.node.NodeDriver}) or the simulator passes each one as it performs a step's effects,
 * and a test's seed (or, in the simulator, a test's choice) may crash the node there. In a correct driver's order
 * (append every record, force once, send every message):
 * <ul>
 *   <li>{@link #AFTER_APPEND}: a record was appended and is not yet forced (between two records of a batch, or the
 *       last record before the force): under power loss the unforced records are gone;</li>
 *   <li>{@link #AFTER_FORCE}: the records are durable and no message has left: the step happened, its messages are
 *       lost;</li>
 *   <li>{@link #AFTER_SEND}: some of the messages left, the rest are lost.</li>
 * </ul>
 * A driver that performs effects in another order (a seeded bug) passes the same points in its own order. Nothing
 * crashes at them unless a test asks.
 */
public enum FaultPoint {
    AFTER_APPEND("after-append"),
    AFTER_FORCE("after-force"),
    AFTER_SEND("after-send");

    private final String label;

    FaultPoint(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The point labelled {@code label}, or null. */
    public static FaultPoint of(String label) {
        for (FaultPoint p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        return null;
    }
}
