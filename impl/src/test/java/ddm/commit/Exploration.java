package ddm.commit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.sim.FaultPoint;

/**
 * Drives a {@link CommitSimulation} through an event sequence given as choices (each an index into the events enabled
 * at that point), checking the safety properties after every event; then heals it (recovers every node, no more
 * crashes, every sent message deliverable) and checks that every RM decides within a bound. A violation is an
 * {@link AssertionError} whose message is the run as its event list.
 */
final class Exploration {

    /** Heal-phase bound: a healed system with T transactions and R RMs decides in well under this many steps. */
    static final int HEAL_STEPS_MAX = 500;

    private final CommitSimulation sim;
    private final List<Long> txs;
    /** Per transaction and RM, the outcome once decided: it must never change, not even across a crash. */
    private final Map<Long, Map<String, RmState>> decided = new java.util.HashMap<>();

    /** Whether the faulty phase may crash a node inside a step's effects too, not only between steps. */
    private final boolean crashesInside;

    Exploration(List<String> rms, int transactions, Supplier<RecordLog> newLog) {
        this(rms, transactions, newLog, CommitSimulation.Driver.FORCE_THEN_SEND, false);
    }

    /**
     * As above, the simulator performing effects in {@code driver}'s order, and with {@code crashesInside} the
     * faulty phase crashing nodes inside steps as well (after an append, after the force, after a send).
     */
    Exploration(List<String> rms, int transactions, Supplier<RecordLog> newLog, CommitSimulation.Driver driver,
                boolean crashesInside) {
        this.sim = new CommitSimulation(rms, newLog, Integer.MAX_VALUE, Nodes.STANDARD, driver);
        this.crashesInside = crashesInside;
        this.txs = new ArrayList<>();
        for (long tx = 1; tx <= transactions; tx++) {
            sim.begin(tx);
            txs.add(tx);
            decided.put(tx, new java.util.HashMap<>());
        }
    }

    Exploration(List<String> rms, int transactions) {
        this(rms, transactions, MemoryLog::new);
    }

    CommitSimulation sim() {
        return sim;
    }

    /** Choices below this pick a disruptive event (a crash, a recovery, an abort); the rest pick a protocol step. */
    static final int DISRUPTIVE_BELOW = 25;

    /**
     * The faulty phase. Each choice in 0..199 picks one enabled event: below {@link #DISRUPTIVE_BELOW} a disruptive
     * one, else an ordinary step (each modulo the number enabled; either kind when the other has none). Uniform
     * choice would crash or abort nearly every run before anything commits, which would leave the interesting
     * interleavings, crashes around a commit, unexplored.
     */
    void run(List<Integer> choices) {
        for (int choice : choices) {
            List<CommitEvent> enabled = sim.enabled();
            if (enabled.isEmpty()) {
                return;
            }
            List<Object> disruptive = new ArrayList<>(enabled.stream().filter(Exploration::isDisruptive).toList());
            List<Object> ordinary = new ArrayList<>(enabled.stream().filter(e -> !isDisruptive(e)).toList());
            if (crashesInside) {
                for (Object e : ordinary) {
                    for (FaultPoint p : FaultPoint.values()) {
                        disruptive.add(new Inside((CommitEvent) e, p));
                    }
                }
            }
            List<Object> pool = (choice < DISRUPTIVE_BELOW && !disruptive.isEmpty()) || ordinary.isEmpty()
                    ? disruptive : ordinary;
            Object next = pool.get(Math.floorMod(choice, pool.size()));
            if (next instanceof Inside in) {
                sim.stepCrashingAt(in.step(), in.at());
            } else {
                sim.step((CommitEvent) next);
            }
            checkSafety();
        }
    }

    /** A crash inside {@code step}'s effects, at {@code at}. */
    private record Inside(CommitEvent step, FaultPoint at) {
    }

    private static boolean isDisruptive(CommitEvent e) {
        return e.isFault() || e instanceof CommitEvent.RmChooseToAbort || e instanceof CommitEvent.TmAbort;
    }

