package ddm.runtime.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One node's end of the network: framed messages ({@link Frame}) over TCP, to and from the peers named in its
 * configuration. Every protocol uses it the same way: {@link #send} a payload with the sender's vector clock to a
 * peer by name, and receive every frame addressed to this node through a {@link Receiver}.
 *
 * <p>Shape. The node listens on its own address; to each peer it keeps one outbound connection, written by that
 * link's own thread from a bounded {@link SendQueue}; each accepted connection has a reader thread that hands frames
 * to the receiver. A pair of nodes thus talks over two connections, one each way, and no connection is ever shared by
 * two writers (a watcher thread per outbound connection only notices when the peer closes it). A link whose peer is
 * down retries with jittered exponential {@link Backoff} and keeps the frame it could not write, to write it first
 * once the peer is back; frames offered meanwhile queue up to the capacity, then are dropped (counted). A frame that
 * does not decode is dropped with a log line; a stream out of step is closed and the sender reconnects; neither stops
 * the node. {@link ConnectionTable}s hold the live connections, so that a reconnect never loses to a stale failure
 * report and a shutdown closes everything.
 *
 * <p>Faults ({@link LinkFaults}) are applied at {@link #send}: a dropped message is never queued; a delayed one on a
 * FIFO link waits at the head of its queue (holding back the ones behind it), on any other link it is queued only
 * when its delay is over, so later messages overtake it.
 *
 * <p>Contract: {@link #send} never blocks and never throws for a peer that is down; the receiver is called on reader
 * threads (one per inbound connection) and must not block for long.
 */
public final class Transport implements Closeable {

    /** Where received frames go. Called concurrently from the reader threads. */
    public interface Receiver {
        void deliver(Frame frame);
    }

    /** A port this node was told to listen on is taken. */
    public static final class PortInUse extends IOException {
        PortInUse(InetSocketAddress at) {
            super((at.getAddress() == null ? at.getHostString() : at.getAddress().getHostAddress()) + ":" + at.getPort()
                    + " is in use");
        }
    }

    /** Queue capacity per peer, connect timeout, and the reconnect backoff. */
    public record Settings(int queueCapacity, int connectTimeoutMillis, Backoff backoff) {
        public static final Settings DEFAULT = new Settings(4096, 1000, Backoff.DEFAULT);
    }

    /** Counters, for the summaries a run prints. */
    public record Stats(long sent, long received, long badFrames, long queueDrops, long faultDrops, long duplicated,
                        long delayed, long reconnects) {
    }

    /** A frame waiting in a link's queue, and the {@code System.nanoTime()} before which it may not leave. */
    private record Outgoing(byte[] bytes, long notBeforeNanos) {
    }

    /** A busy link flushes at least this often (in frames). */
    static final int FLUSH_EVERY = 64;

    private final String self;
    private final Settings settings;
    private final LinkFaults faults;
    private final Receiver receiver;
    private final Consumer<String> log;
    private final ServerSocket server;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final ConnectionTable<Socket> outbound = new ConnectionTable<>();
    private final ConnectionTable<Socket> inbound = new ConnectionTable<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService delayer;
    private final AtomicLong sent = new AtomicLong(), received = new AtomicLong(), badFrames = new AtomicLong(),
            queueDrops = new AtomicLong(), faultDrops = new AtomicLong(), duplicated = new AtomicLong(),
            delayed = new AtomicLong(), reconnects = new AtomicLong(), connectionIds = new AtomicLong();
    private volatile boolean closed;

    private Transport(String self, ServerSocket server, Map<String, InetSocketAddress> peers, Receiver receiver,
                      Settings settings, LinkFaults faults, Consumer<String> log) {
        this.self = self;
        this.server = server;
        this.receiver = receiver;
        this.settings = settings;
        this.faults = faults;
        this.log = log;
        this.delayer = faults.settings().any() && !faults.settings().fifo() ? newDelayer(self) : null;
        long i = 0;
        for (Map.Entry<String, InetSocketAddress> p : peers.entrySet()) {
            if (!p.getKey().equals(self)) {
                links.put(p.getKey(), new Link(p.getKey(), p.getValue(), new SplittableRandom(
                        self.hashCode() * 31L + p.getKey().hashCode() + i++)));
            }
        }
    }

    /**
     * Listens on {@code listen} (127.0.0.1 in every test and cluster here; port 0 picks a free one) and links to
     * {@code peers} (name to address; an entry for {@code self} is ignored).
     *
     * @throws PortInUse the port is taken
     */
    public static Transport open(String self, InetSocketAddress listen, Map<String, InetSocketAddress> peers,
                                 Receiver receiver, Settings settings, LinkFaults faults, Consumer<String> log)
            throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);   // a restarted node rebinds its port while old connections linger
            server.bind(listen, 64);
        } catch (BindException e) {
            server.close();
            throw new PortInUse(listen);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Transport t = new Transport(self, server, peers, receiver, settings, faults, log);
        t.start();
        return t;
    }

    private static ScheduledExecutorService newDelayer(String self) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "net-delay-" + self);
            t.setDaemon(true);
            return t;
        });
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return s;
    }

    private void start() {
        spawn("net-accept-" + self, this::acceptLoop);
        links.values().forEach(l -> spawn("net-link-" + self + "-" + l.peer, l::writeLoop));
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    /** The port this node listens on. */
    public int port() {
        return server.getLocalPort();
    }

    public String self() {
        return self;
    }

    /** The peers this node links to. */
    public List<String> peers() {
        return List.copyOf(links.keySet());
    }

    /**
     * Sends {@code payload} with {@code clock} to {@code peer}, subject to the link faults; never blocks. Returns
     * false if the message will not leave (dropped by a fault or a full queue, or the transport is closed).
     */
    public boolean send(String peer, Map<String, Long> clock, byte[] payload) {
        Link link = links.get(peer);
        if (link == null) {
            throw new IllegalArgumentException(self + " has no peer named " + peer);
        }
        if (closed) {
            return false;
        }
        byte[] bytes = new Frame(self, clock, payload).encode();
        LinkFaults.Decision d = faults.next(peer);
        if (d.delaysMillis().length == 0) {
            faultDrops.incrementAndGet();
            return false;
        }
        if (d.delaysMillis().length > 1) {
            duplicated.incrementAndGet();
        }
        boolean any = false;
        for (long delay : d.delaysMillis()) {
            if (delay > 0) {
                delayed.incrementAndGet();
            }
            if (delay == 0 || delayer == null) {
                any |= link.offer(new Outgoing(bytes, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay)));
            } else {
                try {
                    delayer.schedule(() -> link.offer(new Outgoing(bytes, 0)), delay, TimeUnit.MILLISECONDS);
                    any = true;
                } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                    return false;
                }
            }
        }
        return any;
    }

    /**
     * Waits until every frame queued before this call is written to its socket and flushed (so it leaves even if the
     * process dies now: the kernel still sends what a dead process wrote), or its link is down, or {@code millis}
     * pass. A node that kills itself at a fault point calls it first: the sends before the point happened.
     */
    public void flush(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Link l : links.values()) {
            long target = l.accepted.get();
            while (l.flushed < target && !l.down && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public Stats stats() {
        return new Stats(sent.get(), received.get(), badFrames.get(), queueDrops.get(), faultDrops.get(),
                duplicated.get(), delayed.get(), reconnects.get());
    }

    /** Stops every thread and closes every connection; frames still queued are dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (delayer != null) {
            delayer.shutdownNow();
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
        links.values().forEach(l -> l.queue.close());
        outbound.closeAll().forEach(Transport::closeQuietly);
        inbound.closeAll().forEach(Transport::closeQuietly);
        List<Thread> all;
        synchronized (threads) {
            all = new ArrayList<>(threads);
        }
        for (Thread t : all) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
    }

    // ---- inbound ----------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.accept("accept failed: " + e.getMessage());
                }
                return;
            }
            String key = "?" + connectionIds.incrementAndGet();
            if (inbound.install(key, s) == s) {
                closeQuietly(s);
                return;
            }
            spawn("net-read-" + self + key, () -> readLoop(s, key));
        }
    }

    /** Reads frames until the stream ends, breaks or gets out of step; the first frame names the peer. */
    private void readLoop(Socket s, String key) {
        String peer = null;
        try (s) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            while (!closed) {
                Frame f;
                try {
                    f = Frame.read(in);
                } catch (Frame.BadFrame e) {
                    badFrames.incrementAndGet();
                    log.accept("dropped a frame from " + (peer == null ? "an unnamed peer" : peer) + ": "
                            + e.getMessage());
                    continue;
                }
                if (f == null) {
                    return;
                }
                if (peer == null) {
                    peer = f.sender();
                    inbound.remove(key, s);
                    Socket stale = inbound.install(peer, s);
                    if (stale == s) {
                        return;   // shutting down
                    }
                    if (stale != null) {
                        closeQuietly(stale); // the peer restarted: its old connection is dead
                    }
                }
                received.incrementAndGet();
                receiver.deliver(f);
            }
        } catch (Frame.OutOfStep e) {
            badFrames.incrementAndGet();
            log.accept("closed the connection from " + (peer == null ? "an unnamed peer" : peer) + ": "
                    + e.getMessage());
        } catch (EOFException | SocketException e) {
            // the peer died or closed mid-frame: the frame is lost, as on any broken link
        } catch (IOException e) {
            if (!closed) {
                log.accept("connection from " + (peer == null ? "an unnamed peer" : peer) + " failed: " + e);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.accept("receiver failed on a frame from " + peer + ": " + e);
            }
        } finally {
            inbound.remove(peer == null ? key : peer, s);
        }
    }

    // ---- outbound ---------------------------------------------------------------------------------------------

    /** The outbound side of one peer: its queue and its writer thread. */
    private final class Link {
        final String peer;
        final InetSocketAddress address;
        final SendQueue<Outgoing> queue = new SendQueue<>(settings.queueCapacity());
        final SplittableRandom jitter;

        Link(String peer, InetSocketAddress address, SplittableRandom jitter) {
            this.peer = peer;
            this.address = address;
            this.jitter = jitter;
        }

        /** Frames accepted into the queue, and frames written and flushed to the socket, both since the start. */
        final AtomicLong accepted = new AtomicLong();
        volatile long flushed;
        private long written;

        boolean offer(Outgoing o) {
            if (queue.offer(o)) {
                accepted.incrementAndGet();
                return true;
            }
            if (!queue.isClosed()) {
                queueDrops.incrementAndGet();
            }
            return false;
        }

        private volatile Socket socket;
        private OutputStream out;

        /** When the last flush happened ({@code System.nanoTime()}). */
        private long flushedAt = System.nanoTime();

        /** The last attempt to reach the peer failed (flush does not wait for a peer that is down). */
        volatile boolean down;

        void writeLoop() {
            int attempt = 0;
            boolean reported = false;   // the outage was logged
            try {
                socket = connect();      // at once, so that the first message does not wait for a connect
                if (socket != null) {
                    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                }
            } catch (IOException e) {
                drop();
            }
            try {
                while (!closed) {
                    Outgoing o = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (o == null) {
                        continue;
                    }
                    long wait = o.notBeforeNanos() - System.nanoTime();
                    if (wait > 0) {
                        flush();
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    while (!closed) {
                        if (socket == null) {
                            socket = connect();
                            if (socket == null) {
                                if (!reported) {
                                    log.accept("link to " + peer + " is down; retrying with backoff");
                                    reported = true;
                                }
                                TimeUnit.MILLISECONDS.sleep(settings.backoff().delayMillis(attempt++, jitter));
                                continue;
                            }
                            if (reported) {
                                log.accept("link to " + peer + " is up again");
                                reconnects.incrementAndGet();
                                reported = false;
                            }
                            attempt = 0;
                            try {
                                out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                            } catch (IOException e) {
                                drop();
                                continue;
                            }
                        }
                        try {
                            out.write(o.bytes());
                        } catch (IOException e) {
                            // Broken: drop this connection (only if it is still ours) and write o again after a
                            // reconnect. The peer may have read o already: a duplicate, which every receiver here
                            // tolerates; on a FIFO link a connection only breaks when its job restarts anyway.
                            drop();
                            continue;
                        }
                        sent.incrementAndGet();
                        written++;
                        // Flush when nothing more is waiting, and at least every FLUSH_EVERY frames or 1 ms: a link
                        // kept busy (a TM relaying every new transaction) must not hold frames until 64 KB fill up.
                        if (queue.size() == 0 || written - flushed >= FLUSH_EVERY
                                || System.nanoTime() - flushedAt > 1_000_000) {
                            flush();
                        }
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                drop();
            }
        }

        /**
         * Pushes buffered frames to the socket. A failure drops the connection and the frames still in the buffer:
         * they are lost, as frames in flight are when a peer dies.
         */
        private void flush() {
            if (out != null) {
                try {
                    out.flush();
                    flushed = written;
                    flushedAt = System.nanoTime();
                } catch (IOException e) {
                    drop();
                }
            }
        }

        private void drop() {
            if (socket != null) {
                outbound.remove(peer, socket);
                closeQuietly(socket);
            }
            socket = null;
            out = null;
        }

        /** A new connection to the peer, installed in the table; null if the peer cannot be reached now. */
        private Socket connect() {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(address, settings.connectTimeoutMillis());
            } catch (IOException e) {
                closeQuietly(s);
                down = true;
                return null;
            }
            down = false;
            Socket stale = outbound.install(peer, s);
            if (stale == s) {
                closeQuietly(s);  // shutting down
                return null;
            }
            if (stale != null) {
                closeQuietly(stale);
            }
            // The peer never writes on this connection, so a read returns only when it closes or dies: then the
            // connection is closed here, and the next write fails and reconnects instead of vanishing into a socket
            // whose peer is gone (writes to it succeed until the peer's reset comes back).
            spawn("net-watch-" + self + "-" + peer, () -> {
                try {
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // closed or reset: either way the connection is over
                }
                if (outbound.remove(peer, s)) {
                    closeQuietly(s);
                }
            });
            return s;
        }
    }
}
