package ddm.commit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conformance view of crash-recovery two-phase commit ({@code TwoPhaseCommitRecovery.tla}): the actions of
 * {@link TwoPhaseCommitSystem} plus crashes, recoveries, queries and answers, and an abstraction with the spec's
 * extra variables: {@code rmLog}, {@code tmLog} (each node's last durable record for the transaction, read from its
 * log), {@code rmUp}, {@code tmUp} and {@code crashes}. A down node's {@code rmState}/{@code tmState} is its log's
 * image, as the spec defines it ({@code RMImage}, {@code TMImage}): no record means aborted.
 */
public final class TwoPhaseCommitRecoverySystem extends TwoPhaseCommitSystem {

    /** A fresh system for one transaction with the given RMs and at most {@code maxCrashes} crashes. */
    public TwoPhaseCommitRecoverySystem(List<String> rms, int maxCrashes) {
        super(new CommitSimulation(rms, ddm.log.MemoryLog::new, maxCrashes));
    }

    /** The view of transaction {@link #TX} in {@code sim} (tests pass one with broken nodes). */
    public TwoPhaseCommitRecoverySystem(CommitSimulation sim) {
        super(sim);
    }

    /** A fresh system with no crash bound. */
    public TwoPhaseCommitRecoverySystem(List<String> rms) {
        this(rms, Integer.MAX_VALUE);
    }

    /** Implements {@code TwoPhaseCommitRecovery!RMAskOutcome(rm)}. */
    public void rmAskOutcome(String rm) {
        sim.step(new CommitEvent.RmAskOutcome(rm, TX));
    }

    /** Implements {@code TwoPhaseCommitRecovery!TMRcvQuery(rm)}. */
    public void tmRcvQuery(String rm) {
        sim.step(new CommitEvent.TmRcvQuery(rm, TX));
    }

    /** Implements {@code TwoPhaseCommitRecovery!RMCrash(rm)}. */
    public void rmCrash(String rm) {
        sim.step(new CommitEvent.RmCrash(rm));
    }

    /** Implements {@code TwoPhaseCommitRecovery!RMRecover(rm)}. */
    public void rmRecover(String rm) {
        sim.step(new CommitEvent.RmRecover(rm));
    }

    /** Implements {@code TwoPhaseCommitRecovery!TMCrash}. */
    public void tmCrash() {
        sim.step(new CommitEvent.TmCrash());
    }

    /** Implements {@code TwoPhaseCommitRecovery!TMRecover}. */
    public void tmRecover() {
        sim.step(new CommitEvent.TmRecover());
    }

    /**
     * The abstraction function of {@code TwoPhaseCommitRecovery} (which {@link #abstraction()} returns): the variables
     * of TwoPhaseCommit plus {@code rmLog} (RM name to "none", "prepared", "committed" or "aborted"), {@code tmLog}
     * ("none" or "committed"), {@code rmUp} (RM name to Boolean), {@code tmUp} (Boolean) and {@code crashes} (Integer).
     */
    @Override
    Map<String, Object> variables() {
        Map<String, Object> vars = super.variables();
        Map<String, Object> rmLog = new TreeMap<>();
        Map<String, Object> rmUp = new TreeMap<>();
        for (String r : sim.rmNames()) {
            rmLog.put(r, lastRecord(r));
            rmUp.put(r, sim.rm(r).isUp());
        }
        vars.put("rmLog", Collections.unmodifiableMap(rmLog));
        vars.put("tmLog", lastRecord("tm"));
        vars.put("rmUp", Collections.unmodifiableMap(rmUp));
        vars.put("tmUp", sim.tm().isUp());
        vars.put("crashes", sim.crashes());
        return vars;
    }

    /** RMImage(rm): a down RM is what its log says, no record meaning aborted. */
    @Override
    String rmState(String rm) {
        if (sim.rm(rm).isUp()) {
            return super.rmState(rm);
        }
        String last = lastRecord(rm);
        return last.equals("none") ? RmState.ABORTED.spec() : last;
    }

    /** TMImage: a down TM is committed with a commit record, else aborted. */
    @Override
    String tmState() {
        if (sim.tm().isUp()) {
            return super.tmState();
        }
        return lastRecord("tm").equals("committed") ? TmState.COMMITTED.spec() : TmState.ABORTED.spec();
    }

    /** The node's last durable record for the transaction, as the spec's rmLog/tmLog spells it. */
    private String lastRecord(String node) {
        String last = "none";
        for (DurableRecord r : sim.records(node)) {
            if (r.tx() == TX) {
                last = r.kind();
            }
        }
        return last;
    }
}
