package ddm.runtime;

import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.ResourceManager;
import ddm.commit.RmState;
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
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * A 2PC resource manager as its driver drives it, in a thread or a process: votes as soon as it has a transaction
 * (commit, unless {@code votesCommit} says abort, which decides it at once), learns the outcome from Commit or Abort,
 * asks the TM every {@code timeoutMillis} while prepared, and tells the client each outcome it has made durable.
 * On recovery it tells the client what its log holds (see {@link CommitWire.Recovered}). Joining a transaction is
 * logged as a {@code Begin} event (the spec's Init for this RM; no spec step), as events.md asks.
 */
public final class RmRole implements Role<CommitWire> {

    public static final String TM = "tm";
    public static final String CLIENT = "client";

    private final ResourceManager node;
    private final Timers timers;
    private final long timeoutMillis;
    private final BiPredicate<String, Long> votesCommit;
    private final LongSupplier clockMillis;
    private final Set<Long> begun = new HashSet<>();
    /** Per transaction, the kind of the last record this incarnation's steps forced (or recovery read): rmLog. */
    private final Map<Long, String> lastRecord = new HashMap<>();
    private long startMillis;
    /** The transactions the event log shows this RM in and not finished when it died (logging only; see rejoin). */
    private final Set<Long> unfinished = new TreeSet<>();

    public RmRole(ResourceManager node, Timers timers, long timeoutMillis, BiPredicate<String, Long> votesCommit,
                  LongSupplier clockMillis) {
        this.node = node;
        this.timers = timers;
        this.timeoutMillis = timeoutMillis;
        this.votesCommit = votesCommit;
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return node.name();
    }

    @Override
    public boolean isUp() {
        return node.isUp();
    }

    public ResourceManager node() {
        return node;
    }

    @Override
    public List<Step<CommitWire>> deliver(String from, CommitWire message) {
        if (message instanceof CommitWire.Begin b) {
            if (b.issuedMillis() < startMillis || !begun.add(b.tx())) {
                return List.of();    // began before this incarnation (aborted here by presumption), or a duplicate
            }
            node.begin(b.tx());
            Step<CommitWire> begin = step("Begin", b.tx(), Effects.NONE, List.of(), List.of());
            if (!votesCommit.test(node.name(), b.tx())) {
                return List.of(begin, step("RMChooseToAbort", b.tx(), node.rmChooseToAbort(b.tx()), List.of(),
                        outcome(b.tx())));
            }
            timers.arm(b.tx(), timeoutMillis);
            return List.of(begin, step("RMPrepare", b.tx(), node.rmPrepare(b.tx()), List.of(), List.of()));
        }
        if (message instanceof CommitWire.Spec s && s.message() instanceof CommitMessage.Commit c
                && node.canRmRcvCommitMsg(c.tx())) {
            timers.cancel(c.tx());
            return List.of(step("RMRcvCommitMsg", c.tx(), node.rmRcvCommitMsg(c.tx()), List.of(c.spec()),
                    outcome(c.tx())));
        }
        if (message instanceof CommitWire.Spec s && s.message() instanceof CommitMessage.Abort a
                && node.canRmRcvAbortMsg(a.tx())) {
            timers.cancel(a.tx());
            return List.of(step("RMRcvAbortMsg", a.tx(), node.rmRcvAbortMsg(a.tx()), List.of(a.spec()),
                    outcome(a.tx())));
        }
        if (message instanceof CommitWire.Status) {
            return List.of(Step.sendOnly(List.of(new Step.Send<>(from,
                    new CommitWire.StatusReply(name(), isUp(), inDoubt())))));
        }
        return List.of();   // a duplicate, or a message whose action is disabled: not a step
    }

    @Override
    public List<Step<CommitWire>> timeout(long tx) {
        if (!node.canRmAskOutcome(tx)) {
            return List.of();
        }
        timers.arm(tx, timeoutMillis);
        return List.of(step("RMAskOutcome", tx, node.rmAskOutcome(tx), List.of(), List.of()));
    }

    @Override
    public Step<CommitWire> crash() {
        node.rmCrash();
        begun.clear();
        lastRecord.clear();
        return new Step<>(new StepEvent("RMCrash", Map.of("rm", name()), null, List.of(), List.of(), List.of()),
                List.of(), List.of());
    }

    /** The RM's last step in a transaction was one of these: it had its outcome there. */
    private static final Set<String> FINISHED = Set.of("RMRcvCommitMsg", "RMRcvAbortMsg", "RMChooseToAbort");

    @Override
    public void rejoin(Map<String, String> lastActionByInstance) {
        unfinished.clear();
        unfinished.addAll(Role.unfinished(lastActionByInstance, FINISHED));
    }

    /**
     * RMRecover from the log; prepared transactions ask after a timeout; the client hears what the log holds. The
     * event logs, in each transaction the RM had not finished ({@link #rejoin}), the state its log rebuilt there: what
     * shows a vote the log did not keep.
     */
    @Override
    public Step<CommitWire> recover(List<byte[]> log) {
        List<DurableRecord> records = log.stream().map(DurableRecord::decode).toList();
        node.rmRecover(records);
        startMillis = clockMillis.getAsLong();
        Map<Long, Boolean> decided = new HashMap<>();
        Set<Long> inDoubt = new TreeSet<>();
        for (DurableRecord r : records) {
            lastRecord.put(r.tx(), r.kind());
            begun.add(r.tx());
        }
        for (long tx : lastRecord.keySet()) {
            RmState s = node.state(tx);
            if (s == RmState.PREPARED) {
                inDoubt.add(tx);
                timers.arm(tx, timeoutMillis);
            } else {
                decided.put(tx, s == RmState.COMMITTED);
            }
        }
        List<Var> vars = new ArrayList<>();
        vars.add(new Var("rmUp", List.of(name()), true));
        for (long tx : unfinished) {
            String in = String.valueOf(tx);
            vars.add(new Var("rmState", List.of(name()), node.state(tx).spec(), in));
            vars.add(new Var("rmLog", List.of(name()), lastRecord.getOrDefault(tx, "none"), in));
        }
        unfinished.clear();
        return new Step<>(new StepEvent("RMRecover", Map.of("rm", name()), null, vars, List.of(), List.of()), List.of(),
                List.of(new Step.Send<>(CLIENT, new CommitWire.Recovered(name(), startMillis, decided, inDoubt))));
    }

    /** A Begin lost while down: the RM never joins tx, which is aborted at it (presumed abort). */
    @Override
    public List<Step.Send<CommitWire>> lost(String from, CommitWire message) {
        if (message instanceof CommitWire.Begin b) {
            return List.of(new Step.Send<>(CLIENT, new CommitWire.Outcome(b.tx(), name(), false)));
        }
        return List.of();
    }

    private Set<Long> inDoubt() {
        Set<Long> out = new TreeSet<>();
        if (node.isUp()) {
            for (long tx : begun) {
                if (node.state(tx) == RmState.PREPARED) {
                    out.add(tx);
                }
            }
        }
        return out;
    }

    private List<Step.Send<CommitWire>> outcome(long tx) {
        return List.of(new Step.Send<>(CLIENT,
                new CommitWire.Outcome(tx, name(), node.state(tx) == RmState.COMMITTED)));
    }

    /** The step of {@code action} in tx: its event (with the RM's variables after it), records, then messages. */
    private Step<CommitWire> step(String action, long tx, Effects e, List<Object> received,
                                  List<Step.Send<CommitWire>> extra) {
        List<byte[]> records = new ArrayList<>();
        for (DurableRecord r : e.records()) {
            records.add(r.encode());
            lastRecord.put(r.tx(), r.kind());
        }
        List<Step.Send<CommitWire>> sends = new ArrayList<>();
        List<Object> sent = new ArrayList<>();
        for (CommitMessage m : e.messages()) {
            sends.add(new Step.Send<>(TM, new CommitWire.Spec(m)));
            sent.add(m.spec());
        }
        sends.addAll(extra);
        List<Var> vars = List.of(
                new Var("rmState", List.of(name()), node.state(tx).spec()),
                new Var("rmLog", List.of(name()), lastRecord.getOrDefault(tx, "none")),
                new Var("rmUp", List.of(name()), node.isUp()));
        Map<String, Object> params = action.equals("Begin") ? Map.of() : Map.of("rm", name());
        return new Step<>(new StepEvent(action, params, String.valueOf(tx), vars, sent, received), records, sends);
    }
}
