package ddm.commit;

import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.sim.FaultPoint;
import ddm.sim.Network;
import ddm.sim.Simulated;
import ddm.sim.Trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Two-phase commit in the deterministic simulator: one TM, the RMs, a log per node, the network of every message ever
 * sent, and any number of transactions. The caller chooses each event; {@link #step} performs it atomically as the
 * spec does: the node's action, then its records appended and forced to its log, then its messages sent. Because a
 * step forces before it sends and a crash is a step of its own, a log never holds unforced records at a crash.
 *
 * <p>A real process can die inside a step too: {@link #stepCrashingAt} performs a step's effects one by one in the
 * {@link Driver}'s order and crashes the node at a {@link FaultPoint} (after an append, after the force, after a
 * send), losing the rest of the step's effects and, in a {@link MemoryLog}, whatever was appended and not forced.
 * The driver is a constructor argument: production's is {@link Driver#FORCE_THEN_SEND}; tests pass one that sends
 * before it forces, which passes every run whose crashes fall between steps and is caught by crashes inside them.
 */
public final class CommitSimulation implements Simulated<CommitEvent> {

    private final SortedSet<String> rmNames;
    private final TransactionManager tm;
    private final Map<String, ResourceManager> rms = new LinkedHashMap<>();
    private final NodeLogs logs = new NodeLogs();
    private final Network<CommitMessage> network = new Network<>();
    private final java.util.Set<Long> txs = new java.util.LinkedHashSet<>();
    private final Trace trace = new Trace();
    private final int maxCrashes;
    private final Driver driver;
    private int crashes;

    /** The order in which a step's effects are performed, through {@link Ops}. */
    public interface Driver {
        /** What a driver performs through; each call passes the fault point after it. */
        interface Ops {
            void append(DurableRecord r);

            void force();

            void send(CommitMessage m);
        }

        void perform(Effects effects, Ops ops);

        /** Every record appended, one force, then every message: what each spec step's atomicity requires. */
        Driver FORCE_THEN_SEND = (effects, ops) -> {
            effects.records().forEach(ops::append);
            if (!effects.records().isEmpty()) {
                ops.force();
            }
            effects.messages().forEach(ops::send);
        };
    }

    /** Thrown at the fault point where the node dies inside a step. */
    private static final class CrashHere extends RuntimeException {
        CrashHere() {
            super(null, null, false, false);
        }
    }

    /** A system with the given RMs, each node logging to a {@link MemoryLog}, and no transaction yet. */
    public CommitSimulation(List<String> rmNames) {
        this(rmNames, MemoryLog::new, Integer.MAX_VALUE);
    }

    /** A system with the given RMs and logs, no crash bound, and no transaction yet. */
    public CommitSimulation(List<String> rmNames, Supplier<RecordLog> newLog) {
        this(rmNames, newLog, Integer.MAX_VALUE);
    }

    /**
     * A system with the given RMs, each node with a fresh log from {@code newLog}, at most {@code maxCrashes} crashes
     * in all (TwoPhaseCommitRecovery's {@code MaxCrashes}; a model bound, not protocol), and no transaction yet. from {@code newLog}, and no transaction yet. */
    public CommitSimulation(List<String> rmNames, Supplier<RecordLog> newLog, int maxCrashes) {
        this(rmNames, newLog, maxCrashes, Nodes.STANDARD);
    }

    /** As above, with the nodes built by {@code nodes} (tests pass broken ones; see {@link Nodes}). */
    public CommitSimulation(List<String> rmNames, Supplier<RecordLog> newLog, int maxCrashes, Nodes nodes) {
        this(rmNames, newLog, maxCrashes, nodes, Driver.FORCE_THEN_SEND);
    }

    /** As above, performing effects in {@code driver}'s order (tests pass broken orders). */
    public CommitSimulation(List<String> rmNames, Supplier<RecordLog> newLog, int maxCrashes, Nodes nodes,
                            Driver driver) {
        this.maxCrashes = maxCrashes;
        this.driver = driver;
        this.rmNames = new TreeSet<>(rmNames);
        if (this.rmNames.size() != rmNames.size() || rmNames.isEmpty() || rmNames.contains("tm")) {
            throw new IllegalArgumentException("RM names must be distinct, not empty, and not tm: " + rmNames);
        }
        this.tm = nodes.tm().apply(this.rmNames);
        logs.add("tm", newLog.get());
        for (String r : this.rmNames) {
            rms.put(r, nodes.rm().apply(r));
            logs.add(r, newLog.get());
        }
    }

    /** Opens transaction tx at the TM and every RM (the spec's {@code Init} for it). */
    public void begin(long tx) {
        if (txs.contains(tx)) {
            throw new IllegalArgumentException("transaction " + tx + " already begun");
        }
        tm.begin(tx);
        rms.values().forEach(rm -> rm.begin(tx));
        txs.add(tx);
    }

    public SortedSet<String> rmNames() {
        return new TreeSet<>(rmNames);
    }

    public TransactionManager tm() {
        return tm;
    }

    public ResourceManager rm(String name) {
        ResourceManager rm = rms.get(name);
        if (rm == null) {
            throw new IllegalArgumentException("no RM named " + name);
        }
        return rm;
    }

    public Network<CommitMessage> network() {
        return network;
    }

    public List<Long> transactions() {
        return List.copyOf(txs);
    }

    /** The records node ("tm" or an RM's name) has in its log now. */
    public List<DurableRecord> records(String node) {
        return logs.read(node).stream().map(DurableRecord::decode).toList();
    }

    /** Crashes so far, all nodes together (TwoPhaseCommitRecovery's {@code crashes}). */
    public int crashes() {
        return crashes;
    }

    /** The message tm would answer a query about tx with, if it has decided: its Commit or its Abort. */
    private CommitMessage answer(long tx) {
        return tm.state(tx) == TmState.COMMITTED ? new CommitMessage.Commit(tx) : new CommitMessage.Abort(tx);
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public List<CommitEvent> enabled() {
        List<CommitEvent> out = new ArrayList<>();
        for (long tx : txs) {
            for (String r : rmNames) {
                List<CommitEvent> candidates = List.of(
                        new CommitEvent.RmPrepare(r, tx), new CommitEvent.RmChooseToAbort(r, tx),
                        new CommitEvent.RmRcvCommitMsg(r, tx), new CommitEvent.RmRcvAbortMsg(r, tx),
                        new CommitEvent.RmAskOutcome(r, tx), new CommitEvent.TmRcvPrepared(r, tx),
                        new CommitEvent.TmRcvQuery(r, tx));
                candidates.stream().filter(this::isEnabled).forEach(out::add);
            }
            for (CommitEvent e : List.of(new CommitEvent.TmCommit(tx), new CommitEvent.TmAbort(tx))) {
                if (isEnabled(e)) {
                    out.add(e);
                }
            }
        }
        for (String r : rmNames) {
            for (CommitEvent e : List.of(new CommitEvent.RmCrash(r), new CommitEvent.RmRecover(r))) {
                if (isEnabled(e)) {
                    out.add(e);
                }
            }
        }
        for (CommitEvent e : List.of(new CommitEvent.TmCrash(), new CommitEvent.TmRecover())) {
            if (isEnabled(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether event's guard holds now: the message it receives has been sent, and the node can take the action. */
    public boolean isEnabled(CommitEvent event) {
        if (event instanceof CommitEvent.RmPrepare e) {
            return rm(e.rm()).canRmPrepare(e.tx());
        } else if (event instanceof CommitEvent.RmChooseToAbort e) {
            return rm(e.rm()).canRmChooseToAbort(e.tx());
        } else if (event instanceof CommitEvent.RmRcvCommitMsg e) {
            return network.contains(new CommitMessage.Commit(e.tx())) && rm(e.rm()).canRmRcvCommitMsg(e.tx());
        } else if (event instanceof CommitEvent.RmRcvAbortMsg e) {
            return network.contains(new CommitMessage.Abort(e.tx())) && rm(e.rm()).canRmRcvAbortMsg(e.tx());
        } else if (event instanceof CommitEvent.RmAskOutcome e) {
            // The spec asks once: a query already in msgs is asked (the fairness of delivery stands for retries).
            return !network.contains(new CommitMessage.Query(e.tx(), e.rm())) && rm(e.rm()).canRmAskOutcome(e.tx());
        } else if (event instanceof CommitEvent.TmRcvPrepared e) {
            return network.contains(new CommitMessage.Prepared(e.tx(), e.rm())) && tm.canTmRcvPrepared(e.tx(), e.rm());
        } else if (event instanceof CommitEvent.TmCommit e) {
            return tm.canTmCommit(e.tx());
        } else if (event instanceof CommitEvent.TmAbort e) {
            return tm.canTmAbort(e.tx());
        } else if (event instanceof CommitEvent.TmRcvQuery e) {
            // The spec answers only with a message not yet sent: a re-sent answer is no step.
            return network.contains(new CommitMessage.Query(e.tx(), e.rm())) && tm.canTmRcvQuery(e.tx())
                    && !network.contains(answer(e.tx()));
        } else if (event instanceof CommitEvent.RmCrash e) {
            return crashes < maxCrashes && rm(e.rm()).canRmCrash();
        } else if (event instanceof CommitEvent.RmRecover e) {
            return rm(e.rm()).canRmRecover();
        } else if (event instanceof CommitEvent.TmCrash) {
            return crashes < maxCrashes && tm.canTmCrash();
        } else if (event instanceof CommitEvent.TmRecover) {
            return tm.canTmRecover();
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    @Override
    public void step(CommitEvent event) {
        String node;
        Effects effects;
        if (event instanceof CommitEvent.RmPrepare e) {
            node = e.rm();
            effects = rm(node).rmPrepare(e.tx());
        } else if (event instanceof CommitEvent.RmChooseToAbort e) {
            node = e.rm();
            effects = rm(node).rmChooseToAbort(e.tx());
        } else if (event instanceof CommitEvent.RmRcvCommitMsg e) {
            node = e.rm();
            requireSent(new CommitMessage.Commit(e.tx()), event);
            effects = rm(node).rmRcvCommitMsg(e.tx());
        } else if (event instanceof CommitEvent.RmRcvAbortMsg e) {
            node = e.rm();
            requireSent(new CommitMessage.Abort(e.tx()), event);
            effects = rm(node).rmRcvAbortMsg(e.tx());
        } else if (event instanceof CommitEvent.RmAskOutcome e) {
            node = e.rm();
            requireNotSent(new CommitMessage.Query(e.tx(), e.rm()), event);
            effects = rm(node).rmAskOutcome(e.tx());
        } else if (event instanceof CommitEvent.TmRcvPrepared e) {
            node = "tm";
            requireSent(new CommitMessage.Prepared(e.tx(), e.rm()), event);
            effects = tm.tmRcvPrepared(e.tx(), e.rm());
        } else if (event instanceof CommitEvent.TmCommit e) {
            node = "tm";
            effects = tm.tmCommit(e.tx());
        } else if (event instanceof CommitEvent.TmAbort e) {
            node = "tm";
            effects = tm.tmAbort(e.tx());
        } else if (event instanceof CommitEvent.TmRcvQuery e) {
            node = "tm";
            requireSent(new CommitMessage.Query(e.tx(), e.rm()), event);
            if (tm.canTmRcvQuery(e.tx())) {
                requireNotSent(answer(e.tx()), event);
            }
            effects = tm.tmRcvQuery(e.tx(), e.rm());
        } else if (event instanceof CommitEvent.RmCrash e) {
            node = e.rm();
            requireCrashLeft(event);
            effects = rm(node).rmCrash();
            crashes++;
            logs.crash(node);
        } else if (event instanceof CommitEvent.RmRecover e) {
            node = e.rm();
            if (!rm(node).canRmRecover()) {
                rm(node).rmRecover(List.of()); // refuses, naming the state
            }
            effects = rm(node).rmRecover(records(node));
        } else if (event instanceof CommitEvent.TmCrash) {
            node = "tm";
            requireCrashLeft(event);
            effects = tm.tmCrash();
            crashes++;
            logs.crash(node);
        } else if (event instanceof CommitEvent.TmRecover) {
            node = "tm";
            if (!tm.canTmRecover()) {
                tm.tmRecover(List.of());
            }
            effects = tm.tmRecover(records("tm"));
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        trace.add(txs.size() > 1 && !event.isFault() ? event.label() + " @tx" + txOf(event) : event.label());
        try {
            perform(node, effects, crashInside);
        } catch (CrashHere c) {
            // the rest of the step's effects die with the node; stepCrashingAt crashes it
        }
    }

    private static long txOf(CommitEvent e) {
        if (e instanceof CommitEvent.RmPrepare x) return x.tx();
        if (e instanceof CommitEvent.RmChooseToAbort x) return x.tx();
        if (e instanceof CommitEvent.RmRcvCommitMsg x) return x.tx();
        if (e instanceof CommitEvent.RmRcvAbortMsg x) return x.tx();
        if (e instanceof CommitEvent.RmAskOutcome x) return x.tx();
        if (e instanceof CommitEvent.TmRcvPrepared x) return x.tx();
        if (e instanceof CommitEvent.TmCommit x) return x.tx();
        if (e instanceof CommitEvent.TmAbort x) return x.tx();
        if (e instanceof CommitEvent.TmRcvQuery x) return x.tx();
        return -1;
    }

    private void requireNotSent(CommitMessage m, CommitEvent event) {
        if (network.contains(m)) {
            throw new ActionRefused(event.label(), m.spec() + " was already sent");
        }
    }

    private void requireCrashLeft(CommitEvent event) {
        if (crashes >= maxCrashes) {
            throw new ActionRefused(event.label(), "all " + maxCrashes + " crashes happened");
        }
    }

    private void requireSent(CommitMessage m, CommitEvent event) {
        if (!network.contains(m)) {
            throw new ActionRefused(event.label(), m.spec() + " was never sent");
        }
    }

    /** The driver's half of a step: force the records, then send the messages (in the driver's order). */
    private void perform(String node, Effects effects) {
        perform(node, effects, null);
    }

    /** As above, crashing the node at {@code crashAt} if the effects pass it (null: nowhere). */
    private void perform(String node, Effects effects, FaultPoint crashAt) {
        driver.perform(effects, new Driver.Ops() {
            @Override
            public void append(DurableRecord r) {
                logs.append(node, r.encode());
                passed(FaultPoint.AFTER_APPEND);
            }

            @Override
            public void force() {
                logs.force(node);
                passed(FaultPoint.AFTER_FORCE);
            }

            @Override
            public void send(CommitMessage m) {
                network.send(m);
                passed(FaultPoint.AFTER_SEND);
            }

            private void passed(FaultPoint p) {
                if (p == crashAt) {
                    throw new CrashHere();
                }
            }
        });
    }

    /**
     * Performs {@code event}, a step of an up node, and crashes that node at {@code at} inside the step's effects
     * (or at its end, if the effects never pass {@code at}): the node's crash action follows at once, what was
     * appended and not forced is lost, and the messages not yet sent are never sent. Counts as one of the crashes;
     * refused (changing nothing) if the step is refused, or no crash is left, or the event is itself a fault.
     */
    public void stepCrashingAt(CommitEvent event, FaultPoint at) {
        if (event.isFault()) {
            throw new ActionRefused(event.label(), "a crash or a recovery is not a step to crash inside");
        }
        requireCrashLeft(event);
        String node = nodeOf(event);
        crashInside = at;
        try {
            step(event);
        } finally {
            crashInside = null;
        }
        if (node.equals("tm")) {
            tm.tmCrash();
        } else {
            rm(node).rmCrash();
        }
        crashes++;
        logs.crash(node);
        trace.add((node.equals("tm") ? "tm TMCrash" : node + " RMCrash") + " (inside the step, " + at.label() + ")");
    }

    /** Set while {@link #stepCrashingAt} performs its step: where the step's effects stop. */
    private FaultPoint crashInside;

    /** The node that takes {@code event}. */
    private static String nodeOf(CommitEvent e) {
        if (e instanceof CommitEvent.RmPrepare x) return x.rm();
        if (e instanceof CommitEvent.RmChooseToAbort x) return x.rm();
        if (e instanceof CommitEvent.RmRcvCommitMsg x) return x.rm();
        if (e instanceof CommitEvent.RmRcvAbortMsg x) return x.rm();
        if (e instanceof CommitEvent.RmAskOutcome x) return x.rm();
        return "tm";
    }
}
