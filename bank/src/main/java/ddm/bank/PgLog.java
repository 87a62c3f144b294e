package ddm.bank;

import ddm.commit.DurableRecord;
import ddm.log.RecordLog;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An RM agent's durable log is its shard's PostgreSQL server: the records the RM forces are statements the server
 * makes durable before they return. Appending queues a record; forcing performs the queued ones (each
 * transaction's in order, different transactions' at once: see {@link #force}):
 * <ul>
 *   <li>{@code prepared tx}: {@code PREPARE TRANSACTION 'ddm-tx'} on the connection holding tx's local work (its
 *       return is the prepare record forced: the vote leaves only after it);</li>
 *   <li>{@code committed tx}: {@code COMMIT PREPARED 'ddm-tx'};</li>
 *   <li>{@code aborted tx}: {@code ROLLBACK PREPARED 'ddm-tx'}.</li>
 * </ul>
 * Both outcomes are idempotent: a gid no longer prepared was finished by an earlier incarnation, which the ledger
 * confirms (a committed transaction has its ledger row, an aborted one none); anything else is a bug and fails the
 * node. Reading the log back (recovery) reads what the server kept: each of its prepared {@code ddm-} transactions
 * is a prepare record (in doubt: the RM asks the TM), and each ledger row a committed transaction.
 */
final class PgLog implements RecordLog {

    static final String GID_PREFIX = "ddm-";

    private final ShardConnections db;
    private final List<DurableRecord> queued = new ArrayList<>();
    private long appended;

    PgLog(ShardConnections db) {
        this.db = db;
    }

    static String gid(long tx) {
        return GID_PREFIX + tx;
    }

    @Override
    public long append(byte[] record) {
        queued.add(DurableRecord.decode(record));
        return appended++;
    }

    /**
     * Performs the queued records: one transaction's in order, different transactions' at once, each on its own
     * connection, so that the server flushes their commit records together (group commit at the RM: a batch of the
     * driver's pays for about one WAL flush, not one per statement).
     */
    @Override
    public void force() throws IOException {
        if (queued.isEmpty()) {
            return;
        }
        Map<Long, List<DurableRecord>> byTx = new LinkedHashMap<>();
        queued.forEach(r -> byTx.computeIfAbsent(r.tx(), k -> new ArrayList<>()).add(r));
        queued.clear();
        Map<Long, Connection> on = new LinkedHashMap<>();
        List<Connection> borrowed = new ArrayList<>();
        byTx.forEach((tx, rs) -> {
            Connection c = db.working(tx);
            if (c == null) {
                if (rs.get(0) instanceof DurableRecord.Prepared) {
                    throw new IllegalStateException("tx " + tx + " has no local work to prepare");
                }
                c = db.borrow();
                borrowed.add(c);
            }
            on.put(tx, c);
        });
        if (byTx.size() == 1) {
            byTx.forEach((tx, rs) -> rs.forEach(r -> perform(r, on.get(tx))));
        } else {
            List<Future<?>> done = new ArrayList<>();
            byTx.forEach((tx, rs) -> done.add(POOL.submit(() -> rs.forEach(r -> perform(r, on.get(tx))))));
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while forcing", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException x ? x : new IllegalStateException(e.getCause());
                }
            }
        }
        byTx.keySet().forEach(db::release);     // prepared: the connection is free again
        borrowed.forEach(db::giveBack);
    }

    /** The threads that perform one batch's statements at once (the driver waits for them all). */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pg-force");
        t.setDaemon(true);
        return t;
    });

    private void perform(DurableRecord r, Connection c) {
        long tx = r.tx();
        try (Statement s = c.createStatement()) {
            if (r instanceof DurableRecord.Prepared) {
                s.execute("PREPARE TRANSACTION '" + gid(tx) + "'");
            } else {
                boolean commit = r instanceof DurableRecord.Committed;
                try {
                    s.execute((commit ? "COMMIT" : "ROLLBACK") + " PREPARED '" + gid(tx) + "'");
                } catch (SQLException e) {
                    if (!"42704".equals(e.getSQLState())) {
                        throw e;
                    }
                    if (inLedger(c, tx) != commit) {   // not prepared: finished already, and it must be this way
                        throw new IllegalStateException("tx " + tx + " is not prepared, and its ledger row says "
                                + (commit ? "it was not committed" : "it was committed") + ": cannot "
                                + (commit ? "commit" : "roll back") + " it");
                    }
                }
            }
        } catch (SQLException e) {
            if (ShardConnections.connectionLost(e)) {
                throw db.crash("its server went away forcing '" + r.kind() + " " + tx + "': " + e.getMessage());
            }
            throw new IllegalStateException("forcing '" + r.kind() + " " + tx + "' failed: " + e.getSQLState()
                    + " " + e.getMessage(), e);
        }
    }

    private static boolean inLedger(Connection c, long tx) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM ledger WHERE tx = ?")) {
            p.setLong(1, tx);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** What the server kept: prepared transactions (in doubt) and committed ones (their ledger rows). */
    @Override
    public List<byte[]> readAll() {
        TreeMap<Long, List<DurableRecord>> byTx = new TreeMap<>();
        try (Statement s = db.control().createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"
                    + " AND gid LIKE '" + GID_PREFIX + "%'")) {
                while (r.next()) {
                    long tx = Long.parseLong(r.getString(1).substring(GID_PREFIX.length()));
                    byTx.put(tx, List.of(new DurableRecord.Prepared(tx)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT tx FROM ledger")) {
                while (r.next()) {
                    long tx = r.getLong(1);
                    byTx.put(tx, List.of(new DurableRecord.Prepared(tx), new DurableRecord.Committed(tx)));
                }
            }
        } catch (SQLException e) {
            throw db.crash("its server went away during recovery: " + e.getMessage());
        }
        List<byte[]> out = new ArrayList<>();
        byTx.values().forEach(rs -> rs.forEach(r -> out.add(r.encode())));
        return out;
    }

    @Override
    public void close() {
        db.close();
    }
}
