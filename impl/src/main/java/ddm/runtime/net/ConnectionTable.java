package ddm.runtime.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live connection to or from each peer, by peer name: what a reconnect replaces and what a shutdown closes.
 *
 * <p>Contract. {@link #install} makes {@code c} the peer's connection and returns the one it replaced (the caller
 * closes it: a peer that restarted leaves a stale connection behind), or returns {@code c} itself if the table is
 * closed (the caller closes {@code c}: nothing may be opened after a shutdown began, or its thread would outlive
 * the node). {@link #remove} removes the peer's connection only if it is still {@code c}: a reader or writer that
 * finds its connection broken must not tear down the newer one a reconnect installed meanwhile. {@link #closeAll}
 * closes the table and returns every connection in it, each exactly once (the caller closes them). One monitor
 * guards it all; the callers do the I/O outside it.
 *
 * @param <C> a connection (compared by identity)
 */
public final class ConnectionTable<C> {

    private final Map<String, C> live = new HashMap<>();
    private boolean closed;

    /** Makes c the connection of peer; returns the replaced one (or null), or c itself if the table is closed. */
    public synchronized C install(String peer, C c) {
        if (closed) {
            return c;
        }
        return live.put(peer, c);
    }

    /** Removes peer's connection if it is c; returns whether it was. */
    public synchronized boolean remove(String peer, C c) {
        if (live.get(peer) == c) {
            live.remove(peer);
            return true;
        }
        return false;
    }

    /** The peer's connection now, or null. */
    public synchronized C get(String peer) {
        return live.get(peer);
    }

    /** Closes the table: returns every connection in it, which the caller closes; later installs are refused. */
    public synchronized List<C> closeAll() {
        closed = true;
        List<C> all = new ArrayList<>(live.values());
        live.clear();
        return all;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized int size() {
        return live.size();
    }
}
