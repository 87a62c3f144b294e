package ddm.runtime;

import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.TmState;
import ddm.commit.TransactionManager;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;
import ddm.trace.Var;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The 2PC transaction manager as its driver drives it, in a thread or a process: opens a transaction when the client
 * begins it (and, with {@code relayBegin}, begins it at every RM, so that no RM votes before the TM knows the
 * transaction: in-JVM the client reaches every mailbox in order, over TCP only through the TM), commits as soon as
 * every RM has prepared, aborts a transaction still undecided {@code timeoutMillis} after it began, answers queries,
 * and tells the client each decision once it is durable. Opening a transaction is logged as a {@code Begin} event
 * (the spec's Init for the TM; no spec step), as events.md asks.
 */
public final class TmRole implements Role<CommitWire> {

    public static final String NAME = "tm";

    private final TransactionManager node;
    private final List<String> rms;
    private final Timers timers;
    private final long timeoutMillis;
    private final boolean relayBegin;
    private final LongSupplier clockMillis;
    private final Set<Long> begun = new HashSet<>();
    private final Map<Long, String> lastRecord = new HashMap<>();
    private long startMillis;

    public TmRole(TransactionManager node, List<String> rms, Timers timers, long timeoutMillis, boolean relayBegin,
                  LongSupplier clockMillis) {
        this.node = node;
        this.rms = List.copyOf(rms);
        this.timers = timers;
        this.timeoutMillis = timeoutMillis;
        this.relayBegin = relayBegin;
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isUp() {
        return node.isUp();
    }

    public TransactionManager node() {
        return node;
    }

    @Override
    public List<Step<CommitWire>> deliver(String from, CommitWire message) {
        if (message instanceof CommitWire.Begin b) {
            if (b.issuedMillis() < startMillis || !begun.add(b.tx())) {
                return List.of();
            }
            node.begin(b.tx());
            timers.arm(b.tx(), timeoutMillis);
            List<Step.Send<CommitWire>> relay = new ArrayList<>();
            if (relayBegin) {
                rms.forEach(r -> relay.add(new Step.Send<>(r, b)));
            }
            Step<CommitWire> begin = step("Begin", null, b.tx(), Effects.NONE, List.of(), null);
            return List.of(new Step<>(begin.event(), List.of(), relay));
        }
        if (message instanceof CommitWire.Spec s && s.message() instanceof CommitMessage.Prepared p
                && node.canTmRcvPrepared(p.tx(), p.rm())) {
            List<Step<CommitWire>> steps = new ArrayList<>();
            steps.add(step("TMRcvPrepared", p.rm(), p.tx(), node.tmRcvPrepared(p.tx(), p.rm()), List.of(p.spec()),
                    null));
            if (node.canTmCommit(p.tx())) {
                timers.cancel(p.tx());
                steps.add(step("TMCommit", null, p.tx(), node.tmCommit(p.tx()), List.of(), null));
            }
            return steps;
        }
        if (message instanceof CommitWire.Spec s && s.message() instanceof CommitMessage.Query q
                && node.canTmRcvQuery(q.tx())) {
            return List.of(step("TMRcvQuery", q.rm(), q.tx(), node.tmRcvQuery(q.tx(), q.rm()), List.of(q.spec()),
                    q.rm()));
        }
        if (message instanceof CommitWire.Status) {
            Set<Long> undecided = new TreeSet<>();
            for (long tx : begun) {
                if (node.isUp() && node.state(tx) == TmState.INIT) {
                    undecided.add(tx);
                }
            }
            return List.of(Step.sendOnly(List.of(new Step.Send<>(from,
                    new CommitWire.StatusReply(NAME, isUp(), undecided)))));
        }
        return List.of();
    }

    @Override
    public List<Step<CommitWire>> timeout(long tx) {
        if (!node.canTmAbort(tx)) {
            return List.of();
        }
        return List.of(step("TMAbort", null, tx, node.tmAbort(tx), List.of(), null));
    }

    @Override
    public Step<CommitWire> crash() {
        node.tmCrash();
        begun.clear();
        lastRecord.clear();
        return new Step<>(new StepEvent("TMCrash", Map.of(), null, List.of(), List.of(), List.of()), List.of(),
                List.of());
    }

    /** The transactions the event log shows the TM in and undecided when it died (logging only; see rejoin). */
    private final Set<Long> unfinished = new TreeSet<>();

    /** The TM's last step in a transaction was one of these: it had decided there. */
    private static final Set<String> FINISHED = Set.of("TMCommit", "TMAbort", "TMRcvQuery");

    @Override
    public void rejoin(Map<String, String> lastActionByInstance) {
        unfinished.clear();
        unfinished.addAll(Role.unfinished(lastActionByInstance, FINISHED));
    }

    /**
     * TMRecover from the log (commit records: committed; anything else: aborted); the client hears which. The event
     * logs, in each transaction the TM had not decided ({@link #rejoin}), the state its log rebuilt there.
     */
    @Override
    public Step<CommitWire> recover(List<byte[]> log) {
        List<DurableRecord> records = log.stream().map(DurableRecord::decode).toList();
        node.tmRecover(records);
        startMillis = clockMillis.getAsLong();
        Map<Long, Boolean> decided = new HashMap<>();
        for (DurableRecord r : records) {
            lastRecord.put(r.tx(), r.kind());
            begun.add(r.tx());
            decided.put(r.tx(), node.state(r.tx()) == TmState.COMMITTED);
        }
        List<Var> vars = new ArrayList<>();
        vars.add(new Var("tmUp", List.of(), true));
        for (long tx : unfinished) {
            String in = String.valueOf(tx);
            vars.add(new Var("tmState", List.of(), node.state(tx).spec(), in));
            vars.add(new Var("tmPrepared", List.of(), new TreeSet<>(node.prepared(tx)), in));
            vars.add(new Var("tmLog", List.of(), lastRecord.getOrDefault(tx, "none"), in));
        }
        unfinished.clear();
        return new Step<>(new StepEvent("TMRecover", Map.of(), null, vars, List.of(), List.of()), List.of(),
                List.of(new Step.Send<>(RmRole.CLIENT,
                        new CommitWire.Recovered(NAME, startMillis, decided, Set.of()))));
    }

    /**
     * The step of {@code action} (with parameter rm, if any) in tx. Commit and Abort go to every RM, or only to
     * {@code replyTo} when they answer its query; a decision or an answer is reported to the client too.
     */
    private Step<CommitWire> step(String action, String rm, long tx, Effects e, List<Object> received,
                                  String replyTo) {
        List<byte[]> records = new ArrayList<>();
        for (DurableRecord r : e.records()) {
            records.add(r.encode());
            lastRecord.put(r.tx(), r.kind());
        }
        List<Step.Send<CommitWire>> sends = new ArrayList<>();
        List<Object> sent = new ArrayList<>();
        for (CommitMessage m : e.messages()) {
            sent.add(m.spec());
            if (replyTo != null) {
                sends.add(new Step.Send<>(replyTo, new CommitWire.Spec(m)));
            } else {
                rms.forEach(r -> sends.add(new Step.Send<>(r, new CommitWire.Spec(m))));
            }
            sends.add(new Step.Send<>(RmRole.CLIENT,
                    new CommitWire.Outcome(tx, NAME, m instanceof CommitMessage.Commit)));
        }
        List<Var> vars = List.of(
                new Var("tmState", List.of(), node.state(tx).spec()),
                new Var("tmPrepared", List.of(), new TreeSet<>(node.prepared(tx))),
                new Var("tmLog", List.of(), lastRecord.getOrDefault(tx, "none")),
                new Var("tmUp", List.of(), node.isUp()));
        return new Step<>(new StepEvent(action, rm == null ? Map.of() : Map.of("rm", rm), String.valueOf(tx), vars,
                sent, received), records, sends);
    }
}
