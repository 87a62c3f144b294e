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
import ddm.runtime.TmRole;
import ddm.runtime.node.Role;
import ddm.runtime.node.Timers;

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
}
