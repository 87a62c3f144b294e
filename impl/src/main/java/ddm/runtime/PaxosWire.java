package ddm.runtime;

import ddm.commit.paxos.PaxosMessage;

/**
 * What Paxos Commit's nodes and their client say to each other: the spec's phase messages ({@link Spec}), a node's
 * request that the acceptors send their phase 2b messages of a transaction again ({@link Resend}: a retransmission,
 * no spec step, for a link that lost them or an RM that restarted), and the client's conversation, the same as 2PC's
 * ({@link Client}: Begin, Outcome, Recovered, Status).
 */
public sealed interface PaxosWire {

    record Spec(PaxosMessage message) implements PaxosWire {
    }

    /** {@code from} has not learned tx's outcome: acceptors send it their votes again, a leader takes over. */
    record Resend(long tx, String from) implements PaxosWire {
    }

    record Client(CommitWire message) implements PaxosWire {
    }
}
