package ddm.bank;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * An RM agent's connections to its shard's server, used by the agent's driver thread only: one for the outcomes
 * ({@code COMMIT PREPARED}, {@code ROLLBACK PREPARED}, recovery), and one per transaction between its local work and
 * its {@code PREPARE TRANSACTION} (a driver batch may hold several transactions' work before it forces), returned
 * to a pool once the transaction is prepared or rolled back.
 *
 * <p>A failure of the connection itself (the server was killed, or is restarting) is the RM crashing: the agent
 * dies with its database ({@code lost}), and its supervisor restarts it to recover from what the server kept.
 * Locks are not waited for: a transfer whose account a prepared transaction holds fails its local work at once
 * ({@code lock_timeout}), and its RM chooses to abort, since a driver thread blocked on a lock could not receive the
 * outcome that would release it.
 */
final class ShardConnections implements AutoCloseable {

    /** What the agent does when its server is gone: crash (never returns). */
    interface Lost {
        RuntimeException crash(String why);
    }

    private final String url;
    private final Lost lost;
    private Connection control;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final Map<Long, Connection> working = new HashMap<>();

    ShardConnections(int port, Lost lost) {
        this.url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        this.lost = lost;
    }

    /** Connects, waiting up to {@code millis} for the server (it may be restarting after a kill); false if not up. */
    boolean await(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                control = open();
                return true;
            } catch (SQLException e) {
                if (System.currentTimeMillis() >= deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PgServer.USER);
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "20");
        Connection c = DriverManager.getConnection(url, p);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '20ms'");
        }
        return c;
    }

    Connection control() {
        return control;
    }

    /** A connection for tx's local work, held until {@link #release}. */
    Connection beginWork(long tx) {
        Connection c = idle.poll();
        if (c == null) {
            try {
                c = open();
            } catch (SQLException e) {
                throw lost.crash("cannot connect to its server: " + e.getMessage());
            }
        }
        working.put(tx, c);
        return c;
    }

    /** The connection holding tx's local work, or null. */
    Connection working(long tx) {
        return working.get(tx);
    }

    /** A connection for an outcome statement, from the pool (returned with {@link #giveBack}). */
    Connection borrow() {
        Connection c = idle.poll();
        if (c == null) {
            try {
                c = open();
            } catch (SQLException e) {
                throw lost.crash("cannot connect to its server: " + e.getMessage());
            }
        }
        return c;
    }

    void giveBack(Connection c) {
        idle.push(c);
    }

    void release(long tx) {
        Connection c = working.remove(tx);
        if (c != null) {
            idle.push(c);
        }
    }

    /** Whether {@code e} is the connection failing (the server gone), not the statement. */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    RuntimeException crash(String why) {
        return lost.crash(why);
    }

    @Override
    public void close() {
        for (Connection c : idle) {
            quietly(c);
        }
        working.values().forEach(ShardConnections::quietly);
        if (control != null) {
            quietly(control);
        }
    }

    private static void quietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a connection to a server that is gone: nothing to do
        }
    }
}
