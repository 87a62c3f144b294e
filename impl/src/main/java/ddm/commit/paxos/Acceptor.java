package ddm.commit.paxos;

import ddm.commit.ActionRefused;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An acceptor of Paxos Commit: a deterministic state machine keeping, per transaction and instance, the highest ballot
 * it has joined ({@code mbal}) and its latest vote ({@code bal}, {@code val}): PaxosCommit's {@code aState[ins][a]}.
 * Each input is one method named after its spec action; it returns the {@link Output} to perform (force the record,
 * then send). A disabled call is refused with {@link ActionRefused} before anything changes.
 *
 * <p>Durable-log discipline: a promise is forced before its phase 1b answer, a vote before its phase 2b message, so
 * after a crash {@link #recover} rebuilds every promise and vote the outside world may have seen.
 *
 * <p>Not final only so that tests can seed bugs in {@link #mayVote} (a test-only subclass); production code never
 * overrides it.
 */
public class Acceptor {

    /** Acceptor state in one instance: {@code [mbal, bal, val]}, with -1 / null before joining / voting. */
    public record InstanceState(int mbal, int bal, Vote val) {
        public static final InstanceState INITIAL = new InstanceState(Vote.NO_BALLOT, Vote.NO_BALLOT, null);

        public Map<String, Object> spec() {
            return Map.of("mbal", mbal, "bal", bal, "val", Vote.spec(val));
        }
    }

    private record Key(long tx, String ins) {}

    private final String name;
    private final Map<Key, InstanceState> states = new HashMap<>();
    private boolean up = true;

    public Acceptor(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean isUp() {
        return up;
    }

    /** {@code aState[ins][name]} in transaction tx (the initial state for an instance it never heard of). */
    public InstanceState state(long tx, String ins) {
        return states.getOrDefault(new Key(tx, ins), InstanceState.INITIAL);
    }

    public boolean canPhase1b(PaxosMessage.Phase1a m) {
        return up && state(m.tx(), m.ins()).mbal() < m.bal();
    }

    /**
     * Implements {@code PaxosCommit!Phase1b(a)} for the phase 1a message m: the acceptor joins ballot m.bal, higher
     * than any it has joined in that instance, forces the promise, and reports its latest vote to the leader.
     */
    public Output<AcceptorRecord> phase1b(PaxosMessage.Phase1a m) {
        if (!canPhase1b(m)) {
            throw refused("Phase1b", m);
        }
        InstanceState s = state(m.tx(), m.ins());
        states.put(new Key(m.tx(), m.ins()), new InstanceState(m.bal(), s.bal(), s.val()));
        return Output.forceThenSend(new AcceptorRecord.Promise(m.tx(), m.ins(), m.bal()),
                new PaxosMessage.Phase1b(m.tx(), name, m.ins(), m.bal(), s.bal(), s.val()));
    }

    /**
     * Phase 2b's guard on the acceptor's own state: the proposal's ballot is at least every ballot it has joined (its
     * promise) and above its latest vote.
     */
    protected boolean mayVote(InstanceState s, PaxosMessage.Phase2a m) {
        return s.mbal() <= m.bal() && s.bal() < m.bal();
    }

    public boolean canPhase2b(PaxosMessage.Phase2a m) {
        return up && mayVote(state(m.tx(), m.ins()), m);
    }

    /**
     * Implements {@code PaxosCommit!Phase2b(a)} for the proposal m: the acceptor votes for it, forces the vote, and
     * tells every RM (the phase 2b message is their learning input; there is no coordinator's broadcast).
     */
    public Output<AcceptorRecord> phase2b(PaxosMessage.Phase2a m) {
        if (!canPhase2b(m)) {
            throw refused("Phase2b", m);
        }
        states.put(new Key(m.tx(), m.ins()), new InstanceState(m.bal(), m.bal(), m.val()));
        return Output.forceThenSend(new AcceptorRecord.Voted(m.tx(), m.ins(), m.bal(), m.val()),
                new PaxosMessage.Phase2b(m.tx(), name, m.ins(), m.bal(), m.val()));
    }

    public boolean canCrash() {
        return up;
    }

    /** Implements {@code PaxosCommit!AcceptorCrash(a)}: the acceptor stops and loses its volatile state. */
    public void crash() {
        if (!canCrash()) {
            throw new ActionRefused("AcceptorCrash(" + name + ")", name + " is down");
        }
        up = false;
        states.clear();
    }

    /**
     * Implements {@code PaxosCommit!AcceptorRecover(a)} (SpecR): restarts from the records its log kept. Each promise
     * raises mbal, each vote sets bal and val (and mbal at least to bal); records are replayed in log order, so the
     * latest vote wins. Every promise and vote was forced before it was answered, so the state is what the others saw:
     * the spec leaves aState unchanged.
     */
    public void recover(List<AcceptorRecord> records) {
        if (up) {
            throw new ActionRefused("AcceptorRecover(" + name + ")", name + " is up");
        }
        for (AcceptorRecord r : records) {
            Key k = new Key(r.tx(), r.ins());
            InstanceState s = states.getOrDefault(k, InstanceState.INITIAL);
            if (r instanceof AcceptorRecord.Promise p) {
                states.put(k, new InstanceState(Math.max(s.mbal(), p.mbal()), s.bal(), s.val()));
            } else if (r instanceof AcceptorRecord.Voted v) {
                states.put(k, new InstanceState(Math.max(s.mbal(), v.bal()), v.bal(), v.val()));
            }
        }
        up = true;
    }

    private ActionRefused refused(String action, PaxosMessage m) {
        return new ActionRefused(action + "(" + name + ")", up ? name + " has " + state(m.tx(), m.ins()).spec()
                + " in " + m.ins() + ", tx " + m.tx() + "; message " + m.spec() : name + " is down");
    }

    @Override
    public String toString() {
        return name + (up ? " " + states : " down");
    }
}
