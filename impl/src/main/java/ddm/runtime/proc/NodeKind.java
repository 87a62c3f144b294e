package ddm.runtime.proc;

import ddm.runtime.CommitWire;
import ddm.runtime.RmRole;
import ddm.runtime.TmRole;
import ddm.runtime.node.Role;
import ddm.runtime.node.Timers;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What a node process of one protocol and role is made of: its {@link Role} (from the configuration) and the
 * {@link Codec} of its messages. Each protocol registers here once.
 *
 * @param <M> the protocol's wire message type
 */
interface NodeKind<M> {

    Role<M> role(NodeConfig c, Timers timers, Variant variant) throws BadConfig;

    Codec<M> codec();

    /** The longest the driver waits for an input when no timer is armed. */
    default long idleMillis(NodeConfig c) throws BadConfig {
        return 100;
    }

    @SuppressWarnings("unchecked")
    static <M> NodeKind<M> of(NodeConfig c, Variant variant) throws BadConfig {
        return switch (c.protocol()) {
            case "2pc" -> (NodeKind<M>) new TwoPc();
            default -> throw new BadConfig("protocol " + c.protocol() + " has no node processes yet");
        };
    }

    /** 2PC: role tm or rm; settings rms, timeout-ms, abort-one-in (0: every RM votes commit), batch. */
    final class TwoPc implements NodeKind<CommitWire> {
        @Override
        public Role<CommitWire> role(NodeConfig c, Timers timers, Variant variant) throws BadConfig {
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
}
