package ddm.conformance.validate;

import ddm.conformance.events.RunLog;
import ddm.trace.Event;
import ddm.trace.MemoryEventLog;
import ddm.trace.NodeRecorder;
import ddm.trace.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records a threaded run as per-node logs, without a lock shared by the nodes: each advised step is reported on the
 * stepping node's own thread ({@link Recording.Sink#locked} is false), and goes to that node's own
 * {@link NodeRecorder}. Since the runtime's messages carry no clocks, {@link SendClocks} stands in for the wire: a
 * step that sends a message leaves its clock under the message's key, and a step that consumes one merges that
 * clock and names the sending event ({@code from}).
 *
 * <p>A protocol registers its nodes by name as they are built ({@link #register}) and says, for each advised call,
 * which spec step it was ({@link #describe}); the rest is here. A node's recorder is made when the node first steps.
 *
 * <p>A <em>global</em> step ({@link #global}) is one the runtime takes with every node stopped (the epoch runtime's
 * Recover: all threads joined, the whole job restored): it happens after every step before it and before every step
 * after it, so its node's clock is merged with every other node's before it steps, and every node merges its clock at
 * its next step. Reading the other nodes' clocks there is safe for that reason alone: their threads are stopped.
 */
public abstract class NodeEvents implements Recording.Sink {

    /** One advised call as a spec step, or no step ({@link #describe} returns null). */
    public record Step(String action, Map<String, Object> params, String instance, List<Var> vars, List<Object> sent,
                       List<Object> received, List<Object> sentKeys, List<Object> consumedKeys) {}

    private static final class NodeLog {
        final NodeRecorder recorder;
        final MemoryEventLog events;
        /** The last global step this node's clock has merged. */
        SendClocks.Stamp barrierSeen;

        NodeLog(NodeRecorder recorder, MemoryEventLog events) {
            this.recorder = recorder;
            this.events = events;
        }
    }

    /** The last global step taken, if any. */
    private volatile SendClocks.Stamp barrier;

    private final ConcurrentHashMap<String, NodeLog> logs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Identity, String> names = new ConcurrentHashMap<>();
    private final SendClocks sends = new SendClocks();

    /** Identity, not equality: two nodes are two nodes, whatever their equals says. */
    private record Identity(Object node) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.node == node;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(node);
        }
    }

    /** Node {@code node} belongs to the recorded run, as {@code name}; call before the runtime's threads start. */
    protected final void register(Object node, String name) {
        names.put(new Identity(node), name);
    }

    /** The name of {@code node} if it belongs to the recorded run, else null. */
    protected final String nameOf(Object node) {
        return names.get(new Identity(node));
    }

    /** Whether advised call {@code method} on {@code node} is a global step (see the class comment). */
    protected boolean global(Object node, String method) {
        return false;
    }

    /** The spec step advised call {@code method(args)} on {@code node} (named {@code name}) took, or null if none. */
    protected abstract Step describe(Object node, String name, String method, Object[] args, Object returned);

    @Override
    public final boolean owns(Object node) {
        return nameOf(node) != null;
    }

    @Override
    public final boolean locked() {
        return false;
    }

    @Override
    public final void step(Object node, String method, Object[] args, Object returned) {
        String name = nameOf(node);
        Step s = describe(node, name, method, args, returned);
        if (s == null) return;
        NodeLog log = logs.computeIfAbsent(name, n -> {
            MemoryEventLog events = new MemoryEventLog();
            return new NodeLog(new NodeRecorder(n, events), events);
        });
        boolean global = global(node, method);
        List<String> from = new ArrayList<>();
        SendClocks.Stamp b = barrier;
        if (global) {
            for (NodeLog other : logs.values()) if (other != log) log.recorder.received(other.recorder.clock());
        } else if (b != null && b != log.barrierSeen) {
            log.recorder.received(b.clock());
            from.add(b.event());
            log.barrierSeen = b;
        }
        for (Object key : s.consumedKeys()) {
            SendClocks.Stamp st = sends.sender(key);
            if (st == null) continue;   // a message no recorded step sent: the spec will say so
            log.recorder.received(st.clock());
            from.add(st.event());
        }
        Map<String, Long> clock = log.recorder.step(s.action(), s.params(), s.instance(), s.vars(), s.sent(),
                s.received(), from);
        SendClocks.Stamp stamp = new SendClocks.Stamp(Event.sentBy(name, clock), clock);
        for (Object key : s.sentKeys()) sends.sent(key, stamp);
        if (global) {
            log.barrierSeen = stamp;
            barrier = stamp;
        }
    }

    /** The run as recorded so far; call once the runtime's threads have ended. */
    public RunLog log(String source) {
        List<List<Event>> all = new ArrayList<>();
        logs.values().forEach(l -> all.add(l.events.events()));
        return RunLog.of(source, all);
    }
}
