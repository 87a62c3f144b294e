package ddm.commit;

/** A resource manager's state in one transaction: TwoPhaseCommit's {@code rmState[r]}. */
public enum RmState {
    WORKING("working"), PREPARED("prepared"), COMMITTED("committed"), ABORTED("aborted");

    private final String spec;

    RmState(String spec) {
        this.spec = spec;
    }

    /** The spec's string for this state. */
    public String spec() {
        return spec;
    }
}
