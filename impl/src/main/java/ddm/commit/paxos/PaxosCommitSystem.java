package ddm.commit.paxos;

import ddm.commit.ActionRefused;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The conformance view of Paxos Commit: one transaction in a fresh {@link PaxosCommitSimulation}, one public method
 * per action of {@code PaxosCommit.tla} with the spec's parameters, and {@link #abstraction()}, the spec's variables as
 * plain values.
 *
 * <p>Three actions choose something their parameters do not name: Phase1b(a) which phase 1a message a answers,
 * Phase2b(a) which proposal a votes for, Phase2a(b, rm) which quorum's reports the leader uses. For them the view
 * also lists the candidate events ({@link #phase1bChoices} and the like): the spec step is one of those, and a
 * caller that knows the spec's next state (the conformance adapter) picks the one that reaches it. The plain methods
 * take the first enabled candidate, and refuse when none is.
 */
public class PaxosCommitSystem {

    /** The one transaction this view shows. */
    public static final long TX = 1;

    private final PaxosCommitSimulation sim;

    public PaxosCommitSystem(PaxosCommitSimulation.Setup setup) {
        this(setup, PaxosCommitSimulation.STANDARD);
    }

    public PaxosCommitSystem(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes) {
        this.sim = new PaxosCommitSimulation(setup, nodes, ddm.log.MemoryLog::new);
        sim.begin(TX);
    }

    public PaxosCommitSimulation simulation() {
        return sim;
    }

    /** Performs one concrete event (one of the candidates), or refuses it. */
    public void step(PaxosEvent e) {
        sim.step(e);
    }

    public boolean isEnabled(PaxosEvent e) {
        return sim.isEnabled(e);
    }

    /** Implements {@code PaxosCommit!RMPrepare(rm)}. */
    public void rmPrepare(String r) {
        sim.step(new PaxosEvent.RmPrepare(r, TX));
    }

    /** Implements {@code PaxosCommit!RMChooseToAbort(rm)}. */
    public void rmChooseToAbort(String r) {
        sim.step(new PaxosEvent.RmChooseToAbort(r, TX));
    }

    /** Implements {@code PaxosCommit!RMRcvCommitMsg(rm)}. */
    public void rmRcvCommitMsg(String r) {
        sim.step(new PaxosEvent.RmRcvCommitMsg(r, TX));
    }

    /** Implements {@code PaxosCommit!RMRcvAbortMsg(rm)}. */
    public void rmRcvAbortMsg(String r) {
        sim.step(new PaxosEvent.RmRcvAbortMsg(r, TX));
    }

    /** Implements {@code PaxosCommit!Phase1a(b, rm)}. */
    public void phase1a(int b, String r) {
        sim.step(new PaxosEvent.Phase1a(b, r, TX));
    }

    /** Implements {@code PaxosCommit!Phase2a(b, rm)}, with the first quorum whose reports allow it. */
    public void phase2a(int b, String r) {
        stepFirst(phase2aChoices(b, r), "Phase2a(" + b + ", " + r + ")");
    }

    /** Implements {@code PaxosCommit!Phase1b(a)}, answering the first phase 1a message a may answer. */
    public void phase1b(String a) {
        stepFirst(phase1bChoices(a), "Phase1b(" + a + ")");
    }

    /** Implements {@code PaxosCommit!Phase2b(a)}, voting for the first proposal a may vote for. */
    public void phase2b(String a) {
        stepFirst(phase2bChoices(a), "Phase2b(" + a + ")");
    }

    /** Implements {@code PaxosCommit!AcceptorCrash(a)}. */
    public void acceptorCrash(String a) {
        sim.step(new PaxosEvent.AcceptorCrash(a));
    }

    /** Implements {@code PaxosCommit!LeaderStop(b)}. */
    public void leaderStop(int b) {
        sim.step(new PaxosEvent.LeaderStop(b));
    }

    /** Phase2a(b, rm)'s candidates: one per quorum Q of the spec's {@code \E Q \in Quorum}. */
    public List<PaxosEvent> phase2aChoices(int b, String r) {
        List<PaxosEvent> out = new ArrayList<>();
        for (SortedSet<String> q : sim.quorums().all()) {
            out.add(new PaxosEvent.Phase2a(b, r, TX, q));
        }
        return out;
    }

    /** Phase1b(a)'s candidates: one per phase 1a message sent (the spec's {@code \E m \in p1a}). */
    public List<PaxosEvent> phase1bChoices(String a) {
        sim.acceptor(a);
        List<PaxosEvent> out = new ArrayList<>();
        sim.sent(TX, PaxosMessage.Phase1a.class).forEach(m -> out.add(new PaxosEvent.Phase1b(a, m)));
        return out;
    }

    /** Phase2b(a)'s candidates: one per proposal sent (the spec's {@code \E m \in p2a}). */
    public List<PaxosEvent> phase2bChoices(String a) {
        sim.acceptor(a);
        List<PaxosEvent> out = new ArrayList<>();
        sim.sent(TX, PaxosMessage.Phase2a.class).forEach(m -> out.add(new PaxosEvent.Phase2b(a, m)));
        return out;
    }

    private void stepFirst(List<PaxosEvent> choices, String action) {
        for (PaxosEvent e : choices) {
            if (sim.isEnabled(e)) {
                sim.step(e);
                return;
            }
        }
        throw new ActionRefused(action, "no candidate is enabled among " + choices.size());
    }

    /**
     * The abstraction function of {@code PaxosCommit}: its variables for the transaction. {@code rmState} (RM to state
     * string), {@code aState} (RM to acceptor to {@code [mbal, bal, val]}; a down acceptor shows what its log holds),
     * {@code p1a}, {@code p1b}, {@code p2a}, {@code p2b} (sets of records), {@code down} (acceptor names),
     * {@code stopped} (ballots).
     */
    public Map<String, Object> abstraction() {
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, Object> rmState = new TreeMap<>();
        Map<String, Object> aState = new TreeMap<>();
        for (String r : sim.setup().rms()) {
            rmState.put(r, sim.rm(r).state(TX).spec());
            Map<String, Object> byAcc = new TreeMap<>();
            for (String a : sim.setup().acceptors()) {
                byAcc.put(a, sim.acceptorState(a, TX, r).spec());
            }
            aState.put(r, Collections.unmodifiableMap(byAcc));
        }
        vars.put("rmState", Collections.unmodifiableMap(rmState));
        vars.put("aState", Collections.unmodifiableMap(aState));
        vars.put("p1a", specs(PaxosMessage.Phase1a.class));
        vars.put("p1b", specs(PaxosMessage.Phase1b.class));
        vars.put("p2a", specs(PaxosMessage.Phase2a.class));
        vars.put("p2b", specs(PaxosMessage.Phase2b.class));
        vars.put("down", Collections.unmodifiableSortedSet(new TreeSet<>(sim.down())));
        vars.put("stopped", Collections.unmodifiableSortedSet(new TreeSet<>(sim.stopped())));
        return Collections.unmodifiableMap(vars);
    }

    private Set<Map<String, Object>> specs(Class<? extends PaxosMessage> type) {
        Set<Map<String, Object>> out = new LinkedHashSet<>();
        sim.sent(TX, type).forEach(m -> out.add(m.spec()));
        return Collections.unmodifiableSet(out);
    }
}
