package ddm.snapshot;

import ddm.snapshot.Message.Marker;
import ddm.snapshot.Message.Transfer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The conformance view of ChandyLamportRepeated.tla: the {@link RepeatedBankProcess}es of a {@link Graph} with a FIFO
 * queue per channel and the run's history, one public method per spec action (each performs exactly that step or
 * refuses it, {@link ActionRefused}, with nothing changed), and {@link #abstraction()}, the spec's eight variables as
 * plain values. The node processes of {@code ddm.runtime} run the same {@link RepeatedBankProcess}; this class is
 * how the harness holds it to the spec.
 */
public final class RepeatedSnapshotSystem {

    /** Makes the node of one process: how tests put a deliberately broken one under the harness. */
    @FunctionalInterface
    public interface Processes {
        RepeatedBankProcess create(String name, List<Channel> ins, List<Channel> outs, long balance);
    }

    private final Graph graph;
    private final long initBalance;
    private final int maxTransfers, maxSnapshots;
    private final Map<String, RepeatedBankProcess> nodes = new LinkedHashMap<>();
    private final Map<Channel, ArrayDeque<Message>> chans = new LinkedHashMap<>();
    private final Map<String, List<History.Event>> hist = new LinkedHashMap<>();
    /** cut[s][p]: the length of p's history when it recorded s. */
    private final Map<Long, Map<String, Long>> cut = new TreeMap<>();
    private int transfersSent;

    /** A bank on {@code graph}, {@code initBalance} each, within the model's bounds MaxTransfers and MaxSnapshots. */
    public RepeatedSnapshotSystem(Graph graph, long initBalance, int maxTransfers, int maxSnapshots,
                                  Processes processes) {
        this.graph = graph;
        this.initBalance = initBalance;
        this.maxTransfers = maxTransfers;
        this.maxSnapshots = maxSnapshots;
        for (String p : graph.processes()) {
            nodes.put(p, processes.create(p, graph.in(p), graph.out(p), initBalance));
            hist.put(p, new ArrayList<>());
        }
        graph.channels().forEach(c -> chans.put(c, new ArrayDeque<>()));
    }

    public RepeatedSnapshotSystem(Graph graph, long initBalance, int maxTransfers, int maxSnapshots) {
        this(graph, initBalance, maxTransfers, maxSnapshots, RepeatedBankProcess::new);
    }

    /** Implements {@code ChandyLamportRepeated!Initiate(p)}, within MaxSnapshots. */
    public void initiate(String p) {
        RepeatedBankProcess n = node(p);
        if (n.recorded() >= maxSnapshots) {
            throw new ActionRefused("Initiate(" + p + ")", p + " recorded the run's " + maxSnapshots
                    + " snapshots (MaxSnapshots)");
        }
        long before = n.recorded();
        List<Send> out = n.initiate();
        after(p, before, out);
    }

    /** Implements {@code ChandyLamportRepeated!RcvMarker(p, q)}: q takes the marker at the head of p->q. */
    public void rcvMarker(String p, String q) {
        String action = "RcvMarker(" + p + ", " + q + ")";
        Channel c = channel(p, q, action);
        if (!(chans.get(c).peek() instanceof Marker m)) {
            throw new ActionRefused(action, "no marker at the head of " + c + ": " + chans.get(c));
        }
        RepeatedBankProcess n = node(q);
        long before = n.recorded();
        List<Send> out = n.rcvMarker(c, m);
        chans.get(c).poll();
        after(q, before, out);
    }

    /** Implements {@code ChandyLamportRepeated!SendTransfer(p, q, amount)}, within MaxTransfers. */
    public void sendTransfer(String p, String q, long amount) {
        String action = "SendTransfer(" + p + ", " + q + ", " + amount + ")";
        channel(p, q, action);
        if (transfersSent >= maxTransfers) {
            throw new ActionRefused(action, "the run has sent its " + maxTransfers + " transfers (MaxTransfers)");
        }
        RepeatedBankProcess n = node(p);
        long before = n.recorded();
        List<Send> out = n.sendTransfer(q, amount);
        transfersSent++;
        for (Send s : out) {
            if (s.message() instanceof Transfer t) {
                hist.get(p).add(new History.Event("send", q, t.id(), t.amount()));
            }
        }
        after(p, before, out);
    }

    /** Implements {@code ChandyLamportRepeated!RcvTransfer(p, q)}: q takes the transfer at the head of p->q. */
    public void rcvTransfer(String p, String q) {
        String action = "RcvTransfer(" + p + ", " + q + ")";
        Channel c = channel(p, q, action);
        if (!(chans.get(c).peek() instanceof Transfer t)) {
            throw new ActionRefused(action, "no transfer at the head of " + c + ": " + chans.get(c));
        }
        RepeatedBankProcess n = node(q);
        long before = n.recorded();
        n.rcvTransfer(c, t);
        chans.get(c).poll();
        hist.get(q).add(new History.Event("recv", p, t.id(), t.amount()));
        after(q, before, List.of());
    }

    /** A step's outputs enter their channels in order; if p recorded new snapshots, its cut of each is now. */
    private void after(String p, long recordedBefore, List<Send> out) {
        for (Send s : out) {
            if (!s.channel().from().equals(p) || !chans.containsKey(s.channel())) {
                throw new IllegalStateException(p + " sent on " + s.channel() + ", not one of its channels");
            }
            chans.get(s.channel()).add(s.message());
        }
        for (long s = recordedBefore + 1; s <= node(p).recorded(); s++) {
            cut.computeIfAbsent(s, k -> new TreeMap<>()).put(p, (long) hist.get(p).size());
        }
    }

    private RepeatedBankProcess node(String p) {
        RepeatedBankProcess n = nodes.get(p);
        if (n == null) {
            throw new ActionRefused("a step of " + p, p + " is not a process of " + graph);
        }
        return n;
    }

    private Channel channel(String p, String q, String action) {
        Channel c = p.equals(q) ? null : new Channel(p, q);
        if (c == null || !chans.containsKey(c)) {
            throw new ActionRefused(action, "no channel " + p + "->" + q);
        }
        return c;
    }

    /** The spec's variables, in {@link #VARIABLES}' order; functions of snapshots over 1..MaxSnapshots. */
    public Map<String, Object> abstraction() {
        Map<String, Object> balance = new TreeMap<>(), recorded = new TreeMap<>(), histSpec = new TreeMap<>();
        Map<Object, Object> chan = new LinkedHashMap<>();
        Map<Long, Object> procSnap = new TreeMap<>(), chanSnap = new TreeMap<>(), chanDone = new TreeMap<>(),
                cutSpec = new TreeMap<>();
        nodes.forEach((p, n) -> {
            balance.put(p, n.balance());
            recorded.put(p, n.recorded());
            histSpec.put(p, hist.get(p).stream().map(History.Event::spec).toList());
        });
        chans.forEach((c, q) -> chan.put(c.spec(), q.stream().map(Message::spec).toList()));
        for (long s = 1; s <= maxSnapshots; s++) {
            Map<String, Object> ps = new TreeMap<>(), cs = new TreeMap<>();
            Map<Object, Object> ch = new LinkedHashMap<>();
            Set<Object> done = new LinkedHashSet<>();
            for (String p : graph.processes()) {
                RepeatedBankProcess.Part part = nodes.get(p).part(s).orElse(null);
                ps.put(p, part == null ? 0L : part.balance());
                cs.put(p, cut.getOrDefault(s, Map.of()).getOrDefault(p, 0L));
            }
            for (Channel c : graph.channels()) {
                RepeatedBankProcess.Part part = nodes.get(c.to()).part(s).orElse(null);
                ch.put(c.spec(), part == null ? List.of()
                        : part.channels().get(c).stream().map(Message::spec).toList());
                if (part != null && part.done().contains(c)) {
                    done.add(c.spec());
                }
            }
            procSnap.put(s, ps);
            chanSnap.put(s, ch);
            chanDone.put(s, done);
            cutSpec.put(s, cs);
        }
        return ChandyLamportSystem.state(balance, chan, recorded, procSnap, chanSnap, chanDone, histSpec, cutSpec);
    }

    /** The spec's variable names, in the order {@link #abstraction()} gives them: ChandyLamport's. */
    public static final List<String> VARIABLES = ChandyLamportSystem.VARIABLES;
}
