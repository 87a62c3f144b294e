package ddm.snapshot;

import ddm.sim.Simulated;
import ddm.sim.Trace;
import ddm.snapshot.Message.Marker;
import ddm.snapshot.Message.Transfer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Chandy–Lamport in the deterministic simulator: the processes of a {@link Graph}, a FIFO queue per channel, the run's
 * {@link History} and the model's transfer bound. The caller chooses every event; each is performed atomically as the
 * spec's action is: the node's step, its outputs appended to their channels in order, the history extended.
 * A refused event changes nothing.
 */
public class SnapshotSimulation implements Simulated<SnapshotEvent> {

    /** Makes the node of one process: how tests put a deliberately broken node into a simulation. */
    @FunctionalInterface
    public interface ProcessFactory {
        BankProcess create(String name, List<Channel> ins, List<Channel> outs, long balance);
    }

    /**
     * The graph, each process's initial balance ({@code InitBalance}), and {@code maxTransfers}, the spec's
     * {@code MaxTransfers}: a bound of the model (the bank could run forever), not of the protocol.
     */
    public record Config(Graph graph, long initBalance, int maxTransfers, ProcessFactory processes) {
        public Config(Graph graph, long initBalance, int maxTransfers) {
            this(graph, initBalance, maxTransfers, BankProcess::new);
        }

        public Config withProcesses(ProcessFactory f) {
            return new Config(graph, initBalance, maxTransfers, f);
        }
    }

    protected final Config config;
    protected final Map<String, BankProcess> nodes = new LinkedHashMap<>();
    protected final Map<Channel, ArrayDeque<Message>> chans = new LinkedHashMap<>();
    private final History history;
    private final Trace trace = new Trace();
    private int transfersSent;

    public SnapshotSimulation(Config config) {
        this.config = config;
        Graph g = config.graph();
        for (String p : g.processes()) {
            nodes.put(p, config.processes().create(p, g.in(p), g.out(p), config.initBalance()));
        }
        for (Channel c : g.channels()) {
            chans.put(c, new ArrayDeque<>());
        }
        history = new History(g.processes());
    }

    // ---- The spec's actions -------------------------------------------------------------------------------------

    /** Implements {@code ChandyLamport!Initiate(p)}: p records its state and sends its markers. */
    public void initiate(String p) {
        BankProcess n = node(p);
        boolean was = n.recorded();
        List<Send> out = n.initiate();
        afterStep(p, was, out);
        trace.add("Initiate(" + p + ")" + show(out));
    }

    /** Implements {@code ChandyLamport!RcvMarker(p, q)}: q receives the marker at the head of p->q. */
    public void rcvMarker(String p, String q) {
        String action = "RcvMarker(" + p + ", " + q + ")";
        Channel c = channel(p, q, action);
        int i = next(c, Marker.class);
        BankProcess n = node(q);
        if (i < 0) {
            throw new ActionRefused(action, "no marker to deliver on " + c + ": " + chans.get(c));
        }
        boolean was = n.recorded();
        List<Send> out = n.rcvMarker(c);
        take(c, i);
        afterStep(q, was, out);
        trace.add(action + show(out));
    }

    /**
     * Implements {@code ChandyLamport!SendTransfer(p, q, amount)}: p sends amount to q, within the model's transfer
     * bound.
     */
    public void sendTransfer(String p, String q, long amount) {
        String action = "SendTransfer(" + p + ", " + q + ", " + amount + ")";
        channel(p, q, action);
        if (transfersSent >= config.maxTransfers()) {
            throw new ActionRefused(action, "the run has sent its " + config.maxTransfers() + " transfers (MaxTransfers)");
        }
        BankProcess n = node(p);
        boolean was = n.recorded();
        List<Send> out = n.sendTransfer(q, amount);
        transfersSent++;
        afterStep(p, was, out);
        trace.add(action + show(out));
    }

    /** Implements {@code ChandyLamport!RcvTransfer(p, q)}: q receives the transfer at the head of p->q. */
    public void rcvTransfer(String p, String q) {
        String action = "RcvTransfer(" + p + ", " + q + ")";
        Channel c = channel(p, q, action);
        int i = next(c, Transfer.class);
        if (i < 0) {
            throw new ActionRefused(action, "no transfer to deliver on " + c + ": " + chans.get(c));
        }
        Transfer t = (Transfer) new ArrayList<>(chans.get(c)).get(i);
        BankProcess n = node(q);
        n.rcvTransfer(c, t);
        take(c, i);
        history.received(c, t);
        trace.add(action + " " + t);
    }

    // ---- The network ---------------------------------------------------------------------------------------------

