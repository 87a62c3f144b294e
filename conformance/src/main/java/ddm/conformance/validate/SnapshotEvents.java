package ddm.conformance.validate;

import ddm.conformance.events.EventModel;
import ddm.snapshot.BankProcess;
import ddm.snapshot.Channel;
import ddm.snapshot.History;
import ddm.snapshot.Message.Transfer;
import ddm.snapshot.Send;
import ddm.snapshot.SnapshotSimulation;
import ddm.trace.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records a threaded Chandy–Lamport run as per-node logs of {@code ChandyLamport.tla}'s steps: the per-node
 * counterpart of {@link SnapshotRecorder}, with the same actions and parameters. Process p logs what it owns:
 * {@code balance[p]}, {@code procSnap[p]}, its history {@code hist[p]} and {@code cut[p]} (kept here from its own
 * sends and receives, as the recorder under the lock keeps them), and {@code chanSnap[c]} of each channel c into p
 * (its channel recorders live at p). {@code chan}, {@code recorded} and {@code chanDone} are the search's to fill.
 *
 * <p>Channels are FIFO, so the k-th message received on a channel is the k-th sent on it: that pair is the message
 * edge ({@code from}), markers and transfers alike.
 */
public final class SnapshotEvents extends NodeEvents {

    /** PARTIAL logs the balances and the recorded balances only. Processes do not crash here; chan is the network. */
    public static final EventModel MODEL = new EventModel(Set.of(), Set.of(), Set.of(), Set.of("chan"),
            Set.of("balance", "procSnap"));

    /** One process's own bookkeeping, touched by its thread only. */
    private static final class Own {
        final List<Object> hist = new ArrayList<>();
        long cut;
        boolean recordedSeen;
        final Map<Channel, Long> sent = new HashMap<>(), received = new HashMap<>();
    }

    private final Map<String, Own> own = new ConcurrentHashMap<>();
    private final AtomicLong sentTotal = new AtomicLong(), receivedTotal = new AtomicLong();

    /** {@code base}'s processes, registered as they are built: pass this to the runtime. */
    public SnapshotSimulation.ProcessFactory processes(SnapshotSimulation.ProcessFactory base) {
        return (name, ins, outs, balance) -> {
            BankProcess n = base.create(name, ins, outs, balance);
            own.put(name, new Own());
            register(n, name);
            return n;
        };
    }

    /** Whether every message sent so far has been received (a harness's reading, not part of the logs). */
    public boolean quiet() {
        return sentTotal.get() == receivedTotal.get();
    }

    @Override
    protected Step describe(Object node, String name, String method, Object[] args, Object returned) {
        String action = SnapshotRecorder.ACTIONS.get(method);
        if (action == null) return null;
        BankProcess n = (BankProcess) node;
        Own o = own.get(name);
        Map<String, Object> params = new LinkedHashMap<>();
        List<Object> received = new ArrayList<>(), consumed = new ArrayList<>();
        switch (method) {
            case "initiate" -> params.put("p", name);
            case "rcvMarker", "rcvTransfer" -> {
                Channel c = (Channel) args[0];
                params.put("p", c.from());
                params.put("q", c.to());
                consumed.add(List.of(c, o.received.merge(c, 1L, Long::sum)));
                receivedTotal.incrementAndGet();
                if (args.length > 1 && args[1] instanceof Transfer t) {
                    received.add(t.spec());
                    o.hist.add(new History.Event("recv", c.from(), t.id(), t.amount()).spec());
                }
            }
            case "sendTransfer" -> {
                params.put("p", name);
                params.put("q", args[0]);
                params.put("amount", args[1]);
            }
            default -> {
            }
        }
        List<Object> sent = new ArrayList<>(), sentKeys = new ArrayList<>();
        if (returned instanceof List<?> out) {
            for (Object x : out) {
                Send s = (Send) x;
                sent.add(s.message().spec());
                sentKeys.add(List.of(s.channel(), o.sent.merge(s.channel(), 1L, Long::sum)));
                sentTotal.incrementAndGet();
                if (s.message() instanceof Transfer t) {
                    o.hist.add(new History.Event("send", s.channel().to(), t.id(), t.amount()).spec());
                }
            }
        }
        if (n.recorded() && !o.recordedSeen) {
            o.recordedSeen = true;
            o.cut = o.hist.size();
        }
        List<Var> vars = new ArrayList<>(List.of(Var.at("balance", name, n.balance()),
                Var.at("procSnap", name, n.recordedBalance()), Var.at("hist", name, List.copyOf(o.hist)),
                Var.at("cut", name, o.cut)));
        for (Channel c : n.ins()) {
            vars.add(Var.at("chanSnap", c.spec(), n.recorder(c).state().stream().map(m -> m.spec()).toList()));
        }
        return new Step(action, params, null, vars, sent, received, sentKeys, consumed);
    }
}
