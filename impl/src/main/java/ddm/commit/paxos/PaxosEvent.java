package ddm.commit.paxos;

import java.util.SortedSet;

/**
 * One step of a simulated Paxos Commit system: a spec action with its parameters, plus what the spec chooses inside
 * the action ({@code \E m \in p1a} in Phase1b, the quorum Q in Phase2a) made explicit, so that every event is one
 * deterministic step. {@link #label()} prints it as the spec names it.
 */
public sealed interface PaxosEvent {

    String label();

    record RmPrepare(String rm, long tx) implements PaxosEvent {
        public String label() {
            return "RMPrepare(" + rm + ")";
        }
    }

    record RmChooseToAbort(String rm, long tx) implements PaxosEvent {
        public String label() {
            return "RMChooseToAbort(" + rm + ")";
        }
    }

    record RmRcvCommitMsg(String rm, long tx) implements PaxosEvent {
        public String label() {
            return "RMRcvCommitMsg(" + rm + ")";
        }
    }

    record RmRcvAbortMsg(String rm, long tx) implements PaxosEvent {
        public String label() {
            return "RMRcvAbortMsg(" + rm + ")";
        }
    }

    record Phase1a(int ballot, String ins, long tx) implements PaxosEvent {
        public String label() {
            return "Phase1a(" + ballot + ", " + ins + ")";
        }
    }

    /** Acceptor acc answers the phase 1a message m. */
    record Phase1b(String acc, PaxosMessage.Phase1a m) implements PaxosEvent {
        public String label() {
            return "Phase1b(" + acc + ") " + m.spec();
        }
    }

    /** The leader of ballot proposes in ins using the phase 1b reports of quorum. */
    record Phase2a(int ballot, String ins, long tx, SortedSet<String> quorum) implements PaxosEvent {
        public String label() {
            return "Phase2a(" + ballot + ", " + ins + ") Q=" + quorum;
        }
    }

    /** Acceptor acc votes for the proposal m. */
    record Phase2b(String acc, PaxosMessage.Phase2a m) implements PaxosEvent {
        public String label() {
            return "Phase2b(" + acc + ") " + m.spec();
        }
    }

    record AcceptorCrash(String acc) implements PaxosEvent {
        public String label() {
            return "AcceptorCrash(" + acc + ")";
        }
    }

    /** Implements {@code PaxosCommit!AcceptorRecover(a)} (SpecR): the acceptor restarts from its log. */
    record AcceptorRecover(String acc) implements PaxosEvent {
        public String label() {
            return "AcceptorRecover(" + acc + ")";
        }
    }

    record LeaderStop(int ballot) implements PaxosEvent {
        public String label() {
            return "LeaderStop(" + ballot + ")";
        }
    }

    /** Whether this event is a fault (what the liveness phase of a test turns off). */
    default boolean isFault() {
        return this instanceof AcceptorCrash || this instanceof LeaderStop;
    }
}
