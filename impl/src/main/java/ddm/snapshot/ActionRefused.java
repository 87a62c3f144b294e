package ddm.snapshot;

/**
 * A protocol action was called while its spec guard is false. Thrown before any state changes, so a refused call
 * leaves the node and the simulation exactly as they were.
 */
public final class ActionRefused extends IllegalStateException {

    public ActionRefused(String action, String why) {
        super(action + " is not enabled: " + why);
    }
}
