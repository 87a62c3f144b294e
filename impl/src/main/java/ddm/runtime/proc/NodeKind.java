package ddm.runtime.proc;

import ddm.commit.paxos.PaxosRm;
import ddm.log.FileLog;
import ddm.log.PowerLossChannel;
import ddm.log.RecordLog;
import ddm.commit.paxos.Quorums;
import ddm.runtime.AcceptorRole;
import ddm.runtime.CommitWire;
import ddm.runtime.LeaderRole;
import ddm.runtime.PaxosRmRole;
import ddm.runtime.PaxosWire;
import ddm.runtime.RmRole;
import ddm.runtime.SnapshotRole;
import ddm.runtime.SnapshotWire;
import ddm.runtime.TmRole;
import ddm.runtime.node.Role;
import ddm.runtime.node.Timers;
import ddm.snapshot.Channel;
import ddm.snapshot.Graph;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a node process of one protocol and role is made of: its {@link Role} (from the configuration) and the
 * {@link Codec} of its messages, and its durable log. Each protocol of impl registers here once; a node built outside
 * impl (the bank's RM agent, whose log is its PostgreSQL server) passes its own kind to
 * {@link NodeMain#run(String[], Factory, Variant)}.
 *
 * @param <M> the protocol's wire message type
 */
public interface NodeKind<M> {

    /** The kind of node a configuration asks for. */
    @FunctionalInterface
    interface Factory {
        NodeKind<?> of(NodeConfig c) throws BadConfig;
    }

    /** The node's role; {@code incarnation} counts its starts (1 for the first). */
    Role<M> role(NodeConfig c, Timers timers, Variant variant, long incarnation) throws BadConfig;

    Codec<M> codec();

    /** The longest the driver waits for an input when no timer is armed. */
    default long idleMillis(NodeConfig c) throws BadConfig {
        return 100;
    }

    /**
     * Whether this start follows one that wrote the log this node must recover from (before {@link #openLog}):
     * impl's nodes, when their data directory holds a log file.
     */
    default boolean restarted(NodeConfig c, long incarnation) {
        return Files.exists(c.data().resolve("log"));
    }

    /**
     * The node's durable log, opened and recovered: a {@link FileLog} in its data directory, on a
     * {@link PowerLossChannel} when the nemesis asks for power loss.
     */
    default RecordLog openLog(NodeConfig c, long incarnation) throws IOException {
        FileLog.Opener opener = c.powerLoss()
                ? f -> PowerLossChannel.open(f, c.seed() * 31 + incarnation, c.writeback())
                : f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return FileLog.open(c.data().resolve("log"), opener);
    }

    @SuppressWarnings("unchecked")
    static <M> NodeKind<M> of(NodeConfig c, Variant variant) throws BadConfig {
        return switch (c.protocol()) {
            case "2pc" -> (NodeKind<M>) new TwoPc();
            case "paxos" -> (NodeKind<M>) new Paxos();
            case "snapshot" -> (NodeKind<M>) new Snapshot();
            case "epoch" -> (NodeKind<M>) new Epoch();
            default -> throw new BadConfig("protocol " + c.protocol() + " has no node processes yet");
        };
    }

    /** 2PC: role tm or rm; settings rms, timeout-ms, abort-one-in (0: every RM votes commit), batch. */
    final class TwoPc implements NodeKind<CommitWire> {
        @Override
        public Role<CommitWire> role(NodeConfig c, Timers timers, Variant variant, long incarnation)
                throws BadConfig {
            List<String> rms = c.namesSetting("rms");
            long timeout = c.longSetting("timeout-ms", 200, 1);
            long abortOneIn = c.longSetting("abort-one-in", 0, 0);
            long seed = c.seed();
            if (c.role().equals("rm") && !rms.contains(c.name())) {
                throw new BadConfig("RM " + c.name() + " is not in rms " + rms);
            }
            for (String r : rms) {
                if (!c.peers().containsKey(r) && !r.equals(c.name())) {
                    throw new BadConfig("RM " + r + " has no --peer address");
                }
            }
            switch (c.role()) {
                case "tm" -> {
                    if (!c.name().equals(TmRole.NAME)) {
                        throw new BadConfig("the TM is named " + TmRole.NAME + ", not " + c.name());
                    }
                    return new TmRole(variant.commit().tm().apply(rms), rms, timers, timeout, true,
                            System::currentTimeMillis);
                }
                case "rm" -> {
                    if (!rms.contains(c.name())) {
                        throw new BadConfig("RM " + c.name() + " is not in rms " + rms);
                    }
                    if (!c.peers().containsKey(TmRole.NAME)) {
                        throw new BadConfig("an RM needs the TM's address (--peer tm=127.0.0.1:PORT)");
                    }
                    return new RmRole(variant.commit().rm().apply(c.name()), timers, timeout,
                            (rm, tx) -> abortOneIn == 0
                                    || new SplittableRandom(seed * 1_000_003L + tx * 31L + rm.hashCode())
                                    .nextInt((int) abortOneIn) != 0,
                            System::currentTimeMillis);
                }
                default -> throw new BadConfig("2pc has roles tm and rm, not " + c.role());
            }
        }

        @Override
        public Codec<CommitWire> codec() {
            return new CommitCodec();
        }

        @Override
        public long idleMillis(NodeConfig c) throws BadConfig {
            return c.longSetting("timeout-ms", 200, 1);
        }
    }

    /**
     * Paxos Commit: role rm, acceptor or leader; settings rms, acceptors (2F+1 of them), timeout-ms (an RM's wait
     * before it asks again; the leader's takeover delay is twice it), abort-one-in. The leader is named "leader";
     * its ballot is its incarnation, so a restarted leader never reuses the ballot of one that died.
     */
    final class Paxos implements NodeKind<PaxosWire> {
        public static final String LEADER = "leader";

        @Override
        public Role<PaxosWire> role(NodeConfig c, Timers timers, Variant variant, long incarnation)
                throws BadConfig {
            List<String> rms = c.namesSetting("rms");
            List<String> acceptors = c.namesSetting("acceptors");
            if (acceptors.size() % 2 == 0) {
                throw new BadConfig("Paxos Commit needs 2F+1 acceptors, not " + acceptors.size());
            }
            long timeout = c.longSetting("timeout-ms", 200, 1);
            long abortOneIn = c.longSetting("abort-one-in", 0, 0);
            long seed = c.seed();
            Quorums quorums = Quorums.majorities(acceptors);
            switch (c.role()) {
                case "rm" -> {
                    if (!rms.contains(c.name())) {
                        throw new BadConfig("RM " + c.name() + " is not in rms " + rms);
                    }
                    return new PaxosRmRole(new PaxosRm(c.name(), rms, variant.paxos().learner(quorums)), acceptors,
                            LEADER, timers, timeout, (rm, tx) -> abortOneIn == 0
                            || new SplittableRandom(seed * 1_000_003L + tx * 31L + rm.hashCode())
                            .nextInt((int) abortOneIn) != 0, System::currentTimeMillis);
                }
                case "acceptor" -> {
                    if (!acceptors.contains(c.name())) {
                        throw new BadConfig("acceptor " + c.name() + " is not in acceptors " + acceptors);
                    }
                    return new AcceptorRole(variant.paxos().acceptor(c.name()), rms, LEADER, timers);
                }
                case "leader" -> {
                    if (!c.name().equals(LEADER)) {
                        throw new BadConfig("the leader is named " + LEADER + ", not " + c.name());
                    }
                    return new LeaderRole(LEADER, variant.paxos().leader((int) incarnation, quorums), quorums, rms,
                            acceptors, timers, 2 * timeout);
                }
                default -> throw new BadConfig("paxos has roles rm, acceptor and leader, not " + c.role());
            }
        }

        @Override
        public Codec<PaxosWire> codec() {
            return new PaxosCodec();
        }

        @Override
        public long idleMillis(NodeConfig c) throws BadConfig {
            return c.longSetting("timeout-ms", 200, 1);
        }
    }

    /**
     * The Chandy–Lamport bank: role process; settings procs (the processes, p1,p2,...), graph (complete or ring),
     * balance (each process's money at the start), retransmit-ms (how often unacknowledged messages go again) and
     * window (how many of a channel's go each time).
     */
    final class Snapshot implements NodeKind<SnapshotWire> {
        @Override
        public Role<SnapshotWire> role(NodeConfig c, Timers timers, Variant variant, long incarnation)
                throws BadConfig {
            if (!c.role().equals("process")) {
                throw new BadConfig("snapshot has the role process, not " + c.role());
            }
            Graph g = graph(c);
            if (!g.processes().contains(c.name())) {
                throw new BadConfig("process " + c.name() + " is not in procs " + g.processes());
            }
            for (String p : g.processes()) {
                if (!p.equals(c.name()) && !c.peers().containsKey(p)) {
                    throw new BadConfig("process " + p + " has no --peer address");
                }
            }
            return new SnapshotRole(c.name(), g.in(c.name()), g.out(c.name()), c.longSetting("balance", 100, 1),
                    variant.snapshot(), timers, c.longSetting("retransmit-ms", 50, 1),
                    (int) c.longSetting("window", 64, 1));
        }

        static Graph graph(NodeConfig c) throws BadConfig {
            List<String> procs = c.namesSetting("procs");
            String shape = c.setting("graph", "complete");
            List<Channel> channels = new java.util.ArrayList<>();
            for (int i = 0; i < procs.size(); i++) {
                for (int j = 0; j < procs.size(); j++) {
                    boolean edge = shape.equals("ring") ? j == (i + 1) % procs.size() : i != j;
                    if (edge && i != j) {
                        channels.add(new Channel(procs.get(i), procs.get(j)));
                    }
                }
            }
            if (!shape.equals("ring") && !shape.equals("complete")) {
                throw new BadConfig("graph is complete or ring, not " + shape);
            }
            try {
                return Graph.of(procs, channels);
            } catch (IllegalArgumentException e) {
                throw new BadConfig(e.getMessage());
            }
        }

        @Override
        public Codec<SnapshotWire> codec() {
            return new SnapshotCodec();
        }

        @Override
        public long idleMillis(NodeConfig c) throws BadConfig {
            return c.longSetting("retransmit-ms", 50, 1);
        }
    }

    /**
     * The epoch dataflow: role jm (the checkpoint coordinator, named jm), source or task; settings sources
     * (s1,s2), tasks (name:kind, e.g. c:count,t:tally), edges (from>to), records (each source's input), emit-ms and
     * per-emit (a source's rate), epoch-ms (how often the job manager starts an epoch), pending (epochs started and
     * not completed at most).
     */
    final class Epoch implements NodeKind<ddm.runtime.EpochWire> {
        @Override
        public Role<ddm.runtime.EpochWire> role(NodeConfig c, Timers timers, Variant variant, long incarnation)
                throws BadConfig {
            ddm.epoch.Dataflow flow = dataflow(c);
            for (String n : flow.nodes()) {
                if (!n.equals(c.name()) && !c.peers().containsKey(n)) {
                    throw new BadConfig("node " + n + " has no --peer address");
                }
            }
            switch (c.role()) {
                case "jm" -> {
                    if (!c.name().equals("jm")) {
                        throw new BadConfig("the job manager is named jm, not " + c.name());
                    }
                    return new ddm.runtime.JobManagerRole(List.copyOf(flow.sources()), List.copyOf(flow.tasks()),
                            variant.epoch(), timers, incarnation, c.longSetting("epoch-ms", 100, 1),
                            (int) c.longSetting("pending", 2, 1));
                }
                case "source" -> {
                    if (!flow.sources().contains(c.name())) {
                        throw new BadConfig("source " + c.name() + " is not in sources " + flow.sources());
                    }
                    return new ddm.runtime.SourceRole(c.name(), input(c.seed(), c.name(),
                            (int) c.longSetting("records", 1000, 0)),
                            flow.outs(c.name()).stream().map(ddm.epoch.Channel::to).toList(), timers, incarnation,
                            c.longSetting("emit-ms", 5, 1), (int) c.longSetting("per-emit", 2, 1));
                }
                case "task" -> {
                    if (!flow.tasks().contains(c.name())) {
                        throw new BadConfig("task " + c.name() + " is not in tasks " + flow.tasks());
                    }
                    return new ddm.runtime.TaskRole(c.name(), flow.ins(c.name()),
                            flow.outs(c.name()).stream().map(ddm.epoch.Channel::to).toList(), flow.kind(c.name()),
                            ddm.epoch.Task::new, timers, incarnation);
                }
                default -> throw new BadConfig("epoch has roles jm, source and task, not " + c.role());
            }
        }

        /** A source's replayable input: {@code records} records {key, value}, the same for every incarnation. */
        public static List<long[]> input(long seed, String source, int records) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + source.hashCode());
            List<long[]> out = new java.util.ArrayList<>();
            for (int i = 0; i < records; i++) {
                out.add(new long[] {r.nextInt(8), 1 + r.nextInt(100)});
            }
            return out;
        }

        static ddm.epoch.Dataflow dataflow(NodeConfig c) throws BadConfig {
            java.util.Set<String> sources = new java.util.TreeSet<>(c.namesSetting("sources"));
            java.util.Map<String, String> kinds = new java.util.TreeMap<>();
            for (String t : c.setting("tasks", "").split(",")) {
                String[] nk = t.trim().split(":");
                if (nk.length != 2) {
                    throw new BadConfig("tasks are name:kind, not " + t);
                }
                kinds.put(nk[0], nk[1]);
            }
            java.util.Set<ddm.epoch.Channel> edges = new java.util.TreeSet<>();
            for (String e : c.setting("edges", "").split(",")) {
                String[] ft = e.trim().split(">");
                if (ft.length != 2) {
                    throw new BadConfig("edges are from>to, not " + e);
                }
                edges.add(new ddm.epoch.Channel(ft[0], ft[1]));
            }
            try {
                kinds.values().forEach(ddm.epoch.Operator::of);
                return new ddm.epoch.Dataflow(sources, kinds, edges);
            } catch (IllegalArgumentException e) {
                throw new BadConfig(e.getMessage());
            }
        }

        @Override
        public Codec<ddm.runtime.EpochWire> codec() {
            return new EpochCodec();
        }

        @Override
        public long idleMillis(NodeConfig c) {
            return 20;
        }
    }
}
