package ddm.commit;

/**
 * One step of a simulated 2PC system: a spec action with its parameters, in one transaction (crashes and recoveries
 * are per node, not per transaction). {@link #label()} prints it as the spec names it: {@code r1 RMPrepare},
 * {@code tm TMRcvPrepared r1}.
 */
public sealed interface CommitEvent {

    /** The event as it reads beside the spec. */
    String label();

    record RmPrepare(String rm, long tx) implements CommitEvent {
        public String label() {
            return rm + " RMPrepare";
        }
    }

    record RmChooseToAbort(String rm, long tx) implements CommitEvent {
        public String label() {
            return rm + " RMChooseToAbort";
        }
    }

    record RmRcvCommitMsg(String rm, long tx) implements CommitEvent {
        public String label() {
            return rm + " RMRcvCommitMsg";
        }
    }

    record RmRcvAbortMsg(String rm, long tx) implements CommitEvent {
        public String label() {
            return rm + " RMRcvAbortMsg";
        }
    }

    record RmAskOutcome(String rm, long tx) implements CommitEvent {
        public String label() {
            return rm + " RMAskOutcome";
        }
    }

    record TmRcvPrepared(String rm, long tx) implements CommitEvent {
        public String label() {
            return "tm TMRcvPrepared " + rm;
        }
    }

    record TmCommit(long tx) implements CommitEvent {
        public String label() {
            return "tm TMCommit";
        }
    }

    record TmAbort(long tx) implements CommitEvent {
        public String label() {
            return "tm TMAbort";
        }
    }

    record TmRcvQuery(String rm, long tx) implements CommitEvent {
        public String label() {
            return "tm TMRcvQuery " + rm;
        }
    }

    record RmCrash(String rm) implements CommitEvent {
        public String label() {
            return rm + " RMCrash";
        }
    }

    record RmRecover(String rm) implements CommitEvent {
        public String label() {
            return rm + " RMRecover";
        }
    }

    record TmCrash() implements CommitEvent {
        public String label() {
            return "tm TMCrash";
        }
    }

    record TmRecover() implements CommitEvent {
        public String label() {
            return "tm TMRecover";
        }
    }

    /** Whether this event is a crash or a recovery (a fault the liveness phase of a test turns off). */
    default boolean isFault() {
        return this instanceof RmCrash || this instanceof RmRecover || this instanceof TmCrash
                || this instanceof TmRecover;
    }
}
