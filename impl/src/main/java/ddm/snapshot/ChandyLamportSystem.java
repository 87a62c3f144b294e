package ddm.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The conformance view of ChandyLamport.tla: one public method per spec action, with the spec's parameters, each
 * performing exactly that step in a {@link SnapshotSimulation} or refusing it ({@link ActionRefused}, nothing
 * changed); and {@link #abstraction()}, the spec's eight variables as plain values. The harness drives the
 * implementation only through this class.
 */
public final class ChandyLamportSystem {

    private final SnapshotSimulation sim;

    public ChandyLamportSystem(SnapshotSimulation sim) {
        this.sim = sim;
    }

    public SnapshotSimulation simulation() {
        return sim;
    }

    /** Implements {@code ChandyLamport!Initiate(p)}. */
    public void initiate(String p) {
        sim.initiate(p);
    }

    /** Implements {@code ChandyLamport!RcvMarker(p, q)}. */
    public void rcvMarker(String p, String q) {
        sim.rcvMarker(p, q);
    }

    /** Implements {@code ChandyLamport!SendTransfer(p, q, amount)}. */
    public void sendTransfer(String p, String q, long amount) {
        sim.sendTransfer(p, q, amount);
    }

    /** Implements {@code ChandyLamport!RcvTransfer(p, q)}. */
    public void rcvTransfer(String p, String q) {
        sim.rcvTransfer(p, q);
    }

    /**
     * The abstraction function of {@code ChandyLamport}. {@code balance}, {@code procSnap} (0 until recorded) and
     * {@code recorded} from the nodes; {@code chan} from the simulator's channels; {@code chanSnap} and
     * {@code chanDone} from each receiver's {@link ChannelRecorder}; {@code hist} and {@code cut} from the simulator's
     * {@link History}. A channel is the tuple {@code <<p, q>>}, a message or event the record the spec writes.
     */
    public Map<String, Object> abstraction() {
        return abstraction(sim.graph(), sim::node, sim::inFlight, sim.history().histSpec(), sim.history().cutSpec());
    }

    /**
     * The spec's variables of a bank on {@code graph} whose processes are {@code nodes}, with {@code inFlight} on each
     * channel and the history variables {@code hist} and {@code cut} (as the spec writes them) kept by whoever watched
     * the run: the simulator here, a recorder of threaded runs elsewhere. One abstraction for both, so that they
     * cannot come to disagree about what the spec's state is.
     */
    public static Map<String, Object> abstraction(Graph graph, Function<String, BankProcess> nodes,
                                                  Function<Channel, List<Message>> inFlight, Object hist, Object cut) {
        Map<String, Object> balance = new TreeMap<>(), procSnap = new TreeMap<>();
        TreeSet<String> recorded = new TreeSet<>();
        Map<Object, Object> chan = new LinkedHashMap<>(), chanSnap = new LinkedHashMap<>();
        java.util.Set<Object> chanDone = new java.util.LinkedHashSet<>();
        for (String p : graph.processes()) {
            BankProcess n = nodes.apply(p);
            balance.put(p, n.balance());
            procSnap.put(p, n.recordedBalance());
            if (n.recorded()) {
                recorded.add(p);
            }
        }
        for (Channel c : graph.channels()) {
            chan.put(c.spec(), inFlight.apply(c).stream().map(Message::spec).toList());
            ChannelRecorder r = nodes.apply(c.to()).recorder(c);
            chanSnap.put(c.spec(), r.state().stream().map(Message::spec).toList());
            if (r.done()) {
                chanDone.add(c.spec());
            }
        }
        return state(balance, chan, recorded, procSnap, chanSnap, chanDone, hist, cut);
    }

    /**
     * The spec's state from its variables' values, given in {@link #VARIABLES}' order: ChandyLamport's eight, which
     * ChandyLamportRepeated keeps (there indexed by snapshot), so both abstractions build it here.
     */
    static Map<String, Object> state(Object... values) {
        if (values.length != VARIABLES.size()) {
            throw new IllegalArgumentException(values.length + " values for the " + VARIABLES.size() + " variables");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            vars.put(VARIABLES.get(i), values[i]);
        }
        return Collections.unmodifiableMap(vars);
    }

    /** The spec's variable names, in the order {@link #abstraction()} gives them. */
    public static final List<String> VARIABLES =
            List.of("balance", "chan", "recorded", "procSnap", "chanSnap", "chanDone", "hist", "cut");
}
