package ddm.runtime.net;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Teeth for {@link ConnectionTableLincheckTest}, one per race the table exists to prevent. {@link Leaky} checks the
 * closed flag before taking the lock to install, so a reconnect racing a shutdown installs a connection nobody will
 * close. {@link StaleRemove} checks that the connection is still the peer's, then removes the peer's entry in a
 * second step, so a broken connection's cleanup racing a reconnect removes the new connection. Lincheck must find
 * both.
 */
public class RacyConnectionTableLincheckTest {

    /** Seeded bug 1: check-then-act on the closed flag. */
    public static class Leaky {
        private final Map<String, Object> live = new HashMap<>();
        private volatile boolean closed;

        @Operation
        public int install(@Param(gen = IntGen.class, conf = "0:1") int conn) {
            Object c = ConnectionTableLincheckTest.CONNS[conn];
            if (closed) {
                return -2;
            }
            synchronized (this) {
                Object old = live.put("p", c);
                return old == null ? -1 : ConnectionTableLincheckTest.index(old);
            }
        }

        @Operation
        public synchronized int closeAll() {
            closed = true;
            List<Object> all = new ArrayList<>(live.values());
            live.clear();
            return all.size();
        }

        @Operation
        public synchronized int get() {
            return ConnectionTableLincheckTest.index(live.get("p"));
        }
    }

    /** Seeded bug 2: remove-if-same split into a check and a remove. */
    public static class StaleRemove {
        private final Map<String, Object> live = new HashMap<>();

        @Operation
        public synchronized int install(@Param(gen = IntGen.class, conf = "0:1") int conn) {
            Object old = live.put("p", ConnectionTableLincheckTest.CONNS[conn]);
            return old == null ? -1 : ConnectionTableLincheckTest.index(old);
        }

        @Operation
        public boolean remove(@Param(gen = IntGen.class, conf = "0:1") int conn) {
            Object c = ConnectionTableLincheckTest.CONNS[conn];
            boolean mine;
            synchronized (this) {
                mine = live.get("p") == c;
            }
            if (!mine) {
                return false;
            }
            synchronized (this) {
                live.remove("p");
            }
            return true;
        }

        @Operation
        public synchronized int get() {
            return ConnectionTableLincheckTest.index(live.get("p"));
        }
    }

    @Test
    void lincheckFindsAConnectionInstalledAfterShutdown() {
        assertThrows(AssertionError.class, () -> ConnectionTableLincheckTest.racyOptions().check(Leaky.class));
    }

    @Test
    void lincheckFindsAStaleRemoveThatTakesOutTheReconnectedConnection() {
        assertThrows(AssertionError.class, () -> ConnectionTableLincheckTest.racyOptions().check(StaleRemove.class));
    }
}
