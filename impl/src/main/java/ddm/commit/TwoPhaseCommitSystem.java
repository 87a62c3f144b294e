package ddm.commit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Collections;

/**
 * The conformance view of two-phase commit: one transaction in a fresh {@link CommitSimulation}, one public method
 * per action of {@code TwoPhaseCommit.tla}, with the spec's parameters,
 * each performing exactly that step or refusing it with {@link ActionRefused}; and {@link #abstraction()}, the spec's
 * variables as plain Java values. The conformance harness drives the implementation only through this class;
 * {@link TwoPhaseCommitRecoverySystem} adds the crash actions and variables of {@code TwoPhaseCommitRecovery.tla}.
 */
public class TwoPhaseCommitSystem {

    /** The one transaction this view shows. */
    public static final long TX = 1;

    final CommitSimulation sim;

    /** A fresh system for one transaction, with RMs named as given (the spec's model values, e.g. "r1"). */
    public TwoPhaseCommitSystem(List<String> rms) {
        this(new CommitSimulation(rms));
    }

    /** The view of transaction {@link #TX} in {@code sim}, which this begins (tests pass one with broken nodes). */
    public TwoPhaseCommitSystem(CommitSimulation sim) {
        this.sim = sim;
        sim.begin(TX);
    }

    public CommitSimulation simulation() {
        return sim;
    }

    /** Implements {@code TwoPhaseCommit!RMPrepare(rm)}. */
    public void rmPrepare(String rm) {
        sim.step(new CommitEvent.RmPrepare(rm, TX));
    }

    /** Implements {@code TwoPhaseCommit!RMChooseToAbort(rm)}. */
    public void rmChooseToAbort(String rm) {
        sim.step(new CommitEvent.RmChooseToAbort(rm, TX));
    }

    /** Implements {@code TwoPhaseCommit!RMRcvCommitMsg(rm)}. */
    public void rmRcvCommitMsg(String rm) {
        sim.step(new CommitEvent.RmRcvCommitMsg(rm, TX));
    }

    /** Implements {@code TwoPhaseCommit!RMRcvAbortMsg(rm)}. */
    public void rmRcvAbortMsg(String rm) {
        sim.step(new CommitEvent.RmRcvAbortMsg(rm, TX));
    }

    /** Implements {@code TwoPhaseCommit!TMRcvPrepared(rm)}. */
    public void tmRcvPrepared(String rm) {
        sim.step(new CommitEvent.TmRcvPrepared(rm, TX));
    }

    /** Implements {@code TwoPhaseCommit!TMCommit}. */
    public void tmCommit() {
        sim.step(new CommitEvent.TmCommit(TX));
    }

    /** Implements {@code TwoPhaseCommit!TMAbort}. */
    public void tmAbort() {
        sim.step(new CommitEvent.TmAbort(TX));
    }

    /**
     * The abstraction function of {@code TwoPhaseCommit}: its variables for the transaction, as immutable sorted
     * values. {@code rmState} (RM name to state string), {@code tmState} (string), {@code tmPrepared} (set of RM
     * names), {@code msgs} (set of records, each a map from field name to string).
     */
    public Map<String, Object> abstraction() {
        return Collections.unmodifiableMap(variables());
    }

    /** The variables, in a map a subclass may add to. */
    Map<String, Object> variables() {
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, Object> rmState = new TreeMap<>();
        for (String r : sim.rmNames()) {
            rmState.put(r, rmState(r));
        }
        vars.put("rmState", Collections.unmodifiableMap(rmState));
        vars.put("tmState", tmState());
        vars.put("tmPrepared", Collections.unmodifiableSortedSet(new TreeSet<>(sim.tm().prepared(TX))));
        vars.put("msgs", Values.setOf(sim.network().sent().stream()
                .filter(m -> m.tx() == TX).map(CommitMessage::spec).toList()));
        return vars;
    }

    /** An RM's state in the transaction; while it is down, the state its log implies (overridden for recovery). */
    String rmState(String rm) {
        return sim.rm(rm).state(TX).spec();
    }

    String tmState() {
        return sim.tm().state(TX).spec();
    }
}
