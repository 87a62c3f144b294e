package ddm.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A shard's tables: {@code accounts(id, balance)} with {@code CHECK (balance >= 0)} (an overdraft is the local work
 * failing: the RM chooses to abort), and {@code ledger(tx, account, delta)}, one row per transaction the shard took
 * part in, written in the same local transaction as the balance it changes: committed rows are the shard's
 * committed transactions, which is what the checker compares across shards and what the agent recovers from.
 */
final class Schema {

    private Schema() {
    }

    /** Shard {@code shard}'s tables and accounts; -1: every account (one server holding the whole bank). */
    static void create(Connection c, int shard, Transfers bank) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))");
            s.execute("CREATE TABLE ledger (tx bigint PRIMARY KEY, account text, delta bigint NOT NULL)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO accounts (id, balance) VALUES (?, ?)")) {
            for (int a = 0; a < bank.accounts(); a++) {
                if (shard < 0 || Transfers.shardOf(a) == shard) {
                    p.setString(1, Transfers.id(a));
                    p.setLong(2, bank.initialBalance());
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }
}
