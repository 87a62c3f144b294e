package ddm.runtime;

import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.Effects;
import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.RmState;
import ddm.commit.TmState;
import ddm.commit.TransactionManager;
import ddm.log.MemoryLog;
import ddm.log.RecordLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Two-phase commit on threads: the same {@link TransactionManager} and {@link ResourceManager} state machines as the
 * simulator, one thread each, each with a bounded {@link Mailbox}. Only the drivers here touch a clock: a TM aborts a
 * transaction still undecided {@code timeoutMillis} after it began (TMAbort), and an RM prepared that long without an
 * outcome asks the TM again (RMAskOutcome), every {@code timeoutMillis}, until it hears.
 *
 * <p>A driver takes up to {@code batchMax} inputs from its mailbox, steps its node on each, appends every record the
 * steps asked for, forces the log once, and only then sends the messages: so no message leaves before the record it
 * depends on is durable, and with {@code batchMax > 1} many transactions share one force (group commit at the node).
 * With {@code batchMax == 1} every step that writes pays its own force, as in textbook 2PC. Node-to-node messages use
 * {@link Mailbox#offer} and are dropped when the receiver's mailbox is full (loss, which the timeouts cover); a
 * client's {@link #submit} waits for room instead.
 *
 * <p>Crashes. {@link #crash} and {@link #recover} are requests in the node's mailbox, in FIFO order with its other
 * inputs, so every transaction submitted before {@code crash(node)} was called has begun at that node before it
 * crashes. The driver performs the batch before the request (forced, sent), then crashes the node (RMCrash, TMCrash):
 * volatile state and timeouts are lost, a {@link MemoryLog} drops what was not forced (nothing, since the driver
 * forces before it acts, as each spec step is atomic), and every input that reaches the node while it is down is lost,
 * as a crashed process loses what was in its mailbox: messages, and a client's Begin (the RM is then aborted in that
 * transaction; presumed abort). On recovery the driver reads the node's log and hands the records to RMRecover or
 * TMRecover; a recovered prepared RM asks the TM after a timeout, and a recovered TM answers from its commit records,
 * Abort otherwise, so transactions in flight at a crash still finish.
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

    /** What a node's mailbox carries: a client's request to begin a transaction, or a delivered message. */
    sealed interface Input {
        record Begin(long tx) implements Input { }

        record Deliver(CommitMessage message) implements Input { }

        /** A request to crash the node; {@code done} completes once it is down. */
        record Crash(CompletableFuture<Void> done) implements Input { }

        /** A request to recover the node from its log; {@code done} completes once it is up. */
        record Recover(CompletableFuture<Void> done) implements Input { }
    }

    private final Config config;
    private final BiPredicate<String, Long> votesCommit;
    private final TmDriver tm;
    private final Map<String, RmDriver> rms = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong nextTx = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** A transaction in flight: how many RMs have applied its outcome, and the future the client waits on. */
    private record Pending(AtomicInteger applied, CompletableFuture<TmState> outcome) { }

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
        this.config = config;
        this.votesCommit = votesCommit;
        this.tm = new TmDriver(nodes.tm().apply(rmNames), logs.apply("tm"));
        for (String r : rmNames) {
            rms.put(r, new RmDriver(nodes.rm().apply(r), logs.apply(r)));
        }
        start("tm", tm);
        rms.forEach((name, d) -> start(name, d));
    }

    private void start(String name, Driver d) {
        Thread t = new Thread(d::loop, "2pc-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
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
        Pending p = new Pending(new AtomicInteger(), new CompletableFuture<>());
        pending.put(tx, p);
        tm.mailbox.put(new Input.Begin(tx));          // before any RM can vote, so the TM knows tx first
        for (RmDriver rm : rms.values()) {
            rm.mailbox.put(new Input.Begin(tx));
        }
        return p.outcome;
    }

    /**
     * Crashes {@code node} ("tm" or an RM's name) after the inputs already in its mailbox; the future completes once
     * it is down (at once if it already was). Not a failure: the node comes back with {@link #recover}.
     */
    public CompletableFuture<Void> crash(String node) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        driver(node).mailbox.put(new Input.Crash(done));
        return done;
    }

    /** Recovers {@code node} from its log; the future completes once it is up (at once if it already was). */
    public CompletableFuture<Void> recover(String node) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        driver(node).mailbox.put(new Input.Recover(done));
        return done;
    }

    private Driver driver(String node) {
        Driver d = node.equals("tm") ? tm : rms.get(node);
        if (d == null) {
            throw new IllegalArgumentException("no node named " + node);
        }
        return d;
    }

    /** Forces performed so far by all nodes together. */
    public long forces() {
        return forces.get();
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

    private void send(CommitMessage m) {
        boolean toTm = m instanceof CommitMessage.Prepared || m instanceof CommitMessage.Query;
        if (toTm) {
            deliver(tm.mailbox, m);
        } else {
            rms.values().forEach(rm -> deliver(rm.mailbox, m));
        }
    }

    private void deliver(Mailbox<Input> mailbox, CommitMessage m) {
        if (!mailbox.offer(new Input.Deliver(m))) {
            dropped.incrementAndGet();
        }
    }

    /** The loop shared by both roles: batch, step, force once, send, then fire due timeouts; crash and recover. */
    private abstract class Driver {
        final Mailbox<Input> mailbox = new Mailbox<>(config.mailboxCapacity());
        final RecordLog log;
        /** Per transaction, the {@code System.nanoTime()} at which its timeout fires. */
        final Map<Long, Long> deadlines = new HashMap<>();

        Driver(RecordLog log) {
            this.log = log;
        }

        abstract Effects step(Input input);

        abstract Effects timeout(long tx);

        abstract boolean up();

        /** The node's crash action; its driver state (timeouts) is lost with it. */
        abstract void crashNode();

        /** The node's recover action on its log's records. */
        abstract void recoverNode(List<DurableRecord> records);

        /** An input that reached the node while it was down: lost. */
        void lose(Input input) {
        }

        /** Called after the batch's records are durable: the steps' outcomes may now be reported. */
        void afterForce() {
        }

        void loop() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Input first = mailbox.poll(config.timeoutMillis(), TimeUnit.MILLISECONDS);
                    List<Input> inputs = new ArrayList<>();
                    if (first != null) {
                        inputs.add(first);
                        inputs.addAll(mailbox.drain(config.batchMax() - 1));
                    }
                    List<Effects> batch = new ArrayList<>();
                    for (Input in : inputs) {
                        if (in instanceof Input.Crash c) {
                            perform(batch);   // the crash falls between steps, as in the spec, never inside one
                            batch.clear();
                            if (up()) {
                                crash();
                            }
                            c.done().complete(null);
                        } else if (in instanceof Input.Recover r) {
                            if (!up()) {
                                recover();
                            }
                            r.done().complete(null);
                        } else if (up()) {
                            batch.add(step(in));
                        } else {
                            lose(in);
                        }
                    }
                    if (!up()) {
                        continue;
                    }
                    long now = System.nanoTime();
                    List<Long> due = new ArrayList<>();
                    for (Iterator<Map.Entry<Long, Long>> it = deadlines.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<Long, Long> d = it.next();
                        if (d.getValue() - now <= 0) {
                            it.remove();
                            due.add(d.getKey());
                        }
                    }
                    due.forEach(tx -> batch.add(timeout(tx)));
                    perform(batch);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error bug) {
                // A refused action or a failed log: this node stops, and every waiting client hears why.
                failure.compareAndSet(null, bug);
                pending.values().forEach(p -> p.outcome.completeExceptionally(bug));
                throw bug;
            }
        }

        private void crash() {
            crashNode();
            deadlines.clear();
            if (log instanceof MemoryLog m) {
                m.crash();
            }
        }

        private void recover() {
            List<DurableRecord> records = new ArrayList<>();
            try {
                for (byte[] r : log.readAll()) {
                    records.add(DurableRecord.decode(r));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("log unreadable; the node cannot recover", e);
            }
            recoverNode(records);
        }

        void arm(long tx) {
            deadlines.put(tx, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis()));
        }

        private void perform(List<Effects> batch) {
            boolean wrote = false;
            try {
                for (Effects e : batch) {
                    for (DurableRecord r : e.records()) {
                        log.append(r.encode());
                        wrote = true;
                    }
                }
                if (wrote) {
                    log.force();
                    forces.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("log failed; the node stops (a crash)", e);
            }
            afterForce();
            batch.forEach(e -> e.messages().forEach(CommitRuntime.this::send));
        }
    }

    /** The TM's driver: commits as soon as every RM has prepared; aborts on timeout; answers queries. */
    private final class TmDriver extends Driver {
        private final TransactionManager node;

        TmDriver(TransactionManager node, RecordLog log) {
            super(log);
            this.node = node;
        }

        @Override
        Effects step(Input input) {
            if (input instanceof Input.Begin b) {
                node.begin(b.tx());
                arm(b.tx());
                return Effects.NONE;
            }
            CommitMessage m = ((Input.Deliver) input).message();
            if (m instanceof CommitMessage.Prepared p && node.canTmRcvPrepared(p.tx(), p.rm())) {
                node.tmRcvPrepared(p.tx(), p.rm());
                if (node.canTmCommit(p.tx())) {
                    deadlines.remove(p.tx());
                    return node.tmCommit(p.tx());
                }
            } else if (m instanceof CommitMessage.Query q && node.canTmRcvQuery(q.tx())) {
                return node.tmRcvQuery(q.tx(), q.rm());
            }
            return Effects.NONE;  // a duplicate, or a message whose action is disabled: not a step
        }

        @Override
        Effects timeout(long tx) {
            return node.canTmAbort(tx) ? node.tmAbort(tx) : Effects.NONE;
        }

        @Override
        boolean up() {
            return node.isUp();
        }

        @Override
        void crashNode() {
            node.tmCrash();
        }

        /** Nothing to arm: a recovered TM has no undecided transaction (no commit record: aborted). */
        @Override
        void recoverNode(List<DurableRecord> records) {
            node.tmRecover(records);
        }
    }

    /**
     * An RM's driver: votes as soon as it has a transaction (commit, unless {@code votesCommit} says abort, which
     * decides the RM at once); asks on timeout while prepared.
     */
    private final class RmDriver extends Driver {
        private final ResourceManager node;
        private final List<Long> decided = new ArrayList<>();

        RmDriver(ResourceManager node, RecordLog log) {
            super(log);
            this.node = node;
        }

        @Override
        Effects step(Input input) {
            if (input instanceof Input.Begin b) {
                node.begin(b.tx());
                if (!votesCommit.test(node.name(), b.tx())) {
                    return decide(b.tx(), node.rmChooseToAbort(b.tx()));
                }
                arm(b.tx());
                return node.rmPrepare(b.tx());
            }
            CommitMessage m = ((Input.Deliver) input).message();
            if (m instanceof CommitMessage.Commit c && node.canRmRcvCommitMsg(c.tx())) {
                return decide(c.tx(), node.rmRcvCommitMsg(c.tx()));
            } else if (m instanceof CommitMessage.Abort a && node.canRmRcvAbortMsg(a.tx())) {
                return decide(a.tx(), node.rmRcvAbortMsg(a.tx()));
            }
            return Effects.NONE;
        }

        private Effects decide(long tx, Effects effects) {
            deadlines.remove(tx);
            decided.add(tx);
            return effects;
        }

        @Override
        Effects timeout(long tx) {
            if (node.canRmAskOutcome(tx)) {
                arm(tx);
                return node.rmAskOutcome(tx);
            }
            return Effects.NONE;
        }

        @Override
        void afterForce() {
            for (long tx : decided) {
                applied(tx, node.state(tx));
            }
            decided.clear();
        }

        /** This RM has applied its outcome {@code s} of tx, durably; the last RM to do so completes the future. */
        private void applied(long tx, RmState s) {
            Pending p = pending.get(tx);
            if (p != null && p.applied.incrementAndGet() == rms.size()) {
                pending.remove(tx);
                p.outcome.complete(s == RmState.COMMITTED ? TmState.COMMITTED : TmState.ABORTED);
            }
        }

        @Override
        boolean up() {
            return node.isUp();
        }

        /**
         * The RM loses the transactions it had not voted in; there are none, as it votes when it begins one. Those
         * it voted in survive in its log, prepared or decided.
         */
        @Override
        void crashNode() {
            node.rmCrash();
        }

        /** Each transaction the log leaves prepared asks the TM for its outcome after a timeout. */
        @Override
        void recoverNode(List<DurableRecord> records) {
            node.rmRecover(records);
            for (DurableRecord r : records) {
                if (node.state(r.tx()) == RmState.PREPARED) {
                    arm(r.tx());
                }
            }
        }

        /** A Begin lost while down: the RM never joins tx, which is aborted at it (presumed abort). */
        @Override
        void lose(Input input) {
            if (input instanceof Input.Begin b) {
                applied(b.tx(), RmState.ABORTED);
            }
        }
    }
}
