package ddm.commit.paxos;

/** What one Paxos instance (one per RM) may choose: PaxosCommit's {@code Value}, {@code {"prepared", "aborted"}}. */
public enum Vote {
    PREPARED("prepared"), ABORTED("aborted");

    /** The spec's {@code NoValue}: the val of an acceptor that has not voted. */
    public static final String NONE = "none";
    /** The spec's {@code NoBallot}: the bal (and mbal) of an acceptor that has not voted (joined). */
    public static final int NO_BALLOT = -1;

    private final String spec;

    Vote(String spec) {
        this.spec = spec;
    }

    public String spec() {
        return spec;
    }

    /** The spec string of a possibly absent vote. */
    public static String spec(Vote v) {
        return v == null ? NONE : v.spec();
    }
}
