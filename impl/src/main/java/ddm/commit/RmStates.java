package ddm.commit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping every resource manager keeps whatever the protocol above it: its state in each transaction
 * ({@code rmState[rm]}), whether it is up, and how a crash and a recovery from its log change them. The 2PC RM
 * ({@link ResourceManager}) and the Paxos Commit RM ({@code ddm.commit.paxos.PaxosRm}) share their states and their
 * log ({@link RmState}, {@link DurableRecord}); they differ only in what they send and when they learn an outcome, so
 * each holds one of these and keeps its spec-named actions, their guards and their outputs to itself.
 *
 * <p>No method here is a spec action, and only {@link #begin} checks a guard: the caller checks each action's guard
 * (its own {@code can...} method) before it changes anything here, so a refused action leaves the RM as it was.
 */
public final class RmStates {

    private final String name;
    private final Map<Long, RmState> states = new HashMap<>();
    private boolean up = true;

    /** The bookkeeping of RM {@code name}: up, in no transaction yet. */
    public RmStates(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean isUp() {
        return up;
    }

    /** The RM's state in tx: {@code rmState[name]} of that transaction (an unknown transaction is aborted). */
    public RmState state(long tx) {
        return states.getOrDefault(tx, RmState.ABORTED);
    }

    /** Whether the RM is up and in state {@code s} in tx: the shape of most RM guards. */
    public boolean upIn(long tx, RmState s) {
        return up && state(tx) == s;
    }

    /** The RM joins transaction tx, working (the spec's {@code Init} for it); refused if down or already in tx. */
    public void begin(long tx) {
        if (!up || states.containsKey(tx)) {
            throw refused("Begin", tx);
        }
        states.put(tx, RmState.WORKING);
    }

    /** Moves the RM to state {@code to} in tx (the caller has checked the guard); returns the state it left. */
    public RmState move(long tx, RmState to) {
        RmState before = state(tx);
        states.put(tx, to);
        return before;
    }

    /** The RM stops and loses all volatile state (the caller has checked that it was up). */
    public void crash() {
        up = false;
        states.clear();
    }

    /**
     * The RM restarts from the records its log kept (the caller has checked that it was down). A transaction with a
     * prepare record and no outcome is prepared again (it must find the outcome out, never decide alone); one with
     * an outcome keeps it; any other is aborted (presumed abort: its work died with the crash).
     */
    public void recover(List<DurableRecord> records) {
        for (DurableRecord r : records) {
            RmState s = r instanceof DurableRecord.Prepared ? RmState.PREPARED
                    : r instanceof DurableRecord.Committed ? RmState.COMMITTED : RmState.ABORTED;
            states.merge(r.tx(), s, (old, neu) -> old == RmState.PREPARED ? neu : old);
        }
        up = true;
    }

    /** The refusal of {@code action} by this RM, naming its state in tx ({@code tx < 0}: an action of no tx). */
    public ActionRefused refused(String action, long tx) {
        String where = tx < 0 ? "" : " in tx " + tx;
        return new ActionRefused(action + "(" + name + ")",
                name + (up ? " is " + state(tx).spec() + where : " is down"));
    }

    @Override
    public String toString() {
        return name + (up ? " " + states : " down");
    }
}
