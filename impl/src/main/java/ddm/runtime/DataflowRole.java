package ddm.runtime;

import ddm.epoch.Message;
import ddm.runtime.node.ReliableLinks;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a source and a task of the dataflow share as node processes: the job's attempt, their reliable FIFO channels
 * within it, and the restart protocol.
 *
 * <p>A failure restarts the whole job (Flink's restart-all strategy, the spec's one {@code Recover} step): a node
 * process that restarts knows nothing of the current attempt, so it waits (attempt 0) and says {@link EpochWire.Hello}
 * to the job manager until a {@link EpochWire.Restore} comes; the job manager begins a new attempt from the last
 * completed epoch and tells every node, which restores its part of that checkpoint from its own log, starts its
 * channels afresh and answers {@link EpochWire.Restored}. Messages of another attempt are ignored. A node's durable
 * state is its checkpoint parts (a task's snapshots, a source's offsets), forced before the barrier or the
 * acknowledgement that depends on them leaves, and the attempts it joined; everything else is rebuilt by the restore.
 *
 * <p>Why the attempts are logged: a channel's numbering starts afresh with each attempt, so a node's new incarnation
 * must never join an attempt its old one took part in (its messages would be taken for the old ones' duplicates).
 * A node logs each attempt it joins before it sends anything in it, and a restarted node joins only a later one: it
 * tells the job manager its last in its Hello, and the job manager begins a new attempt if the current one is not
 * later.
 */
abstract class DataflowRole implements Role<EpochWire> {

    static final String JOB_MANAGER = "jm", CLIENT = "client";
    static final long RETRANSMIT = 1, HELLO = 2, EMIT = 3;
    /** The tags of a node's log records: an attempt it joined, or a part of a checkpoint (its subclass's). */
    static final byte ATTEMPT = 1, PART = 2;

    protected final String name;
    protected final Timers timers;
    private final List<String> outs, ins;
    private final long retransmitMillis, incarnation;
    private final int window;
    /** The attempt this node is in; 0 while a restarted node waits for its Restore. */
    protected long attempt;
    /** The last attempt this node's log says it joined (every node's first incarnation is in attempt 1). */
    private long lastAttempt = 1;
    protected ReliableLinks<Message> links;
    private boolean up = true;

    DataflowRole(String name, List<String> outs, List<String> ins, Timers timers, long incarnation,
                 long retransmitMillis, int window) {
        this.name = name;
        this.outs = List.copyOf(outs);
        this.ins = List.copyOf(ins);
        this.timers = timers;
        this.retransmitMillis = retransmitMillis;
        this.window = window;
        this.incarnation = incarnation;
        this.links = new ReliableLinks<>(this.outs, this.ins);
        // The first incarnation of every node is the job's first attempt; a restarted one must be told the attempt.
        this.attempt = incarnation == 1 ? 1 : 0;
        timers.arm(RETRANSMIT, retransmitMillis);
        if (attempt == 0) {
            timers.arm(HELLO, 1);
        }
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isUp() {
        return up;
    }

    /** The channels out of this node, by receiver. */
    protected final List<String> outs() {
        return outs;
    }

    /** Restores this node's part of completed epoch {@code epoch} (0: the initial state) for a new attempt. */
    protected abstract void restore(int epoch);

    /** Message {@code m} from {@code from} is next in order on its channel: the steps it causes. */
    protected abstract List<Step<EpochWire>> take(String from, Message m);

    /** Other inputs of a node in an attempt (a trigger, a timer of the node's own). */
    protected List<Step<EpochWire>> other(String from, EpochWire m) {
        return List.of();
    }

    protected abstract EpochWire.StatusReply status();

    @Override
    public final List<Step<EpochWire>> deliver(String from, EpochWire message) {
        if (message instanceof EpochWire.Restore r) {
            List<Step.Send<EpochWire>> reply = List.of(new Step.Send<>(JOB_MANAGER,
                    new EpochWire.Restored(r.attempt(), name)));
            if (r.attempt() == attempt) {
                return List.of(Step.sendOnly(reply));      // its Restored was lost: again
            }
            if (r.attempt() <= Math.max(attempt, lastAttempt)) {
                return List.of();                           // an old attempt's Restore, resent late
            }
            attempt = lastAttempt = r.attempt();
            links = new ReliableLinks<>(outs, ins);
            restore(r.epoch());
            timers.cancel(HELLO);
            byte[] joined = java.nio.ByteBuffer.allocate(9).put(ATTEMPT).putLong(attempt).array();
            return List.of(new Step<>(event("Restore", Map.of("epoch", (long) r.epoch())), List.of(joined), reply));
        }
        if (message instanceof EpochWire.Status) {
            return List.of(Step.sendOnly(List.of(new Step.Send<>(CLIENT, status()))));
        }
        if (attempt == 0) {
            return List.of();
        }
        if (message instanceof EpochWire.Data d && d.attempt() == attempt && links.receivesFrom(from)) {
            ReliableLinks.Arrival<Message> a = links.arrived(from, d.seq(), d.message());
            List<Step<EpochWire>> steps = new ArrayList<>();
            for (ReliableLinks.Numbered<Message> m : a.take()) {
                links.taken(from, m.seq());
                steps.addAll(take(from, m.payload()));
            }
            if (a.duplicate() || !a.take().isEmpty()) {
                steps.add(Step.sendOnly(List.of(new Step.Send<>(from,
                        new EpochWire.Ack(attempt, links.lastTaken(from))))));
            }
            return steps;
        }
        if (message instanceof EpochWire.Ack a && a.attempt() == attempt) {
            links.acknowledged(from, a.seq());
            return List.of();
        }
        return other(from, message);
    }

    @Override
    public List<Step<EpochWire>> timeout(long key) {
        if (key == RETRANSMIT) {
            timers.arm(RETRANSMIT, retransmitMillis);
            List<Step.Send<EpochWire>> again = links.retransmissions(window).stream().map(this::data).toList();
            return again.isEmpty() ? List.of() : List.of(Step.sendOnly(again));
        }
        if (key == HELLO && attempt == 0) {
            timers.arm(HELLO, 100);
            return List.of(Step.sendOnly(List.of(new Step.Send<>(JOB_MANAGER, new EpochWire.Hello(name, incarnation, lastAttempt)))));
        }
        return List.of();
    }

    @Override
    public Step<EpochWire> crash() {
        up = false;
        return Step.sendOnly(List.of());
    }

    /**
     * A restarted process reads its log (its checkpoint parts, {@link #reload}) and waits for the job manager's
     * Restore, saying Hello until it comes.
     */
    @Override
    public final Step<EpochWire> recover(List<byte[]> records) {
        for (byte[] r : records) {
            if (r[0] == ATTEMPT) {
                lastAttempt = Math.max(lastAttempt, java.nio.ByteBuffer.wrap(r, 1, 8).getLong());
            } else if (r[0] == PART) {
                reload(java.util.Arrays.copyOfRange(r, 1, r.length));
            } else {
                throw new IllegalStateException(name + "'s log holds a record of tag " + r[0]);
            }
        }
        up = true;
        attempt = 0;
        timers.arm(RETRANSMIT, retransmitMillis);
        timers.arm(HELLO, 1);
        return Step.sendOnly(List.of());
    }

    /** One checkpoint part of this node's log (as {@link #part} wrote it), read back at a restart. */
    protected abstract void reload(byte[] record);

    /** A checkpoint part as a record of this node's log. */
    protected static byte[] part(byte[] encoded) {
        byte[] r = new byte[encoded.length + 1];
        r[0] = PART;
        System.arraycopy(encoded, 0, r, 1, encoded.length);
        return r;
    }

    /** Sends {@code m} on every outgoing channel, numbered in this attempt. */
    protected final List<Step.Send<EpochWire>> toEveryOutput(Message m) {
        return outs.stream().map(o -> data(links.numbered(o, m))).toList();
    }

    private Step.Send<EpochWire> data(ReliableLinks.Numbered<Message> m) {
        return new Step.Send<>(m.peer(), new EpochWire.Data(attempt, m.seq(), m.payload()));
    }

    protected static StepEvent event(String action, Map<String, Object> params) {
        return new StepEvent(action, params, null, List.of(), List.of(), List.of());
    }
}
