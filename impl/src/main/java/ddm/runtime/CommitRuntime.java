package ddm.runtime;

import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import ddm.commit.TmState;
import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.runtime.node.Effector;
import ddm.sim.FaultPoint;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.node.NodeDriver;
import ddm.runtime.node.Outbox;
import ddm.runtime.node.StepLog;
import ddm.runtime.node.Timers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Two-phase commit on threads: the same {@link TransactionManager} and {@link ResourceManager} state machines as the
 * simulator, each driven by a {@link NodeDriver} on its own thread (the driver node processes use too), with roles
 * {@link TmRole} and {@link RmRole}. Only the drivers touch a clock: a TM aborts a transaction still undecided
 * {@code timeoutMillis} after it began (TMAbort), and an RM prepared that long without an outcome asks the TM again
 * (RMAskOutcome), every {@code timeoutMillis}, until it hears.
 *
 * <p>A driver takes up to {@code batchMax} inputs from its mailbox, steps its node on each, appends every record the
 * steps asked for, forces the log once, and only then sends the messages: so no message leaves before the record it
 * depends on is durable, and with {@code batchMax > 1} many transactions share one force (group commit at the node).
 * With {@code batchMax == 1} every step that writes pays its own force, as in textbook 2PC. Node-to-node messages are
 * offered to the receiver's bounded mailbox and dropped when it is full (loss, which the timeouts cover); a client's
 * {@link #submit} waits for room instead.
 *
 * <p>Crashes. {@link #crash} and {@link #recover} are requests in the node's mailbox, in FIFO order with its other
 * inputs, so every transaction submitted before {@code crash(node)} was called has begun at that node before it
 * crashes. By default the driver performs the batch before the request (forced, sent), then crashes the node (RMCrash,
 * TMCrash); {@link #crash(String, FaultPoint)} crashes it instead inside the effects of its next batch that passes
 * that point, for instance after the force and before the sends, as a process can die. Volatile state and timeouts
 * are lost, a {@link MemoryLog} drops what was not forced, and every input that reaches the node while it is down is
 * lost, as a crashed process loses what was in its mailbox: messages, and a client's Begin (the RM is then aborted in
 * that transaction; presumed abort). On recovery the driver reads the node's log and hands the records to RMRecover
 * or TMRecover; a recovered prepared RM asks the TM after a timeout, and a recovered TM answers from its commit
 * records, Abort otherwise, so transactions in flight at a crash still finish. A recovered RM tells the client what
 * its log holds, so a client waiting on an outcome whose report died with the RM still hears it.
 */
public final class CommitRuntime implements AutoCloseable {

    /** Mailbox capacity (items), timeout (milliseconds), and inputs handled per force. */
    public record Config(int mailboxCapacity, long timeoutMillis, int batchMax) {
        public Config {
            if (mailboxCapacity < 1 || timeoutMillis < 1 || batchMax < 1) {
                throw new IllegalArgumentException("every setting must be positive: " + this);
            }
        }
    }

    private final TmRole tm;
    private final NodeDriver<CommitWire> tmDriver;
    private final Map<String, NodeDriver<CommitWire>> drivers = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong nextTx = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final int rmCount;

    /** A transaction in flight: the RMs that have applied its outcome, and the future the client waits on. */
    private record Pending(long issuedMillis, Set<String> applied, CompletableFuture<TmState> outcome) { }

    /** Starts one thread per node; {@code logs} gives each node ("tm" or an RM's name) its log. */
    public CommitRuntime(List<String> rmNames, Function<String, RecordLog> logs, Config config) {
        this(rmNames, logs, config, Nodes.STANDARD);
    }

    /** As above, with the nodes built by {@code nodes} (tests pass broken ones; see {@link Nodes}). */
    public CommitRuntime(List<String> rmNames, Function<String, RecordLog> logs, Config config, Nodes nodes) {
        this(rmNames, logs, config, nodes, (rm, tx) -> true);
    }

    /**
     * As above, with each RM's vote given by {@code votesCommit(rm, tx)}: the outcome of the RM's local work, which
     * the protocol takes as an input (true: RMPrepare; false: RMChooseToAbort). Every RM votes to commit otherwise.
     */
    public CommitRuntime(List<String> rmNames, Function<String, RecordLog> logs, Config config, Nodes nodes,
                         BiPredicate<String, Long> votesCommit) {
        this(rmNames, logs, config, nodes, votesCommit, Effector.FORCE_THEN_SEND, node -> StepLog.NONE);
    }

    /**
     * As above, with every driver performing its effects in the order {@code effector} gives (production: force,
     * then send; tests pass broken orders) and logging its steps to {@code events.apply(node)}.
     */
    public CommitRuntime(List<String> rmNames, Function<String, RecordLog> logs, Config config, Nodes nodes,
                         BiPredicate<String, Long> votesCommit, Effector effector,
                         Function<String, StepLog> events) {
        this.rmCount = rmNames.size();
        NodeDriver.Config dc = new NodeDriver.Config(config.mailboxCapacity(), config.batchMax(),
                config.timeoutMillis());
        Timers tmTimers = new Timers();
        this.tm = new TmRole(nodes.tm().apply(rmNames), rmNames, tmTimers, config.timeoutMillis(), false,
                System::currentTimeMillis);
        this.tmDriver = new NodeDriver<>(tm, tmTimers, logs.apply(TmRole.NAME), outboxOf(TmRole.NAME),
                events.apply(TmRole.NAME),
                FaultPoints.NONE, effector, NodeDriver.OnCrash.IN_PLACE, dc, this::failed);
        drivers.put(TmRole.NAME, tmDriver);
        for (String r : rmNames) {
            Timers t = new Timers();
            RmRole role = new RmRole(nodes.rm().apply(r), t, config.timeoutMillis(), votesCommit,
                    System::currentTimeMillis);
            drivers.put(r, new NodeDriver<>(role, t, logs.apply(r), outboxOf(r), events.apply(r), FaultPoints.NONE,
                    effector, NodeDriver.OnCrash.IN_PLACE, dc, this::failed));
        }
        drivers.forEach((name, d) -> {
            Thread th = new Thread(d, "2pc-" + name);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        });
    }

    /**
     * Begins a new transaction at the TM and every RM (each RM votes to commit as soon as it has it), and returns a
     * future completed with the outcome once every RM has applied it.
     */
    public CompletableFuture<TmState> submit() throws InterruptedException {
        if (failure.get() != null) {
            throw new IllegalStateException("a node has failed", failure.get());
        }
        long tx = nextTx.getAndIncrement();
        long issued = System.currentTimeMillis();
        Pending p = new Pending(issued, ConcurrentHashMap.newKeySet(), new CompletableFuture<>());
        pending.put(tx, p);
        CommitWire.Begin begin = new CommitWire.Begin(tx, issued);
        tmDriver.put(RmRole.CLIENT, begin, Map.of());   // before any RM can vote, so the TM knows tx first
        for (Map.Entry<String, NodeDriver<CommitWire>> d : drivers.entrySet()) {
            if (!d.getKey().equals(TmRole.NAME)) {
                d.getValue().put(RmRole.CLIENT, begin, Map.of());
            }
        }
        return p.outcome;
    }

    /**
     * Crashes {@code node} ("tm" or an RM's name) after the inputs already in its mailbox; the future completes once
     * it is down (at once if it already was). Not a failure: the node comes back with {@link #recover}.
     */
    public CompletableFuture<Void> crash(String node) throws InterruptedException {
        return driver(node).crash(null);
    }

    /**
     * Crashes {@code node} inside the effects of its next batch that passes {@code at} (after the force and before
     * the sends, say); if it stays idle meanwhile, between batches. The future completes once it is down.
     */
    public CompletableFuture<Void> crash(String node, FaultPoint at) throws InterruptedException {
        return driver(node).crash(at);
    }

    /** Recovers {@code node} from its log; the future completes once it is up (at once if it already was). */
    public CompletableFuture<Void> recover(String node) throws InterruptedException {
        return driver(node).recover();
    }

    private NodeDriver<CommitWire> driver(String node) {
        NodeDriver<CommitWire> d = drivers.get(node);
        if (d == null) {
            throw new IllegalArgumentException("no node named " + node);
        }
        return d;
    }

    /** Forces performed so far by all nodes together. */
    public long forces() {
        return drivers.values().stream().mapToLong(NodeDriver::forces).sum();
    }

    /** Messages dropped so far because a mailbox was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws InterruptedException {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a node failed", failure.get());
        }
    }

    /** A refused action or a failed log: the node stops, and every waiting client hears why. */
    private void failed(Throwable bug) {
        failure.compareAndSet(null, bug);
        pending.values().forEach(p -> p.outcome.completeExceptionally(bug));
    }

    /** The in-JVM network as node {@code from} sees it: a node's mailbox (dropping when full), or the client. */
    private Outbox<CommitWire> outboxOf(String from) {
        return (to, m, clock) -> {
            if (to.equals(RmRole.CLIENT)) {
                client(m);
            } else if (!driver(to).offer(from, m, clock)) {
                dropped.incrementAndGet();
            }
        };
    }

    /** What the client hears from the RMs: outcomes applied, and what a recovered RM's log holds. */
    private void client(CommitWire m) {
        if (m instanceof CommitWire.Outcome o && !o.node().equals(TmRole.NAME)) {
            applied(o.tx(), o.node(), o.committed());
        } else if (m instanceof CommitWire.Recovered r && !r.node().equals(TmRole.NAME)) {
            r.decided().forEach((tx, committed) -> applied(tx, r.node(), committed));
            for (Map.Entry<Long, Pending> e : pending.entrySet()) {
                long tx = e.getKey();
                if (e.getValue().issuedMillis() < r.startMillis() && !r.decided().containsKey(tx)
                        && !r.inDoubt().contains(tx)) {
                    applied(tx, r.node(), false);   // never prepared there: aborted for good (presumed abort)
                }
            }
        }
    }

    /** RM {@code rm} has applied its outcome of tx, durably; the last RM to do so completes the future. */
    private void applied(long tx, String rm, boolean committed) {
        Pending p = pending.get(tx);
        if (p != null && p.applied.add(rm) && p.applied.size() == rmCount) {
            pending.remove(tx);
            p.outcome.complete(committed ? TmState.COMMITTED : TmState.ABORTED);
        }
    }
}
