package ddm.commit;

/**
 * A protocol action was called while its spec guard is false: the caller asked for a step the spec does not allow
 * from this state. Thrown before any state changes, so a refused call leaves the node exactly as it was.
 */
public final class ActionRefused extends IllegalStateException {

    private final String action;

    public ActionRefused(String action, String state) {
        super(action + " is not enabled: " + state);
        this.action = action;
    }

    /** The refused action, named as in the spec (e.g. {@code RMRcvCommitMsg(r1)}). */
    public String action() {
        return action;
    }
}
