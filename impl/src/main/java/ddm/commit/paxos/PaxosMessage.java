package ddm.commit.paxos;

import java.util.Map;

/**
 * The messages of Paxos Commit, each tagged with its transaction; {@code ins} names the instance (the RM whose vote it
 * decides). Immutable values: the network holds the set of every message sent (PaxosCommit's {@code p1a}, {@code p1b},
 * {@code p2a}, {@code p2b}), so any message may be delivered late, twice or never, and every receiver is idempotent.
 */
public sealed interface PaxosMessage {

    long tx();

    /** The instance: the RM whose vote this message is about. */
    String ins();

    /** The spec's record for this message, without the tx. */
    Map<String, Object> spec();

    /** Leader of {@code bal} to the acceptors: join ballot bal of instance ins. Spec: {@code p1a}. */
    record Phase1a(long tx, String ins, int bal) implements PaxosMessage {
        public Map<String, Object> spec() {
            return Map.of("bal", bal, "ins", ins);
        }
    }

    /** Acceptor acc joined bal; its latest vote in ins was vval in vbal (-1 / null: none). Spec: {@code p1b}. */
    record Phase1b(long tx, String acc, String ins, int bal, int vbal, Vote vval) implements PaxosMessage {
        public Map<String, Object> spec() {
            return Map.of("acc", acc, "ins", ins, "bal", bal, "vbal", vbal, "vval", Vote.spec(vval));
        }
    }

    /** A proposal of val in ballot bal of ins (ballot 0: RM ins's own vote). Spec: {@code p2a}. */
    record Phase2a(long tx, String ins, int bal, Vote val) implements PaxosMessage {
        public Map<String, Object> spec() {
            return Map.of("ins", ins, "bal", bal, "val", val.spec());
        }
    }

    /** Acceptor acc voted val in ballot bal of ins; sent to every RM. Spec: {@code p2b}. */
    record Phase2b(long tx, String acc, String ins, int bal, Vote val) implements PaxosMessage {
        public Map<String, Object> spec() {
            return Map.of("acc", acc, "ins", ins, "bal", bal, "val", val.spec());
        }
    }
}
