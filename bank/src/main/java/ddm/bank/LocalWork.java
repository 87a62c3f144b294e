package ddm.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiPredicate;

/**
 * A shard's part of a transfer, done when its RM joins the transaction and before it votes: {@code BEGIN}, the
 * balance change of this shard's account (if the transfer touches one), and its ledger row. If it succeeds, the
 * transaction stays open on its connection and the RM prepares (its prepare record, forced next, is
 * {@code PREPARE TRANSACTION}: see {@link PgLog}); if the local work fails (an overdraft against
 * {@code CHECK (balance >= 0)}, a row locked by another transfer) it is rolled back and the RM chooses to abort
 * (the spec's RMChooseToAbort). This is the vote's input to the RM's pure state machine ({@code RmRole}'s
 * {@code votesCommit}); the database work is the application's, which decides the vote, not the protocol's.
 */
final class LocalWork implements BiPredicate<String, Long> {

    /** The local work failing, not the server: an overdraft, a locked row, a deadlock, a serialization failure. */
    static final java.util.Set<String> FAILS_THE_WORK = java.util.Set.of("23514", "55P03", "40P01", "40001");

    private final int shard;
    private final Transfers bank;
    private final ShardConnections db;

    LocalWork(int shard, Transfers bank, ShardConnections db) {
        this.shard = shard;
        this.bank = bank;
        this.db = db;
    }

    @Override
    public boolean test(String rm, Long tx) {
        Transfers.Row row = bank.of(tx).row(shard);
        Connection c = db.beginWork(tx);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            if (row.account() != null) {
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                    u.setLong(1, row.delta());
                    u.setString(2, row.account());
                    if (u.executeUpdate() != 1) {
                        throw new IllegalStateException("no account " + row.account() + " on shard " + shard);
                    }
                }
            }
            try (PreparedStatement l = c.prepareStatement(
                    "INSERT INTO ledger (tx, account, delta) VALUES (?, ?, ?)")) {
                l.setLong(1, tx);
                l.setString(2, row.account());
                l.setLong(3, row.delta());
                l.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            if (ShardConnections.connectionLost(e)) {
                throw db.crash("its server went away during the local work of tx " + tx + ": " + e.getMessage());
            }
            if (!FAILS_THE_WORK.contains(e.getSQLState())) {
                throw new IllegalStateException("the local work of tx " + tx + " failed unexpectedly: "
                        + e.getSQLState() + " " + e.getMessage(), e);
            }
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException r) {
                throw db.crash("its server went away rolling back tx " + tx + ": " + r.getMessage());
            }
            db.release(tx);
            return false;
        }
    }
}
