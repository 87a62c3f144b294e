package ddm.commit;

import java.util.Map;

/**
 * The messages of two-phase commit, each tagged with its transaction. Immutable; the network may deliver each any
 * number of times and in any order (the spec's {@code msgs} only grows), so every receiver is idempotent.
 */
public sealed interface CommitMessage {

    /** The transaction this message belongs to. */
    long tx();

    /** The spec's record for this message ({@code [type |-> "Prepared", rm |-> r]}, ...), without the tx. */
    Map<String, Object> spec();

    /** RM to TM: "I am prepared" (phase 1 vote yes). Spec: {@code [type |-> "Prepared", rm |-> r]}. */
    record Prepared(long tx, String rm) implements CommitMessage {
        public Map<String, Object> spec() {
            return Map.of("type", "Prepared", "rm", rm);
        }
    }

    /** TM to every RM: the decision is commit. Spec: {@code [type |-> "Commit"]}. */
    record Commit(long tx) implements CommitMessage {
        public Map<String, Object> spec() {
            return Map.of("type", "Commit");
        }
    }

    /** TM to every RM: the decision is abort. Spec: {@code [type |-> "Abort"]}. */
    record Abort(long tx) implements CommitMessage {
        public Map<String, Object> spec() {
            return Map.of("type", "Abort");
        }
    }

    /** A prepared RM that heard no decision asks the TM for it. Spec (recovery): {@code [type |-> "Query", rm |-> r]}. */
    record Query(long tx, String rm) implements CommitMessage {
        public Map<String, Object> spec() {
            return Map.of("type", "Query", "rm", rm);
        }
    }
}
