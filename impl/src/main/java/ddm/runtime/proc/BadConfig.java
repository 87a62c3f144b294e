package ddm.runtime.proc;

/** A node's configuration names something it cannot use: the node exits 2 with this one line. */
public final class BadConfig extends Exception {
    public BadConfig(String message) {
        super(message);
    }
}