    /**
     * The position in c of the message of {@code kind} to deliver next, or -1 if none may be delivered: FIFO, so only
     * the head, and only if it is of that kind. (Test code overrides this to break FIFO order.)
     */
    protected int next(Channel c, Class<? extends Message> kind) {
        Message head = chans.get(c).peekFirst();
        return kind.isInstance(head) ? 0 : -1;
    }

    private Message take(Channel c, int index) {
        ArrayDeque<Message> q = chans.get(c);
        if (index == 0) {
            return q.pollFirst();
        }
        Iterator<Message> it = q.iterator();
        for (int k = 0; k < index; k++) {
            it.next();
        }
        Message m = it.next();
        it.remove();
        return m;
    }

    private void afterStep(String p, boolean wasRecorded, List<Send> out) {
        if (!wasRecorded && nodes.get(p).recorded()) {
            history.recorded(p);
        }
        for (Send s : out) {
            ArrayDeque<Message> q = chans.get(s.channel());
            if (q == null) {
                throw new IllegalStateException(p + " sent on " + s.channel() + ", which is not a channel");
            }
            q.addLast(s.message());
            if (s.message() instanceof Transfer t) {
                history.sent(s.channel(), t);
            }
        }
    }

    private Channel channel(String p, String q, String action) {
        Channel c = new Channel(p, q);
        if (!chans.containsKey(c)) {
            throw new ActionRefused(action, "there is no channel " + c);
        }
        return c;
    }

    private static String show(List<Send> out) {
        return out.isEmpty() ? "" : " -> " + out;
    }

    // ---- Simulated -----------------------------------------------------------------------------------------------

    @Override
    public List<SnapshotEvent> enabled() {
        List<SnapshotEvent> out = new ArrayList<>();
        for (BankProcess n : nodes.values()) {
            if (!n.recorded()) {
                out.add(new SnapshotEvent.Initiate(n.name()));
            }
        }
        for (Channel c : chans.keySet()) {
            if (next(c, Marker.class) >= 0) {
                out.add(new SnapshotEvent.RcvMarker(c.from(), c.to()));
            }
            if (next(c, Transfer.class) >= 0) {
                out.add(new SnapshotEvent.RcvTransfer(c.from(), c.to()));
            }
            if (transfersSent < config.maxTransfers()) {
                for (long a = 1; a <= nodes.get(c.from()).balance(); a++) {
                    out.add(new SnapshotEvent.SendTransfer(c.from(), c.to(), a));
                }
            }
        }
        return out;
    }

    @Override
    public void step(SnapshotEvent event) {
        if (event instanceof SnapshotEvent.Initiate e) {
            initiate(e.p());
        } else if (event instanceof SnapshotEvent.RcvMarker e) {
            rcvMarker(e.p(), e.q());
        } else if (event instanceof SnapshotEvent.SendTransfer e) {
            sendTransfer(e.p(), e.q(), e.amount());
        } else if (event instanceof SnapshotEvent.RcvTransfer e) {
            rcvTransfer(e.p(), e.q());
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    @Override
    public Trace trace() {
        return trace;
    }

    // ---- Views ---------------------------------------------------------------------------------------------------

    public Config config() {
        return config;
    }

    public Graph graph() {
        return config.graph();
    }

    public BankProcess node(String p) {
        BankProcess n = nodes.get(p);
        if (n == null) {
            throw new IllegalArgumentException("no process named " + p);
        }
        return n;
    }

    /** The messages in flight on c, oldest first. */
    public List<Message> inFlight(Channel c) {
        return List.copyOf(chans.get(c));
    }

    public History history() {
        return history;
    }

    public int transfersSent() {
        return transfersSent;
    }

    /** Every process recorded and every channel's marker arrived (the spec's {@code SnapshotComplete}). */
    public boolean snapshotComplete() {
        return nodes.values().stream().allMatch(BankProcess::locallyDone);
    }

    /** The finished snapshot gathered from the processes, once it is complete. */
    public Optional<GlobalSnapshot> snapshot() {
        if (!snapshotComplete()) {
            return Optional.empty();
        }
        Map<String, Long> balances = new TreeMap<>();
        Map<Channel, List<Transfer>> channels = new TreeMap<>();
        for (BankProcess n : nodes.values()) {
            balances.put(n.name(), n.recordedBalance());
            for (Channel c : n.ins()) {
                channels.put(c, n.recorder(c).state());
            }
        }
        return Optional.of(new GlobalSnapshot(balances, channels));
    }

    /** Money held by the processes and in flight now: always the initial total. */
    public long money() {
        long total = 0;
        for (BankProcess n : nodes.values()) {
            total += n.balance();
        }
        for (ArrayDeque<Message> q : chans.values()) {
            for (Message m : q) {
                if (m instanceof Transfer t) {
                    total += t.amount();
                }
            }
        }
        return total;
    }
}
