package ddm.snapshot;

import ddm.snapshot.Message.Marker;
import ddm.snapshot.Message.Transfer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bank and its snapshot on threads: the same {@link BankProcess} nodes as the simulator, one thread each. A
 * process's inbox is an unbounded FIFO queue; the channel p->q is p's thread appending to q's inbox, so each channel
 * is FIFO and reliable, as the spec's are. Only the drivers here touch clocks and randomness: each process sends
 * {@code transfersPerSecond} transfers a second (0: none), each of a random amount up to {@code maxAmount} to a random
 * neighbour, from a seeded {@link Random}.
 *
 * <p>One snapshot per runtime (ChandyLamport.tla's one snapshot): {@link #snapshot} asks the initiators to
 * {@code Initiate}; the future completes when every process has recorded and every channel's marker has arrived,
 * with the {@link GlobalSnapshot} gathered from the processes. {@link #progress} reads the channel recorders from the
 * caller's thread while the processes record: that is where the {@link ChannelRecorder} is shared between threads.
 */
public final class SnapshotRuntime implements AutoCloseable {

    /** Each process's initial balance, its transfer rate and largest amount, and the seed of the transfer choices. */
    public record Config(long initBalance, double transfersPerSecond, long maxAmount, long seed) {
        public Config {
            if (initBalance < 0 || transfersPerSecond < 0 || maxAmount < 1) {
                throw new IllegalArgumentException("bad runtime settings: " + this);
            }
        }
    }

    private sealed interface Input {
        record Deliver(Channel channel, Message message) implements Input { }

        record Initiate() implements Input { }

        record Stop() implements Input { }
    }

    /** What a process reports once its part is finished: its recorded balance and incoming channel states. */
    private record LocalSnapshot(long balance, Map<Channel, List<Transfer>> channels) { }

    private final Graph graph;
    private final Config config;
    private final Map<String, Driver> drivers = new LinkedHashMap<>();
    private final Map<String, LocalSnapshot> parts = new ConcurrentHashMap<>();
    /**
     * How many processes have reported. The last to report assembles the snapshot; it is found by this counter, not by
     * {@code parts.size()}, which ConcurrentHashMap defines only as an estimate while other threads update the map.
     */
    private final AtomicInteger reportedCount = new AtomicInteger();
    private final CompletableFuture<GlobalSnapshot> done = new CompletableFuture<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong transfersSent = new AtomicLong();
    private volatile boolean snapshotAsked;
    private final long maxTransfers;

    /** Starts one thread per process of {@code graph}. */
    public SnapshotRuntime(Graph graph, Config config) {
        this(graph, config, BankProcess::new, Long.MAX_VALUE);
    }

    /**
     * As {@link #SnapshotRuntime(Graph, Config)}, with the processes built by {@code processes} (how a recorder sees
     * them, and how a test builds a broken one) and at most {@code maxTransfers} transfers in the whole run (a model's
     * MaxTransfers, so that a recorded run stays inside the model's bounds).
     */
    public SnapshotRuntime(Graph graph, Config config, SnapshotSimulation.ProcessFactory processes, long maxTransfers) {
        this.graph = graph;
        this.config = config;
        this.maxTransfers = maxTransfers;
        int i = 0;
        for (String p : graph.processes()) {
            drivers.put(p, new Driver(processes.create(p, graph.in(p), graph.out(p), config.initBalance()),
                    new Random(config.seed() * 1_000_003L + i++)));
        }
        drivers.forEach((p, d) -> {
            d.thread = new Thread(d, "snapshot-" + p);
            d.thread.setDaemon(true);
        });
        drivers.values().forEach(d -> d.thread.start());
    }

    /** Asks each of {@code initiators} to initiate the snapshot; the future completes with the finished snapshot. */
    public synchronized CompletableFuture<GlobalSnapshot> snapshot(List<String> initiators) {
        if (snapshotAsked) {
            throw new IllegalStateException("this runtime takes one snapshot");
        }
        snapshotAsked = true;
        for (String p : initiators) {
            driver(p).inbox.add(new Input.Initiate());
        }
        return done;
    }

    /** How many channels have their final state, and how many transfers are recorded so far (read concurrently). */
    public long[] progress() {
        long channelsDone = 0, recorded = 0;
        for (Driver d : drivers.values()) {
            for (Channel c : d.node.ins()) {
                ChannelRecorder r = d.node.recorder(c);
                channelsDone += r.done() ? 1 : 0;
                recorded += r.state().size();
            }
        }
        return new long[] {channelsDone, recorded};
    }

    /**
     * What each process is doing, for a run that did not finish: whether it reported its part, how many inputs wait in
     * its inbox, and its thread's state (read concurrently; a diagnosis, not a consistent cut).
     */
    public String status() {
        StringBuilder sb = new StringBuilder();
        drivers.forEach((p, d) -> sb.append(sb.length() == 0 ? "" : "; ").append(p)
                .append(parts.containsKey(p) ? " reported" : " not reported").append(", inbox ").append(d.inbox.size())
                .append(", thread ").append(d.thread.getState()));
        return sb.toString();
    }

    public long transfersSent() {
        return transfersSent.get();
    }

    /**
     * Stops every process after the messages already in its inbox and waits for the threads; returns the money the
     * processes hold plus the transfers still in their inboxes (the bank's total, if nothing was lost or created).
     */
    @Override
    public void close() throws InterruptedException {
        for (Driver d : drivers.values()) {
            d.stopping = true;
        }
        for (Driver d : drivers.values()) {
            d.inbox.add(new Input.Stop());
        }
        for (Driver d : drivers.values()) {
            d.thread.join();
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a process failed", t);
        }
    }

    /** After {@link #close}: money held by the processes and in flight. */
    public long money() {
        long total = 0;
        for (Driver d : drivers.values()) {
            total += d.node.balance();
            for (Input in : d.inbox) {
                if (in instanceof Input.Deliver del && del.message() instanceof Transfer t) {
                    total += t.amount();
                }
            }
        }
        return total;
    }

    private Driver driver(String p) {
        Driver d = drivers.get(p);
        if (d == null) {
            throw new IllegalArgumentException("no process named " + p);
        }
        return d;
    }

    private final class Driver implements Runnable {
        final BankProcess node;
        final Random random;
        final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
        Thread thread;
        volatile boolean stopping;
        boolean reported;

        Driver(BankProcess node, Random random) {
            this.node = node;
            this.random = random;
        }

        @Override
        public void run() {
            try {
                long periodNanos = config.transfersPerSecond() > 0 ? (long) (1e9 / config.transfersPerSecond()) : Long.MAX_VALUE;
                long nextTransfer = System.nanoTime() + (periodNanos == Long.MAX_VALUE ? 0 : random.nextLong(periodNanos));
                while (true) {
                    long wait = periodNanos == Long.MAX_VALUE || stopping ? Long.MAX_VALUE : nextTransfer - System.nanoTime();
                    Input in = wait == Long.MAX_VALUE ? inbox.take() : inbox.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                    if (in instanceof Input.Stop) {
                        return;
                    }
                    if (in != null) {
                        handle(in);
                    }
                    if (!stopping && periodNanos != Long.MAX_VALUE && System.nanoTime() >= nextTransfer) {
                        maybeTransfer();
                        nextTransfer += periodNanos;
                    }
                    maybeReport();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                done.completeExceptionally(t);
            }
        }

        private void handle(Input in) {
            if (in instanceof Input.Initiate) {
                if (!node.recorded()) {
                    send(node.initiate());
                }
            } else if (in instanceof Input.Deliver d) {
                if (d.message() instanceof Marker) {
                    send(node.rcvMarker(d.channel()));
                } else {
                    node.rcvTransfer(d.channel(), (Transfer) d.message());
                }
            }
        }

        private void maybeTransfer() {
            List<Channel> outs = node.outs();
            if (node.balance() == 0 || outs.isEmpty()) {
                return;
            }
            if (transfersSent.getAndUpdate(n -> n < maxTransfers ? n + 1 : n) >= maxTransfers) {
                return;
            }
            Channel c = outs.get(random.nextInt(outs.size()));
            long amount = 1 + random.nextLong(Math.min(node.balance(), config.maxAmount()));
            send(node.sendTransfer(c.to(), amount));
        }

        private void send(List<Send> out) {
            for (Send s : out) {
                driver(s.channel().to()).inbox.add(new Input.Deliver(s.channel(), s.message()));
            }
        }

        private void maybeReport() {
            if (reported || !node.locallyDone()) {
                return;
            }
            reported = true;
            Map<Channel, List<Transfer>> channels = new TreeMap<>();
            for (Channel c : node.ins()) {
                channels.put(c, node.recorder(c).state());
            }
            parts.put(node.name(), new LocalSnapshot(node.recordedBalance(), channels));
            if (reportedCount.incrementAndGet() == drivers.size()) {
                Map<String, Long> balances = new TreeMap<>();
                Map<Channel, List<Transfer>> all = new TreeMap<>();
                parts.forEach((p, part) -> {
                    balances.put(p, part.balance());
                    all.putAll(part.channels());
                });
                done.complete(new GlobalSnapshot(balances, all));
            }
        }
    }

    /** The processes, for tests: their names in order. */
    public List<String> processes() {
        return new ArrayList<>(graph.processes());
    }
}
