package ddm.commit.shards;

import ddm.commit.CommitEvent;
import ddm.commit.CommitMessage;
import ddm.commit.DurableRecord;
import ddm.commit.TmState;
import ddm.sim.Network;
import ddm.sim.Simulated;
import ddm.sim.Trace;
import io.microraft.RaftConfig;
import io.microraft.model.log.LogEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two-phase commit over replicated shards in the deterministic simulator ({@code specs/commit/ReplicatedShards.tla}):
 * a group of MicroRaft replicas for each RM and one for the TM, placed in data centres by a {@link Placement}, the 2PC
 * network of every message ever sent, and the events of {@link ShardEvent}, which the caller chooses one at a time.
 * Each group's leader runs the unchanged 2PC node ({@link GroupLeader}); MicroRaft replicates its records.
 *
 * <p>{@link #abstraction(long)} is the spec's variables for one transaction, read from the replicas' stores and the
 * leaders: what each group acted on, what each replica holds, which replicas are lost, each group's leader and term.
 */
public final class ShardsSimulation implements Simulated<ShardEvent> {

    /** The TM's group. */
    public static final String TM = "tm";

    /**
     * MicroRaft's configuration: heartbeats every second of virtual time, a leader suspected after ten; snapshots
     * never (a run commits few entries).
     */
    public static final RaftConfig CONFIG = RaftConfig.newBuilder()
            .setLeaderElectionTimeoutMillis(500)
            .setLeaderHeartbeatPeriodSecs(1)
            .setLeaderHeartbeatTimeoutSecs(10)
            .setCommitCountToTakeSnapshot(1_000_000)
            .build();

    private final SortedSet<String> rms;
    private final Placement placement;
    private final SimRaft raft;
    private final Map<String, Group> groups = new TreeMap<>();
    private final Network<CommitMessage> network = new Network<>();
    private final Set<Long> txs = new LinkedHashSet<>();
    private final Map<String, Map<Long, String>> acted = new TreeMap<>();
    private final Map<String, Integer> baseIndex = new TreeMap<>();
    private final Map<String, Integer> baseTerms = new TreeMap<>();
    private final SortedSet<String> lost = new TreeSet<>();
    private final int maxLost;
    private final Trace trace = new Trace();

    /**
     * A system of the given RMs and placement (which must place the RMs and {@link #TM}), at most {@code maxLost}
     * data centres lost, new leaders from {@code leaders}, MicroRaft's randomness from {@code seed}. Every group
     * elects its first leader in its first slot before this returns (the spec's Init); no transaction yet.
     */
    public ShardsSimulation(List<String> rms, Placement placement, int maxLost, Leaders leaders, long seed) {
        this.rms = new TreeSet<>(rms);
        this.placement = placement;
        this.maxLost = maxLost;
        this.raft = new SimRaft(seed);
        if (this.rms.size() != rms.size() || rms.isEmpty() || rms.contains(TM)) {
            throw new IllegalArgumentException("RM names must be distinct, not empty, and not tm: " + rms);
        }
        GroupLeader.Outbox out = new GroupLeader.Outbox() {
            @Override
            public void send(String group, CommitMessage m) {
                network.send(m);
            }

            @Override
            public void acted(String group, long tx, String state) {
                acted.computeIfAbsent(group, g -> new TreeMap<>()).put(tx, state);
            }
        };
        for (String g : groupNames()) {
            groups.put(g, new Group(g, g.equals(TM) ? this.rms : List.of(), placement.slots(g), CONFIG, raft,
                    leaders, out, () -> List.copyOf(txs)));
        }
        bootstrap();
    }

    /** The standard system: the placement one replica per data centre, the standard leaders. */
    public ShardsSimulation(List<String> rms, List<String> slots, List<String> dcs, int maxLost, long seed) {
        this(rms, Placement.onePerDataCentre(withTm(rms), slots, dcs), maxLost, Leaders.STANDARD, seed);
    }

    static List<String> withTm(Collection<String> rms) {
        List<String> gs = new ArrayList<>(rms);
        gs.add(TM);
        return gs;
    }

    private List<String> groupNames() {
        return withTm(rms);
    }

    /**
     * Starts every replica and runs MicroRaft (ticking every group while any lacks a leader) until each group has a
     * recovered leader, and moves leadership to the first slot where another won; then lets the logs settle.
     */
    private void bootstrap() {
        groups.values().forEach(g -> g.replicas().values().forEach(r -> r.node().start()));
        for (int round = 0; round < 200; round++) {
            settle();
            boolean done = true;
            for (Group g : groups.values()) {
                String first = g.replicas().keySet().iterator().next();
                GroupLeader l = g.active();
                if (l == null) {
                    done = false;
                    tick(g);
                } else if (!first.equals(g.leaderSlot())) {
                    done = false;
                    if (round % 4 == 0) {
                        g.replica(g.leaderSlot()).node().transferLeadership(new ReplicaId(g.name(), first));
                    }
                    tick(g);
                }
            }
            if (done) {
                settle();
                for (Group g : groups.values()) {
                    baseIndex.put(g.name(), g.replica(g.leaderSlot()).entries().size());
                    baseTerms.put(g.name(), g.leaderTerms().size() - 1);
                }
                return;
            }
        }
        throw new IllegalStateException("the groups did not elect their first leaders: " + groups.values());
    }

    /** Runs every queued task, replica by replica in a fixed order, until none is left (bounded). */
    private void settle() {
        for (int i = 0; i < 100_000; i++) {
            List<ReplicaId> r = raft.runnable();
            if (r.isEmpty()) {
                return;
            }
            raft.runNext(r.get(0));
        }
        throw new IllegalStateException("MicroRaft did not settle");
    }

    /** Opens transaction tx at every group's leader (the spec's Init for it: every RM working, the TM undecided). */
    public void begin(long tx) {
        if (!txs.add(tx)) {
            throw new IllegalArgumentException("transaction " + tx + " already begun");
        }
        for (Group g : groups.values()) {
            GroupLeader l = g.active();
            if (l == null) {
                throw new IllegalStateException(g.name() + " has no leader to begin tx " + tx);
            }
            l.begin(tx);
            acted.computeIfAbsent(g.name(), k -> new TreeMap<>()).put(tx, l.state(tx));
        }
    }

    public SortedSet<String> rmNames() {
        return new TreeSet<>(rms);
    }

    public Group group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no group " + name);
        }
        return g;
    }

    public Network<CommitMessage> network() {
        return network;
    }

    public Placement placement() {
        return placement;
    }

    public SortedSet<String> lost() {
        return new TreeSet<>(lost);
    }

    /** What group g has acted on in tx (the spec's rmState[g], or tmState for the TM). */
    public String acted(String g, long tx) {
        return acted.getOrDefault(g, Map.of()).getOrDefault(tx, g.equals(TM) ? TmState.ABORTED.spec() : "aborted");
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public List<ShardEvent> enabled() {
        List<ShardEvent> out = new ArrayList<>();
        for (long tx : txs) {
            for (String r : rms) {
                for (CommitEvent e : List.of(new CommitEvent.RmPrepare(r, tx), new CommitEvent.RmChooseToAbort(r, tx),
                        new CommitEvent.RmRcvCommitMsg(r, tx), new CommitEvent.RmRcvAbortMsg(r, tx),
                        new CommitEvent.RmAskOutcome(r, tx), new CommitEvent.TmRcvPrepared(r, tx),
                        new CommitEvent.TmRcvQuery(r, tx))) {
                    if (isEnabled(e)) {
                        out.add(new ShardEvent.Step(e));
                    }
                }
            }
            for (CommitEvent e : List.of(new CommitEvent.TmCommit(tx), new CommitEvent.TmAbort(tx))) {
                if (isEnabled(e)) {
                    out.add(new ShardEvent.Step(e));
                }
            }
        }
        raft.runnable().forEach(id -> out.add(new ShardEvent.Run(id)));
        for (Group g : groups.values()) {
            if (canTick(g)) {
                out.add(new ShardEvent.Tick(g.name()));
            }
        }
        if (lost.size() < maxLost) {
            for (String dc : dataCentres()) {
                if (!lost.contains(dc)) {
                    out.add(new ShardEvent.LoseDataCentre(dc));
                }
            }
        }
        return out;
    }

    /** Every data centre the placement uses. */
    public SortedSet<String> dataCentres() {
        SortedSet<String> dcs = new TreeSet<>();
        for (String g : groupNames()) {
            dcs.addAll(placement.slots(g).values());
        }
        return dcs;
    }

    /**
     * A group's clocks move only once its replicas have nothing left to run (messages are fast next to timeouts: an
     * election's votes, a heartbeat and its answer arrive before the next tick), and only while the group waits on
     * time: its latest leader is lost, or it has a record replicating (MicroRaft's leader may hold back an append
     * until a timer resets its backoff). A live leader's heartbeats are handled between ticks, and a follower waits
     * ten heartbeat periods before it suspects its leader, so no live leader is deposed.
     */
    private boolean canTick(Group g) {
        List<ReplicaId> busy = raft.runnable();
        GroupLeader l = g.active();
        boolean waiting = g.replica(g.leaderSlot()).isLost() || l == null || l.hasPending();
        return waiting && g.replicas().values().stream().noneMatch(r -> busy.contains(r.id()))
                && g.replicas().values().stream().anyMatch(r -> raft.hasTimers(r.id()));
    }

    /** Whether 2PC step e is enabled: its group has a live, recovered leader that may take it, and its message was sent. */
    public boolean isEnabled(CommitEvent e) {
        GroupLeader l = group(Events.group(e, TM)).active();
        if (l == null || !l.canStep(e)) {
            return false;
        }
        long tx = Events.tx(e);
        if (e instanceof CommitEvent.RmRcvCommitMsg) {
            return network.contains(new CommitMessage.Commit(tx));
        } else if (e instanceof CommitEvent.RmRcvAbortMsg) {
            return network.contains(new CommitMessage.Abort(tx));
        } else if (e instanceof CommitEvent.RmAskOutcome x) {
            return !network.contains(new CommitMessage.Query(tx, x.rm()));
        } else if (e instanceof CommitEvent.TmRcvPrepared x) {
            return network.contains(new CommitMessage.Prepared(tx, x.rm()));
        } else if (e instanceof CommitEvent.TmRcvQuery x) {
            CommitMessage answer = acted(TM, tx).equals(TmState.COMMITTED.spec())
                    ? new CommitMessage.Commit(tx) : new CommitMessage.Abort(tx);
            return network.contains(new CommitMessage.Query(tx, x.rm())) && !network.contains(answer);
        }
        return true;
    }

    @Override
    public void step(ShardEvent event) {
        if (event instanceof ShardEvent.Step s) {
            if (!isEnabled(s.event())) {
                throw new ddm.commit.ActionRefused(s.label(), "not enabled in the simulator");
            }
            Group g = group(Events.group(s.event(), TM));
            raft.inside(g.replica(g.leaderSlot()).id(), () -> g.active().step(s.event()));
        } else if (event instanceof ShardEvent.Run r) {
            raft.runNext(r.replica());
        } else if (event instanceof ShardEvent.Tick t) {
            tick(group(t.group()));
        } else if (event instanceof ShardEvent.LoseDataCentre d) {
            loseDataCentre(d.dc());
        }
        trace.add(event.label());
    }

    /**
     * The group's clocks move on to its earliest timer (and all its replicas to the same time): time goes by in
     * jumps from one timeout to the next, so the replica with the shortest random election timeout stands first.
     */
    private void tick(Group g) {
        List<ReplicaId> ids = g.replicas().values().stream().map(Replica::id).toList();
        long due = raft.nextDue(ids);
        ids.forEach(id -> raft.advanceTo(id, due));
    }

    /** Implements {@code ReplicatedShards!LoseDataCentre(d)}: every replica the placement put in dc is lost. */
    public void loseDataCentre(String dc) {
        if (lost.contains(dc) || lost.size() >= maxLost) {
            throw new ddm.commit.ActionRefused("LoseDataCentre(" + dc + ")", lost.size() >= maxLost
                    ? "all " + maxLost + " losses happened" : dc + " is already lost");
        }
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

    /**
     * The spec's variables for transaction tx: {@code rmState}, {@code tmState}, {@code tmPrepared}, {@code msgs},
     * {@code replicaLog} (group to slot to the entries after the transaction began: its records and the new-term
     * entries, as records {@code [rec, term]}, terms numbered by leader from 1), {@code leader}, {@code term},
     * {@code pending} (the latest leader has a record it has not acted on, or has not yet recovered), {@code lost}
     * and {@code down} (group to the slots lost).
     */
    public Map<String, Object> abstraction(long tx) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Map<String, Object> rmState = new TreeMap<>();
        rms.forEach(r -> rmState.put(r, acted(r, tx)));
        vars.put("rmState", rmState);
        vars.put("tmState", acted(TM, tx));
        Group tm = group(TM);
        GroupLeader tmLeader = tm.replica(tm.leaderSlot()).leader();
        vars.put("tmPrepared", tmLeader == null ? Set.of() : new TreeSet<>(tmLeader.prepared(tx)));
        Set<Object> msgs = new LinkedHashSet<>();
        network.sent().stream().filter(m -> m.tx() == tx).forEach(m -> msgs.add(m.spec()));
        vars.put("msgs", msgs);
        Map<String, Object> logs = new TreeMap<>(), leader = new TreeMap<>(), term = new TreeMap<>(),
                pending = new TreeMap<>(), down = new TreeMap<>();
        for (Group g : groups.values()) {
            List<Integer> terms = g.leaderTerms();
            List<Integer> since = terms.subList(baseTerms.get(g.name()), terms.size());
            Map<String, Object> slots = new TreeMap<>();
            Set<String> gone = new TreeSet<>();
            for (Replica r : g.replicas().values()) {
                slots.put(r.id().slot(), entries(r, tx, baseIndex.get(g.name()), since));
                if (r.isLost()) {
                    gone.add(r.id().slot());
                }
            }
            logs.put(g.name(), slots);
            leader.put(g.name(), g.leaderSlot());
            term.put(g.name(), (long) since.size());
            GroupLeader l = g.replica(g.leaderSlot()).leader();
            pending.put(g.name(), l == null || l.isPending(tx));
            down.put(g.name(), gone);
        }
        vars.put("replicaLog", logs);
        vars.put("leader", leader);
        vars.put("term", term);
        vars.put("pending", pending);
        vars.put("lost", new TreeSet<>(lost));
        vars.put("down", down);
        return Collections.unmodifiableMap(vars);
    }

    /** Replica r's entries after index {@code base} that belong to tx or are new-term entries, as the spec writes them. */
    private static List<Object> entries(Replica r, long tx, int base, List<Integer> terms) {
        List<Object> out = new ArrayList<>();
        for (LogEntry e : r.entries()) {
            if (e.getIndex() <= base) {
                continue;
            }
            String rec;
            if (e.getOperation() instanceof DurableRecord d) {
                if (d.tx() != tx) {
                    continue;
                }
                rec = d.kind();
            } else {
                rec = "noop";
            }
            int t = terms.indexOf(e.getTerm());
            out.add(Map.of("rec", rec, "term", (long) (t < 0 ? -e.getTerm() : t + 1)));
        }
        return out;
    }
}
