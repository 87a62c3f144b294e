package ddm.bank;

import ddm.log.RecordLog;
import ddm.runtime.CommitWire;
import ddm.runtime.RmRole;
import ddm.runtime.TmRole;
import ddm.runtime.node.NodeDriver;
import ddm.runtime.node.Role;
import ddm.runtime.node.Timers;
import ddm.runtime.proc.BadConfig;
import ddm.runtime.proc.Codec;
import ddm.runtime.proc.CommitCodec;
import ddm.runtime.proc.NodeConfig;
import ddm.runtime.proc.NodeKind;
import ddm.runtime.proc.NodeMain;
import ddm.runtime.proc.Variant;

import java.io.IOException;
import java.util.List;

/**
 * The RM agent beside one shard, as its own process: {@code java -cp ... ddm.bank.RmAgent --protocol 2pc --role rm
 * --name rm1 ... --set rms=rm1,rm2,rm3 pg-port=PORT shard=0 accounts=N balance=B max-amount=M transfers-seed=S}.
 * It is impl's node process ({@link NodeMain}) with impl's 2PC RM ({@link RmRole}, the pure {@code ResourceManager}
 * under the same {@link NodeDriver}, event log, transport, fault points and link faults) and two things of its own:
 * the vote's input is the shard's local work ({@link LocalWork}), and its durable log is the shard's server
 * ({@link PgLog}). A restarted agent ({@code incarnation > 1}) recovers from the server: its prepared transactions
 * are in doubt and asked about (RMRecover, then RMAskOutcome). If the server goes away under it, the agent dies with
 * it (exit 137, as a kill -9 or a fault point would), and its supervisor logs the RM's crash and restarts it; the new
 * incarnation waits (bounded) for its server before it recovers.
 */
public final class RmAgent implements NodeKind<CommitWire> {

    /** How long a starting agent waits for its server (restarted by the nemesis, perhaps) before it gives up. */
    static final long AWAIT_SERVER_MILLIS = 30_000;

    private ShardConnections db;

    public static void main(String[] args) {
        System.exit(NodeMain.run(args, c -> new RmAgent(), Variant.STANDARD));
    }

    @Override
    public Role<CommitWire> role(NodeConfig c, Timers timers, Variant variant, long incarnation) throws BadConfig {
        if (!c.role().equals("rm")) {
            throw new BadConfig("an RM agent has role rm, not " + c.role());
        }
        List<String> rms = c.namesSetting("rms");
        if (rms.size() != Transfers.SHARDS || !rms.contains(c.name())) {
            throw new BadConfig("an RM agent is one of " + Transfers.SHARDS + " rms, one per shard: " + c.name()
                    + " in " + rms);
        }
        if (!c.peers().containsKey(TmRole.NAME)) {
            throw new BadConfig("an RM agent needs the TM's address (--peer tm=127.0.0.1:PORT)");
        }
        int shard = (int) c.longSetting("shard", -1, 0);
        if (shard >= Transfers.SHARDS) {
            throw new BadConfig("shard " + shard + " is not one of 0.." + (Transfers.SHARDS - 1));
        }
        long port = c.longSetting("pg-port", 0, 1);
        if (port == 0 || port > 65535 || shard < 0) {
            throw new BadConfig("an RM agent needs its shard (--set shard=0..2) and its server's port "
                    + "(--set pg-port=PORT)");
        }
        Transfers bank;
        try {
            bank = new Transfers(c.longSetting("transfers-seed", 1, Long.MIN_VALUE),
                    (int) c.longSetting("accounts", 30, 1), c.longSetting("balance", 100, 0),
                    c.longSetting("max-amount", 40, 1));
        } catch (IllegalArgumentException e) {
            throw new BadConfig(e.getMessage());
        }
        long timeout = c.longSetting("timeout-ms", 200, 1);
        String name = c.name();
        db = new ShardConnections((int) port, why -> {
            System.err.println(name + ": " + why + ": the RM crashes with its database");
            System.err.flush();
            Runtime.getRuntime().halt(NodeDriver.KILLED);
            return new IllegalStateException("unreachable");
        });
        return new RmRole(variant.commit().rm().apply(name), timers, timeout, new LocalWork(shard, bank, db),
                System::currentTimeMillis);
    }

    @Override
    public Codec<CommitWire> codec() {
        return new CommitCodec();
    }

    @Override
    public long idleMillis(NodeConfig c) throws BadConfig {
        return c.longSetting("timeout-ms", 200, 1);
    }

    /** Every start after the first recovers: the server holds what the RM made durable, whatever the disk says. */
    @Override
    public boolean restarted(NodeConfig c, long incarnation) {
        return incarnation > 1;
    }

    @Override
    public RecordLog openLog(NodeConfig c, long incarnation) throws IOException {
        try {
            if (!db.await(AWAIT_SERVER_MILLIS)) {
                throw new IOException("its PostgreSQL server (port " + c.setting("pg-port", "?") + ") did not "
                        + "answer within " + AWAIT_SERVER_MILLIS / 1000 + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for its server");
        }
        return new PgLog(db);
    }
}
