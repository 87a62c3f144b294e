package ddm.runtime;

import ddm.commit.CommitMessage;

import java.util.Map;
import java.util.Set;

/**
 * What 2PC's nodes and their client say to each other, in a threaded runtime's mailboxes and on the wire between
 * node processes: the spec's messages ({@link Spec}) and the driver's own, which no spec action sends or reads
 * (a client beginning a transaction, nodes reporting their durable outcomes to it).
 */
public sealed interface CommitWire {

    /** A message of the spec (Prepared, Commit, Abort, Query). */
    record Spec(CommitMessage message) implements CommitWire {
    }

    /**
     * The client begins tx (the spec's Init for the node that gets it), issued at {@code issuedMillis} on the
     * client's clock: a node refuses a Begin issued before its current incarnation started, since by the spec a
     * transaction that began before a crash is aborted at the crashed node, never begun again.
     */
    record Begin(long tx, long issuedMillis) implements CommitWire {
    }

    /** {@code node}'s outcome of tx is durable: committed or not (the TM's decision, or an RM's applied outcome). */
    record Outcome(long tx, String node, boolean committed) implements CommitWire {
    }

    /**
     * {@code node} recovered at {@code startMillis}: the outcomes its log holds, and the transactions it is in doubt
     * about (prepared, no outcome). Every transaction issued before startMillis and in neither is aborted at the node
     * for good (presumed abort: it never prepared, so it can never commit).
     */
    record Recovered(String node, long startMillis, Map<Long, Boolean> decided, Set<Long> inDoubt)
            implements CommitWire {
        public Recovered {
            decided = Map.copyOf(decided);
            inDoubt = Set.copyOf(inDoubt);
        }
    }

    /** The client asks a node which transactions it is in doubt about (the liveness phase of a run). */
    record Status() implements CommitWire {
    }

    /** A node's answer to {@link Status}. */
    record StatusReply(String node, boolean up, Set<Long> inDoubt) implements CommitWire {
        public StatusReply {
            inDoubt = Set.copyOf(inDoubt);
        }
    }
}