    /** The liveness phase: recover every down node, then take useful steps until every RM of every tx decided. */
    void healAndCheckEveryRmDecides() {
        for (String r : sim.rmNames()) {
            if (!sim.rm(r).isUp()) {
                sim.step(new CommitEvent.RmRecover(r));
                checkSafety();
            }
        }
        if (!sim.tm().isUp()) {
            sim.step(new CommitEvent.TmRecover());
            checkSafety();
        }
        for (int step = 0; step < HEAL_STEPS_MAX && !allDecided(); step++) {
            CommitEvent next = nextUsefulEvent();
            if (next == null) {
                throw new AssertionError("stuck with undecided RMs and nothing useful enabled\n" + describe());
            }
            sim.step(next);
            checkSafety();
        }
        if (!allDecided()) {
            throw new AssertionError("not every RM decided within " + HEAL_STEPS_MAX + " healed steps\n" + describe());
        }
    }

    /**
     * A fault-free, fair choice: receipts and votes first, then the TM's commit, then a query that is not yet
     * answered, and the TM's abort (its timeout) only when nothing else helps. Never a crash, never a unilateral abort.
     */
    private CommitEvent nextUsefulEvent() {
        List<CommitEvent> enabled = sim.enabled();
        for (CommitEvent e : enabled) {
            if (e instanceof CommitEvent.RmPrepare || e instanceof CommitEvent.TmRcvPrepared
                    || e instanceof CommitEvent.RmRcvCommitMsg || e instanceof CommitEvent.RmRcvAbortMsg
                    || e instanceof CommitEvent.TmCommit) {
                return e;
            }
        }
        for (CommitEvent e : enabled) {
            if (e instanceof CommitEvent.TmRcvQuery q && !answered(q.tx())) {
                return e;
            }
            if (e instanceof CommitEvent.RmAskOutcome a
                    && !sim.network().contains(new CommitMessage.Query(a.tx(), a.rm()))) {
                return e;
            }
        }
        for (CommitEvent e : enabled) {
            if (e instanceof CommitEvent.TmAbort) {
                return e;
            }
        }
        return null;
    }

    private boolean answered(long tx) {
        return sim.network().contains(new CommitMessage.Commit(tx)) || sim.network().contains(new CommitMessage.Abort(tx));
    }

    private boolean allDecided() {
        for (long tx : txs) {
            for (String r : sim.rmNames()) {
                RmState s = sim.rm(r).state(tx);
                if (s != RmState.COMMITTED && s != RmState.ABORTED) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Safety after every event, for every transaction: no RM committed while another aborted (Consistency); the TM
     * did not commit while an RM aborted; and an RM's outcome, once reached, never changes (TransactionCommit's
     * decisions are final), which a lost log record would break across a crash.
     */
    void checkSafety() {
        for (long tx : txs) {
            boolean anyCommitted = sim.tm().isUp() && sim.tm().state(tx) == TmState.COMMITTED;
            boolean anyAborted = sim.tm().isUp() && sim.tm().state(tx) == TmState.ABORTED;
            for (String r : sim.rmNames()) {
                ResourceManager rm = sim.rm(r);
                if (!rm.isUp()) {
                    continue;
                }
                RmState s = rm.state(tx);
                anyCommitted |= s == RmState.COMMITTED;
                anyAborted |= s == RmState.ABORTED;
                if (s == RmState.COMMITTED || s == RmState.ABORTED) {
                    RmState before = decided.get(tx).putIfAbsent(r, s);
                    if (before != null && before != s) {
                        throw new AssertionError(r + " decided " + before.spec() + " then " + s.spec()
                                + " in tx " + tx + "\n" + describe());
                    }
                }
            }
            if (anyCommitted && anyAborted) {
                throw new AssertionError("Consistency violated in tx " + tx + " (the TM's decision counts as a vote)\n"
                        + describe());
            }
        }
    }

    String describe() {
        StringBuilder sb = new StringBuilder("events:\n");
        sim.trace().events().forEach(e -> sb.append("  ").append(e).append('\n'));
        sb.append("state: ").append(sim.tm());
        sim.rmNames().forEach(r -> sb.append(", ").append(sim.rm(r)));
        return sb.toString();
    }
}
