package ddm.commit;

/** The transaction manager's state in one transaction: TwoPhaseCommit's {@code tmState}. */
public enum TmState {
    INIT("init"), COMMITTED("committed"), ABORTED("aborted");

    private final String spec;

    TmState(String spec) {
        this.spec = spec;
    }

    /** The spec's string for this state. */
    public String spec() {
        return spec;
    }
}
