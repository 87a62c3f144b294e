package ddm.conformance.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.snapshot.BankProcess;
import ddm.snapshot.Channel;
import ddm.snapshot.ChannelRecorder;
import ddm.snapshot.ChandyLamportSystem;
import ddm.snapshot.Graph;
import ddm.snapshot.History;
import ddm.snapshot.Message;
import ddm.snapshot.Message.Transfer;
import ddm.snapshot.Send;
import ddm.snapshot.SnapshotSimulation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records a threaded run of {@code ddm.snapshot.SnapshotRuntime} as one trace of {@code ChandyLamport.tla} (the whole
 * run is one behaviour: one snapshot, one bank).
 *
 * <p>Each step is an advised {@link BankProcess} action method that returned (table {@link #ACTIONS}), labelled with
 * the spec's parameters: {@code Initiate(p)} (p the process), {@code RcvMarker(p, q)} and {@code RcvTransfer(p, q)}
 * (the channel p->q it was called for), {@code SendTransfer(p, q, amount)}. The state after it is the spec's eight
 * variables, as {@link ChandyLamportSystem#abstraction()} defines them for the simulator:
 * <ul>
 *   <li>{@code balance}, {@code recorded}, {@code procSnap}, {@code chanSnap}, {@code chanDone}: read from the nodes
 *       and their {@link ChannelRecorder}s;
 *   <li>{@code chan}: what the steps put on each channel (the {@link Send}s they returned, in order) less what the
 *       receiving steps took off it. A receive takes the message it was given, wherever it is in the channel: a
 *       runtime that delivered out of order would show as a state the spec's head-only receive does not reach;
 *   <li>{@code hist}, {@code cut}: the transfers each process sent and received, in step order, as
 *       {@link History.Event}s, and the length of that history when the process recorded.
 * </ul>
 * A receive of a message that is not in its channel at all is a problem of the run ({@link #problems}).
 */
public final class SnapshotRecorder implements Recording.Sink {

    /** Advised method name to spec action name. */
    public static final Map<String, String> ACTIONS = Map.of(
            "initiate", "Initiate", "rcvMarker", "RcvMarker", "sendTransfer", "SendTransfer",
            "rcvTransfer", "RcvTransfer");

    /** Advises the bank process class and its subclasses (once per JVM). */
    public static void advise() {
        Recording.advise(BankProcess.class, ACTIONS.keySet());
    }

    private final Graph graph;
    private final Map<Object, String> owned = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, BankProcess> nodes = Collections.synchronizedMap(new TreeMap<>());
    private final Map<Channel, List<Message>> chan = new TreeMap<>();
    private final Map<String, List<History.Event>> hist = new TreeMap<>();
    private final Map<String, Long> cut = new TreeMap<>();
    private final Set<String> recordedSeen = new HashSet<>();
    private final List<Map<String, Object>> states = new ArrayList<>();
    private final List<Label> steps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public SnapshotRecorder(Graph graph) {
        this.graph = graph;
        for (Channel c : graph.channels()) chan.put(c, new ArrayList<>());
        for (String p : graph.processes()) {
            hist.put(p, new ArrayList<>());
            cut.put(p, 0L);
        }
    }

    /**
     * {@code base}'s processes, registered with this recorder as they are built: pass this to the runtime. Once the
     * last one is built (before the runtime starts its threads), the initial state is recorded.
     */
    public SnapshotSimulation.ProcessFactory processes(SnapshotSimulation.ProcessFactory base) {
        return (name, ins, outs, balance) -> {
            BankProcess n = base.create(name, ins, outs, balance);
            owned.put(n, name);
            nodes.put(name, n);
            if (nodes.size() == graph.processes().size()) {
                synchronized (this) {
                    states.add(abstraction());
                }
            }
            return n;
        };
    }

    @Override
    public boolean owns(Object node) {
        return owned.containsKey(node);
    }

    @Override
    public synchronized void step(Object node, String method, Object[] args, Object returned) {
        String action = ACTIONS.get(method);
        if (action == null) return;
        String who = owned.get(node);
        Map<String, Object> params = new LinkedHashMap<>();
        switch (method) {
            case "initiate" -> params.put("p", who);
            case "rcvMarker" -> {
                Channel c = (Channel) args[0];
                params.put("p", c.from());
                params.put("q", c.to());
                take(c, m -> m instanceof Message.Marker, "a marker");
            }
            case "sendTransfer" -> {
                params.put("p", who);
                params.put("q", args[0]);
                params.put("amount", args[1]);
            }
            case "rcvTransfer" -> {
                Channel c = (Channel) args[0];
                Transfer t = (Transfer) args[1];
                params.put("p", c.from());
                params.put("q", c.to());
                take(c, t::equals, t.toString());
                hist.get(c.to()).add(new History.Event("recv", c.from(), t.id(), t.amount()));
            }
            default -> { }
        }
        if (returned instanceof List<?> out) {
            for (Object o : out) {
                Send s = (Send) o;
                chan.get(s.channel()).add(s.message());
                if (s.message() instanceof Transfer t) {
                    hist.get(s.channel().from()).add(new History.Event("send", s.channel().to(), t.id(), t.amount()));
                }
            }
        }
        BankProcess n = nodes.get(who);
        if (n.recorded() && recordedSeen.add(who)) cut.put(who, (long) hist.get(who).size());
        steps.add(new Label(action, params));
        states.add(abstraction());
    }

    private void take(Channel c, java.util.function.Predicate<Message> which, String what) {
        List<Message> q = chan.get(c);
        for (int i = 0; i < q.size(); i++) {
            if (which.test(q.get(i))) {
                q.remove(i);
                return;
            }
        }
        problems.add("step " + (steps.size() + 1) + ": " + c + " received " + what + " that is not in the channel "
                + q);
    }

    /**
     * The spec's variables now (called with the recording lock held, or before the threads start): the simulator's
     * abstraction, over this recorder's channels and histories.
     */
    private Map<String, Object> abstraction() {
        Map<String, Object> histV = new LinkedHashMap<>();
        hist.forEach((p, es) -> histV.put(p, es.stream().map(History.Event::spec).toList()));
        return Values.canonicalState(ChandyLamportSystem.abstraction(graph, nodes::get, chan::get, histV,
                new TreeMap<>(cut)));
    }

    /** Steps recorded so far. */
    public synchronized int steps() {
        return steps.size();
    }

    /** Whether every channel is empty in the last recorded state (nothing in flight). */
    public synchronized boolean quiet() {
        return chan.values().stream().allMatch(List::isEmpty);
    }

    /** Receives of messages that were never in their channel. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** The run as one ITF trace, with the model's {@code constants}; call after the run. */
    public synchronized ItfTrace trace(Map<String, Object> constants, String source) {
        List<String> vars = ChandyLamportSystem.VARIABLES;
        List<ObjectNode> json = new ArrayList<>();
        for (Map<String, Object> s : states) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            vars.forEach(v -> o.set(v, ItfValues.encode(s.get(v))));
            json.add(o);
        }
        return new ItfTrace(source, constants, vars, List.copyOf(states), json, List.copyOf(steps));
    }
}
