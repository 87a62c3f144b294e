package ddm.conformance.commit;

import ddm.commit.CommitSimulation;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.RmState;
import ddm.commit.TmState;
import ddm.commit.TransactionManager;
import ddm.commit.TwoPhaseCommitRecoverySystem;
import ddm.commit.TwoPhaseCommitSystem;
import ddm.log.MemoryLog;
import java.util.List;

/**
 * Deliberately broken two-phase-commit nodes, each one plausible mistake, for the tests that show the harness
 * catches them, by replay (ddm.conformance.commit) and by validation of threaded runs (ddm.conformance.validate).
 * Test code only: production builds its nodes with {@link Nodes#STANDARD}.
 */
public final class BrokenCommit {

    private BrokenCommit() {}

    /** The TM commits once a majority of the RMs prepared. Breaks {@code TwoPhaseCommit!TMCommit}. */
    public static final class CommitsOnMajority extends TransactionManager {
        private final int rms;

        public CommitsOnMajority(Iterable<String> rms) {
            super(rms);
            int n = 0;
            for (String ignored : rms) n++;
            this.rms = n;
        }

        @Override
        public boolean canTmCommit(long tx) {
            return isUp() && state(tx) == TmState.INIT && 2 * prepared(tx).size() > rms;
        }
    }

    /** The TM broadcasts Commit without forcing its decision first. Breaks {@code TwoPhaseCommitRecovery!TMCommit}. */
    public static final class TmCommitsWithoutForce extends TransactionManager {
        public TmCommitsWithoutForce(Iterable<String> rms) {
            super(rms);
        }

        @Override
        public Effects tmCommit(long tx) {
            return new Effects(List.of(), super.tmCommit(tx).messages());
        }
    }

    /** The RM sends its vote without forcing its prepare record. Breaks {@code TwoPhaseCommitRecovery!RMPrepare}. */
    public static final class VotesWithoutForce extends ResourceManager {
        public VotesWithoutForce(String name) {
            super(name);
        }

        @Override
        public Effects rmPrepare(long tx) {
            return new Effects(List.of(), super.rmPrepare(tx).messages());
        }
    }

    /**
     * A prepared RM ignores Abort (it thinks only the TM's Commit can end a prepared transaction). Breaks
     * {@code TwoPhaseCommit!RMRcvAbortMsg}.
     */
    public static final class IgnoresAbortWhenPrepared extends ResourceManager {
        public IgnoresAbortWhenPrepared(String name) {
            super(name);
        }

        @Override
        public boolean canRmRcvAbortMsg(long tx) {
            return super.canRmRcvAbortMsg(tx) && state(tx) != RmState.PREPARED;
        }
    }

    /**
     * The recovering RM reads only outcome records, taking a transaction with no outcome for aborted: it forgets that
     * it voted, as the spec's negative model TwoPhaseRecovery-3-rm-no-force does by never forcing the vote. Only a
     * crash shows it: without one, rmRecover never runs. Breaks {@code TwoPhaseCommitRecovery!RMRecover}.
     */
    public static final class ForgetsVoteOnRecovery extends ResourceManager {
        public ForgetsVoteOnRecovery(String name) {
            super(name);
        }

        @Override
        public Effects rmRecover(List<DurableRecord> records) {
            return super.rmRecover(records.stream().filter(r -> !(r instanceof DurableRecord.Prepared)).toList());
        }
    }

    /**
     * The recovering TM does not read its log and presumes abort for everything, as the spec's negative model
     * TwoPhaseRecovery-3-tm-no-force does by never forcing the commit: it answers Abort about a transaction it
     * committed. Only a crash shows it. Breaks {@code TwoPhaseCommitRecovery!TMRecover}.
     */
    public static final class ForgetsCommitsOnRecovery extends TransactionManager {
        public ForgetsCommitsOnRecovery(Iterable<String> rms) {
            super(rms);
        }

        @Override
        public Effects tmRecover(List<DurableRecord> records) {
            return super.tmRecover(List.of());
        }
    }

    public static Nodes tm(java.util.function.Function<Iterable<String>, TransactionManager> tm) {
        return new Nodes(tm, ResourceManager::new);
    }

    public static Nodes rm(java.util.function.Function<String, ResourceManager> rm) {
        return new Nodes(TransactionManager::new, rm);
    }

    static TwoPhaseCommitSystem system(List<String> rms, Nodes nodes) {
        return new TwoPhaseCommitSystem(new CommitSimulation(rms, MemoryLog::new, Integer.MAX_VALUE, nodes));
    }

    static TwoPhaseCommitRecoverySystem recoverySystem(List<String> rms, int maxCrashes, Nodes nodes) {
        return new TwoPhaseCommitRecoverySystem(new CommitSimulation(rms, MemoryLog::new, maxCrashes, nodes));
    }
}
