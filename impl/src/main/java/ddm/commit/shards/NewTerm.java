package ddm.commit.shards;

/**
 * The entry a new leader appends in its term (MicroRaft's new-term operation; the spec's {@code "noop"}). Once a
 * majority holds it, every entry before it is committed, and only then does the new leader recover the group's 2PC
 * state from the log and act.
 */
public enum NewTerm {
    ENTRY
}
