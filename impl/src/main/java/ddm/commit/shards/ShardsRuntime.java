package ddm.commit.shards;

import ddm.commit.CommitEvent;
import ddm.commit.CommitMessage;
import ddm.commit.TmState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two-phase commit over replicated shards on threads: the groups of {@link ShardsSimulation}, each replica a MicroRaft
 * node on its own thread ({@link ThreadRaft}), data centres as the sets of replicas a {@link Placement} puts together
 * and {@link #loseDataCentre} loses at once. A 2PC message goes to its group's inbox and is taken by the group's live,
 * recovered leader, on that leader's thread, when the leader may take it (an input for a transaction whose record is
 * replicating waits); a group without such a leader keeps its inbox until one recovers.
 *
 * <p>Timeouts: {@link #timeOut()} asks every undecided transaction's RMs to ask for the outcome and the TM to abort
 * it if undecided; the tests call it (no protocol timeout here reads a clock). MicroRaft's own timers run on virtual
 * time, moved by a ticker thread only for groups that wait on it.
 */
public final class ShardsRuntime implements AutoCloseable {

    /** What one group's inbox holds: a transaction to begin, or a 2PC step to take. */
    private sealed interface Input {
        record Begin(long tx) implements Input {}

        record Step(CommitEvent event) implements Input {}
    }

    private final List<String> rms;
    private final ThreadRaft raft;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Input>> inboxes = new ConcurrentHashMap<>();
    /** Drains asked for, per leader (by identity: a lost leader's count dies with it, and its successor starts at 0). */
    private final Map<GroupLeader, AtomicInteger> pumps = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextTx = new AtomicLong(1);
    private final AtomicLong messages = new AtomicLong();
    private final Map<Long, List<String>> inconsistent = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Thread ticker;

    /** A transaction in flight: the RMs that applied an outcome, and the future the client waits on. */
    private record Pending(Set<String> decided, CompletableFuture<TmState> outcome, List<String> history) {}

    /**
     * Starts the groups of {@code rms} and the TM, placed by {@code placement}, new leaders from {@code leaders}, and
     * waits (up to a few seconds) until every group has its first leader.
     */
    public ShardsRuntime(List<String> rms, Placement placement, Leaders leaders, long seed) throws InterruptedException {
        this.rms = List.copyOf(rms);
        this.raft = new ThreadRaft(seed);
        GroupLeader.Outbox out = new GroupLeader.Outbox() {
            @Override
            public void send(String group, CommitMessage m) {
                route(m);
            }

            @Override
            public void acted(String group, long tx, String state) {
                onActed(group, tx, state);
            }
        };
        for (String g : ShardsSimulation.withTm(rms)) {
            inboxes.put(g, new ConcurrentLinkedQueue<>());
            groups.put(g, new Group(g, g.equals(ShardsSimulation.TM) ? rms : List.of(), placement.slots(g),
                    ShardsSimulation.CONFIG, raft, leaders, out, () -> new ArrayList<>(pending.keySet())));
        }
        groups.values().forEach(g -> g.replicas().values().forEach(r -> r.node().start()));
        ticker = new Thread(this::tickLoop, "shards-ticker");
        ticker.setDaemon(true);
        ticker.start();
        if (!awaitLeaders(20_000)) {
            close();
            throw new IllegalStateException("the groups did not elect their first leaders: " + groups.values());
        }
    }

    /** One replica per data centre, the standard leaders. */
    public ShardsRuntime(List<String> rms, List<String> slots, List<String> dcs, long seed) throws InterruptedException {
        this(rms, Placement.onePerDataCentre(ShardsSimulation.withTm(rms), slots, dcs), Leaders.STANDARD, seed);
    }

    /** Waits until every group has a live, recovered leader; false on timeout. */
    public boolean awaitLeaders(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            boolean all = true;
            for (Group g : groups.values()) {
                if (g.active() == null) {
                    all = false;
                } else {
                    pump(g.name());
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    /**
     * The ticker: virtual time moves for a group only when its replicas have nothing queued and it waits on time (no
     * live, recovered leader; or a record replicating, which MicroRaft's leader may hold back until a timer resets its
     * backoff). Heartbeats are handled between ticks, and a follower suspects its leader only after ten heartbeat
     * periods, so a live leader is not deposed. The pace (a tick per group every millisecond at most) is not a clock
     * the protocol reads: it only sets how fast virtual time goes.
     */
    private void tickLoop() {
        while (!closed) {
            for (Group g : groups.values()) {
                List<ReplicaId> ids = g.replicas().values().stream().map(Replica::id).toList();
                GroupLeader l = g.active();
                if ((l == null || l.hasPending()) && raft.idle(ids)) {
                    raft.tick(ids);
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Begins a transaction at every group; every RM votes to commit. Completes once every RM applied the outcome. */
    public CompletableFuture<TmState> submit() {
        long tx = nextTx.getAndIncrement();
        Pending p = new Pending(ConcurrentHashMap.newKeySet(), new CompletableFuture<>(),
                java.util.Collections.synchronizedList(new ArrayList<>()));
        pending.put(tx, p);
        // Every group has tx before any RM votes: a vote that reached a TM without tx would be dropped.
        for (String g : groups.keySet()) {
            inboxes.get(g).add(new Input.Begin(tx));
        }
        for (String r : rms) {
            inboxes.get(r).add(new Input.Step(new CommitEvent.RmPrepare(r, tx)));
        }
        groups.keySet().forEach(this::pump);
        return p.outcome();
    }

    /** Every undecided transaction: its prepared RMs ask for the outcome, the TM aborts it if it has not decided. */
    public void timeOut() {
        for (long tx : new TreeSet<>(pending.keySet())) {
            deliver(ShardsSimulation.TM, new CommitEvent.TmAbort(tx));
            for (String r : rms) {
                deliver(r, new CommitEvent.RmAskOutcome(r, tx));
            }
        }
    }

    /** Loses data centre dc: every replica placed there stops, and leaderless groups elect new leaders. */
    public void loseDataCentre(String dc) {
        lost.add(dc);
        for (Group g : groups.values()) {
            for (Replica r : g.replicas().values()) {
                if (r.dataCentre().equals(dc)) {
                    r.markLost();
                    raft.lose(r.id());
                }
            }
        }
    }

    /** The transactions not yet decided by every RM. */
    public Set<Long> undecided() {
        return new TreeSet<>(pending.keySet());
    }

    /**
     * The transactions in which one RM committed and another aborted (empty, unless the protocol is broken), each with
     * what its groups acted on, in order.
     */
    public Map<Long, List<String>> inconsistent() {
        return new java.util.TreeMap<>(inconsistent);
    }

    /** 2PC messages sent so far. */
    public long messages() {
        return messages.get();
    }

    public Group group(String name) {
        return groups.get(name);
    }

    private void route(CommitMessage m) {
        messages.incrementAndGet();
        if (m instanceof CommitMessage.Prepared p) {
            deliver(ShardsSimulation.TM, new CommitEvent.TmRcvPrepared(p.rm(), p.tx()));
            deliver(ShardsSimulation.TM, new CommitEvent.TmCommit(p.tx()));
        } else if (m instanceof CommitMessage.Query q) {
            deliver(ShardsSimulation.TM, new CommitEvent.TmRcvQuery(q.rm(), q.tx()));
        } else if (m instanceof CommitMessage.Commit c) {
            rms.forEach(r -> deliver(r, new CommitEvent.RmRcvCommitMsg(r, c.tx())));
        } else if (m instanceof CommitMessage.Abort a) {
            rms.forEach(r -> deliver(r, new CommitEvent.RmRcvAbortMsg(r, a.tx())));
        }
    }

    private void deliver(String group, CommitEvent e) {
        inboxes.get(group).add(new Input.Step(e));
        pump(group);
    }

    private void onActed(String group, long tx, String state) {
        Pending p = pending.get(tx);
        if (p != null) {
            Group g = groups.get(group);
            p.history().add(group + " " + state + " (leader " + (g == null ? "?" : g.leaderSlot()) + ")");
        }
        if (p != null && !group.equals(ShardsSimulation.TM)
                && (state.equals("committed") || state.equals("aborted"))) {
            p.decided().add(group + "=" + state);
            Set<String> rmsDone = new TreeSet<>();
            boolean commit = true;
            for (String d : p.decided()) {
                rmsDone.add(d.substring(0, d.indexOf('=')));
                commit &= d.endsWith("=committed");
            }
            if (p.decided().stream().anyMatch(d -> d.endsWith("=committed"))
                    && p.decided().stream().anyMatch(d -> d.endsWith("=aborted"))) {
                inconsistent.put(tx, List.copyOf(p.history()));
            }
            if (rmsDone.size() == rms.size() && pending.remove(tx) != null) {
                p.outcome().complete(commit ? TmState.COMMITTED : TmState.ABORTED);
            }
        }
        pump(group);
    }

    /**
     * Has the group's leader take what it can from the inbox, on its own thread (at most one drain queued at once). A
     * drain stops as soon as its leader is no longer the group's: what is left waits for the next leader.
     */
    private void pump(String group) {
        Group g = groups.get(group);
        GroupLeader l = g == null ? null : g.active();
        if (l == null || closed) {
            return;
        }
        AtomicInteger asked = pumps.computeIfAbsent(l, k -> new AtomicInteger());
        if (asked.getAndIncrement() == 0) {
            raft.run(g.replica(g.leaderSlot()).id(), () -> drain(group, l, asked));
        }
    }

    private void drain(String group, GroupLeader l, AtomicInteger asked) {
        do {
            asked.set(1);
            Iterator<Input> it = inboxes.get(group).iterator();
            while (it.hasNext() && groups.get(group).active() == l) {
                Input in = it.next();
                if (in instanceof Input.Begin b) {
                    it.remove();
                    if (pending.containsKey(b.tx())) {
                        l.begin(b.tx());
                    }
                } else if (in instanceof Input.Step s) {
                    long tx = Events.tx(s.event());
                    if (l.canStep(s.event())) {
                        it.remove();
                        l.step(s.event());
                    } else if (!l.isPending(tx)) {
                        it.remove();    // stale (a duplicate, or an answer to a question already settled)
                    }
                }
            }
        } while (asked.decrementAndGet() > 0);
    }

    /** Stops every replica's thread; a failure on one is rethrown. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        ticker.interrupt();
        ticker.join(5_000);
        raft.close();
        if (!raft.failures().isEmpty()) {
            throw new IllegalStateException("a replica failed", raft.failures().get(0));
        }
    }

    /** The data centres lost so far. */
    public Collection<String> lost() {
        return Set.copyOf(lost);
    }
}
