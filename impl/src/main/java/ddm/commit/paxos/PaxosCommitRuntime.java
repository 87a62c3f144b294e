package ddm.commit.paxos;

import ddm.commit.DurableRecord;
import ddm.commit.RmState;
import ddm.commit.TmState;
import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.sim.FaultPoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Paxos Commit on threads: the same {@link PaxosRm}, {@link Acceptor} and {@link Leader} state machines as
 * {@link PaxosCommitSimulation}, one thread each, built by the same {@link PaxosCommitSimulation.Nodes} factory. Each
 * thread takes inputs from its inbox, steps its node, forces the records the step returned to the node's
 * {@link RecordLog}, and only then sends the step's messages: phase 1a and 2a to every acceptor, 1b to the leader of
 * its ballot, 2b to every RM and leader (the RMs learn from a quorum of acceptors; no one broadcasts an outcome).
 *
 * <p>Inboxes are unbounded FIFO queues, so messages are never lost: no node here retransmits, and a dropped phase
 * message would stall its ballot for good. Only the drivers touch clocks and randomness: an RM votes after its local
 * work (a random time up to {@code workMicros}, from a seeded {@link Random}; the vote itself is an input,
 * {@link Votes}); the leader of ballot b starts b in every instance it has not seen decided
 * {@code b * takeoverMicros} after the transaction began (the spec's leader takeover, Phase1a), and proposes as soon as
 * a quorum has answered; acceptors and leaders wait a random time up to {@code delayMicros} before they handle a
 * message. Faults are inputs too: {@link #crash} and {@link #recover} an acceptor (from its log), {@link #stopLeader}.
 */
public final class PaxosCommitRuntime implements AutoCloseable {

    /**
     * The leaders' takeover delay per ballot, the RMs' longest local work, and the longest delay before an acceptor
     * or leader handles a delivered message (a slow link or node: it varies the order in which messages from different
     * nodes arrive), in microseconds; the seed of the random times.
     */
    public record Config(long takeoverMicros, long workMicros, long delayMicros, long seed) {
        public Config {
            if (takeoverMicros < 0 || workMicros < 0 || delayMicros < 0) {
                throw new IllegalArgumentException("bad settings: " + this);
            }
        }
    }

    /** RM rm's vote in tx, the outcome of its local work: PREPARED, ABORTED, or null: it never votes (but learns). */
    public interface Votes {
        Vote vote(String rm, long tx);
    }

    private sealed interface Input {
        record Begin(long tx) implements Input { }

        record Deliver(PaxosMessage message) implements Input { }

        /** Down (a crash: now, or at {@code at} inside the next step that passes it) or up (a recovery). */
        record Fault(boolean down, FaultPoint at) implements Input {
            Fault(boolean down) {
                this(down, null);
            }
        }

        record Close() implements Input { }
    }

    /**
     * The order in which a node performs a step's effects: production's {@link #FORCE_THEN_SEND} appends every
     * record, forces, then sends; tests pass broken orders. Each call through {@link Ops} passes a fault point.
     */
    public interface Order {
        interface Ops {
            void append(byte[] record);

            void force();

            void send(PaxosMessage m);
        }

        void perform(List<byte[]> records, List<PaxosMessage> messages, Ops ops);

        Order FORCE_THEN_SEND = (records, messages, ops) -> {
            records.forEach(ops::append);
            if (!records.isEmpty()) {
                ops.force();
            }
            messages.forEach(ops::send);
        };
    }

    private final Config config;
    private final Order order;
    private final Quorums quorums;
    private final Votes votes;
    private final Map<String, RmDriver> rms = new LinkedHashMap<>();
    private final Map<String, AcceptorDriver> acceptors = new LinkedHashMap<>();
    private final Map<Integer, LeaderDriver> leaders = new LinkedHashMap<>();
    private final List<Driver> all = new ArrayList<>();
    private final AtomicLong nextTx = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** A transaction in flight: how many RMs have decided it (durably), and the future the client waits on. */
    private record Pending(AtomicInteger decided, CompletableFuture<TmState> outcome) { }

    /**
     * Starts one thread per RM, acceptor and leader of ballots 1..maxBallot of {@code setup} (its fault bounds are the
     * caller's business here), with nodes from {@code nodes} and each RM's and acceptor's log from {@code logs}.
     */
    public PaxosCommitRuntime(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes,
                              Function<String, RecordLog> logs, Config config, Votes votes) {
        this(setup, nodes, logs, config, votes, Order.FORCE_THEN_SEND);
    }

    /** As above, every node performing its effects in {@code order}'s order (tests pass broken ones). */
    public PaxosCommitRuntime(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes,
                              Function<String, RecordLog> logs, Config config, Votes votes, Order order) {
        this.config = config;
        this.order = order;
        this.votes = votes;
        this.quorums = Quorums.majorities(setup.acceptors());
        for (String r : setup.rms()) {
            rms.put(r, new RmDriver(new PaxosRm(r, setup.rms(), nodes.learner(quorums)), logs.apply(r)));
        }
        for (String a : setup.acceptors()) acceptors.put(a, new AcceptorDriver(nodes.acceptor(a), logs.apply(a)));
        for (int b = 1; b <= setup.maxBallot(); b++) leaders.put(b, new LeaderDriver(nodes.leader(b, quorums)));
        all.addAll(rms.values());
        all.addAll(acceptors.values());
        all.addAll(leaders.values());
        for (Driver d : all) {
            d.thread = new Thread(d::loop, "paxos-" + d.name());
            d.thread.setDaemon(true);
            d.thread.start();
        }
    }

    /** Begins a new transaction at every node; the future completes with its outcome once every RM has forced it. */
    public CompletableFuture<TmState> submit() {
        if (failure.get() != null) throw new IllegalStateException("a node has failed", failure.get());
        long tx = nextTx.getAndIncrement();
        Pending p = new Pending(new AtomicInteger(), new CompletableFuture<>());
        pending.put(tx, p);
        for (Driver d : all) d.inbox.add(new Input.Begin(tx));
        return p.outcome();
    }

    /** Acceptor a crashes (AcceptorCrash): it loses its volatile state and ignores messages until {@link #recover}. */
    public void crash(String a) {
        acceptors.get(a).inbox.add(new Input.Fault(true));
    }

    /**
     * Acceptor a crashes inside the effects of its next step that passes {@code at} (after its force: its promise or
     * vote durable, its message never sent; after a send), as a process can die; if no such step comes, it does not
     * crash.
     */
    public void crash(String a, FaultPoint at) {
        acceptors.get(a).inbox.add(new Input.Fault(true, at));
    }

    /** Acceptor a restarts from its log (not a spec action: to the others it was only slow). */
    public void recover(String a) {
        acceptors.get(a).inbox.add(new Input.Fault(false));
    }

    /** The leader of ballot b stops for good (LeaderStop). */
    public void stopLeader(int b) {
        leaders.get(b).inbox.add(new Input.Fault(true));
    }

    public PaxosRm rm(String name) {
        return rms.get(name).node;
    }

    public Acceptor acceptor(String name) {
        return acceptors.get(name).node;
    }

    public Leader leader(int ballot) {
        return leaders.get(ballot).node;
    }

    /** Forces that made something durable, all nodes together. */
    public long forces() {
        return forces.get();
    }

    /** Stops every node after the inputs already in its inbox and waits for the threads. */
    @Override
    public void close() throws InterruptedException {
        for (Driver d : all) d.inbox.add(new Input.Close());
        for (Driver d : all) d.thread.join();
        if (failure.get() != null) throw new IllegalStateException("a node failed", failure.get());
    }

    private void send(PaxosMessage m) {
        Input in = new Input.Deliver(m);
        if (m instanceof PaxosMessage.Phase1b b) {
            LeaderDriver l = leaders.get(b.bal());
            if (l != null) l.inbox.add(in);
        } else if (m instanceof PaxosMessage.Phase2b) {
            rms.values().forEach(d -> d.inbox.add(in));
            leaders.values().forEach(d -> d.inbox.add(in));
        } else {
            acceptors.values().forEach(d -> d.inbox.add(in));
        }
    }

    /** The loop every role shares: take an input (or wait for the next timer), step, force, send. */
    private abstract class Driver {
        final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
        final RecordLog log;
        /** Per transaction, the {@code System.nanoTime()} at which the node's timer for it fires. */
        final Map<Long, Long> timers = new HashMap<>();
        final Random random;
        Thread thread;

        Driver(RecordLog log) {
            this.log = log;
            this.random = new Random(config.seed() * 1_000_003L + rms.size() + acceptors.size() + leaders.size());
        }

        abstract String name();

        abstract void handle(Input in);

        abstract void timer(long tx);

        void loop() {
            try {
                while (true) {
                    long now = System.nanoTime(), next = Long.MAX_VALUE;
                    for (long at : timers.values()) next = Math.min(next, at);
                    Input in = next == Long.MAX_VALUE ? inbox.take() : inbox.poll(Math.max(0, next - now),
                            TimeUnit.NANOSECONDS);
                    if (in instanceof Input.Close) return;
                    if (in instanceof Input.Deliver && config.delayMicros() > 0 && !(this instanceof RmDriver)) {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextLong(config.delayMicros() + 1)));
                    }
                    if (in != null) handle(in);
                    now = System.nanoTime();
                    for (Iterator<Map.Entry<Long, Long>> it = timers.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<Long, Long> t = it.next();
                        if (t.getValue() - now <= 0) {
                            it.remove();
                            timer(t.getKey());
                        }
                    }
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error bug) {
                // A refused action or a failed log: this node stops, and every waiting client hears why.
                failure.compareAndSet(null, bug);
                pending.values().forEach(p -> p.outcome().completeExceptionally(bug));
            }
        }

        /** Where this node crashes inside its next step's effects (null: nowhere); acceptors only. */
        FaultPoint armed;

        /** The node dies here, inside a step (only acceptors are asked to). */
        void crashInside() {
        }

        /**
         * Performs the step's effects in the runtime's {@link Order} (production: forces the records, then sends the
         * messages, so nothing leaves before what it depends on is durable); an armed crash stops them at its point.
         */
        <R> void perform(Output<R> out, Function<R, byte[]> encode) {
            List<byte[]> records = new ArrayList<>();
            for (R r : out.records()) records.add(encode.apply(r));
            final class Stop extends RuntimeException {
                Stop() {
                    super(null, null, false, false);
                }
            }
            try {
                order.perform(records, out.messages(), new Order.Ops() {
                    @Override
                    public void append(byte[] record) {
                        try {
                            log.append(record);
                        } catch (IOException e) {
                            throw new UncheckedIOException("log failed; the node stops (a crash)", e);
                        }
                        passed(FaultPoint.AFTER_APPEND);
                    }

                    @Override
                    public void force() {
                        try {
                            log.force();
                        } catch (IOException e) {
                            throw new UncheckedIOException("log failed; the node stops (a crash)", e);
                        }
                        forces.incrementAndGet();
                        passed(FaultPoint.AFTER_FORCE);
                    }

                    @Override
                    public void send(PaxosMessage m) {
                        PaxosCommitRuntime.this.send(m);
                        passed(FaultPoint.AFTER_SEND);
                    }

                    private void passed(FaultPoint p) {
                        if (armed == p) {
                            armed = null;
                            crashInside();
                            throw new Stop();
                        }
                    }
                });
            } catch (Stop crashed) {
                // the rest of the step's effects die with the node
            }
        }
    }

    /** An RM: votes after its local work, learns from every phase 2b message it receives. */
    private final class RmDriver extends Driver {
        final PaxosRm node;
        final Map<Long, List<PaxosMessage.Phase2b>> received = new HashMap<>();

        RmDriver(PaxosRm node, RecordLog log) {
            super(log);
            this.node = node;
        }

        String name() {
            return node.name();
        }

        void handle(Input in) {
            if (in instanceof Input.Begin b) {
                node.begin(b.tx());
                long work = config.workMicros() == 0 ? 0 : random.nextLong(config.workMicros() + 1);
                timers.put(b.tx(), System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(work));
                maybeLearn(b.tx());
            } else if (in instanceof Input.Deliver d && d.message() instanceof PaxosMessage.Phase2b m) {
                // Kept even before Begin: another RM's vote may be chosen before this RM hears of the transaction.
                received.computeIfAbsent(m.tx(), k -> new ArrayList<>()).add(m);
                maybeLearn(m.tx());
            }
        }

        void maybeLearn(long tx) {
            List<PaxosMessage.Phase2b> got = received.getOrDefault(tx, List.of());
            if (node.canRmRcvCommitMsg(tx, got)) {
                decide(tx, node.rmRcvCommitMsg(tx, got));
            } else if (node.canRmRcvAbortMsg(tx, got)) {
                decide(tx, node.rmRcvAbortMsg(tx, got));
            }
        }

        /** The local work is done: vote as {@link Votes} says, unless the RM has already learned the outcome. */
        void timer(long tx) {
            Vote v = votes.vote(node.name(), tx);
            if (v == null || !node.canRmPrepare(tx)) return;
            if (v == Vote.PREPARED) {
                perform(node.rmPrepare(tx), DurableRecord::encode);
            } else {
                decide(tx, node.rmChooseToAbort(tx));   // aborted at once: the RM will learn nothing more
            }
        }

        void decide(long tx, Output<DurableRecord> out) {
            perform(out, DurableRecord::encode);
            Pending p = pending.get(tx);
            if (p != null && p.decided().incrementAndGet() == rms.size()) {
                pending.remove(tx);
                p.outcome().complete(node.state(tx) == RmState.COMMITTED ? TmState.COMMITTED : TmState.ABORTED);
            }
        }
    }

    /** An acceptor: answers phase 1a and 2a messages its guards allow; a crash drops what its log did not force. */
    private final class AcceptorDriver extends Driver {
        final Acceptor node;

        AcceptorDriver(Acceptor node, RecordLog log) {
            super(log);
            this.node = node;
        }

        /** AcceptorCrash: volatile state lost, what the log did not force lost. */
        @Override
        void crashInside() {
            if (node.canCrash()) {
                node.crash();
                if (log instanceof MemoryLog m) m.crash();
            }
        }

        String name() {
            return node.name();
        }

        void handle(Input in) {
            if (in instanceof Input.Deliver d && d.message() instanceof PaxosMessage.Phase1a m && node.canPhase1b(m)) {
                perform(node.phase1b(m), AcceptorRecord::encode);
            } else if (in instanceof Input.Deliver d && d.message() instanceof PaxosMessage.Phase2a m
                    && node.canPhase2b(m)) {
                perform(node.phase2b(m), AcceptorRecord::encode);
            } else if (in instanceof Input.Fault f && f.down() && f.at() != null && node.canCrash()) {
                armed = f.at();
            } else if (in instanceof Input.Fault f && f.down() && node.canCrash()) {
                crashInside();
            } else if (in instanceof Input.Fault f && !f.down() && !node.isUp()) {
                try {
                    node.recover(log.readAll().stream().map(AcceptorRecord::decode).toList());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void timer(long tx) {
        }
    }

    /**
     * The leader of one ballot: at its takeover time starts the ballot in each instance whose outcome it has not seen
     * chosen, and proposes in an instance as soon as some quorum has answered (tried after each phase 1a and 1b).
     */
    private final class LeaderDriver extends Driver {
        final Leader node;
        final Learner learner = new Learner(quorums);
        final Map<Long, List<PaxosMessage.Phase1b>> reports = new HashMap<>();
        final Map<Long, List<PaxosMessage.Phase2b>> outcomes = new HashMap<>();

        LeaderDriver(Leader node) {
            super(null);
            this.node = node;
        }

        String name() {
            return "leader" + node.ballot();
        }

        void handle(Input in) {
            if (in instanceof Input.Begin b) {
                reports.putIfAbsent(b.tx(), new ArrayList<>());
                outcomes.putIfAbsent(b.tx(), new ArrayList<>());
                timers.put(b.tx(), System.nanoTime()
                        + TimeUnit.MICROSECONDS.toNanos(node.ballot() * config.takeoverMicros()));
            } else if (in instanceof Input.Deliver d && d.message() instanceof PaxosMessage.Phase1b m) {
                reports.computeIfAbsent(m.tx(), k -> new ArrayList<>()).add(m);
                maybePropose(m.tx(), m.ins());
            } else if (in instanceof Input.Deliver d && d.message() instanceof PaxosMessage.Phase2b m) {
                outcomes.computeIfAbsent(m.tx(), k -> new ArrayList<>()).add(m);
            } else if (in instanceof Input.Fault && !node.isStopped()) {
                node.stop();
            }
        }

        void timer(long tx) {
            for (String ins : rms.keySet()) {
                List<PaxosMessage.Phase2b> seen = outcomes.get(tx);
                boolean decided = learner.chosen(tx, ins, Vote.PREPARED, seen)
                        || learner.chosen(tx, ins, Vote.ABORTED, seen);
                if (!decided && node.canPhase1a(tx, ins)) {
                    perform(node.phase1a(tx, ins), r -> null);
                    maybePropose(tx, ins);
                }
            }
        }

        void maybePropose(long tx, String ins) {
            for (var q : quorums.all()) {
                if (node.canPhase2a(tx, ins, q, reports.get(tx))) {
                    perform(node.phase2a(tx, ins, q, reports.get(tx)), r -> null);
                    return;
                }
            }
        }
    }
}
