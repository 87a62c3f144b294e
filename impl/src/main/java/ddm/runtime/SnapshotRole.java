package ddm.runtime;

import ddm.runtime.node.ReliableLinks;
import ddm.runtime.node.Role;
import ddm.runtime.node.Step;
import ddm.runtime.node.StepEvent;
import ddm.runtime.node.Timers;
import ddm.snapshot.Channel;
import ddm.snapshot.Message;
import ddm.snapshot.RepeatedBankProcess;
import ddm.snapshot.Send;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A process of the Chandy–Lamport bank as its driver drives it, in a node process: it pays when the client asks
 * (SendTransfer), initiates a snapshot when the client asks (Initiate), takes its channels' messages in order
 * (RcvTransfer, RcvMarker), and reports each part of a snapshot it finishes to the client.
 *
 * <p>Reliable FIFO channels over a lossy wire ({@link SnapshotWire}): each message of a channel is numbered and kept
 * until the receiver acknowledges it; every {@code retransmitMillis} the sender sends the first {@code window} it still
 * holds again; the receiver takes message k + 1 only after k, acknowledges every message it takes (and a duplicate
 * with the last number taken), and holds one that arrives ahead of a gap in memory until the gap is filled.
 *
 * <p>Durability: the process is its steps. Each step's one record names the step (a payment, an initiation, a
 * message taken with its number); the driver forces it before the step's messages leave, and recovery replays the
 * records through the same code, so the balance, the snapshots' parts and both ends' numbering come back exactly as
 * they were, and a restarted process owes its peers only the messages they have not acknowledged, which it sends
 * again. A crash is therefore no step of the spec: the process's state after recovery is its state before the crash,
 * and its unacknowledged messages are the spec's messages in flight.
 */
public final class SnapshotRole implements Role<SnapshotWire> {

    public static final String CLIENT = "client";
    static final long RETRANSMIT = 1;

    /** Builds the pure bank process (tests pass broken ones). */
    @FunctionalInterface
    public interface Processes {
        RepeatedBankProcess create(String name, List<Channel> ins, List<Channel> outs, long balance);

        Processes STANDARD = RepeatedBankProcess::new;
    }

    /** A record of the log: the step it names. */
    sealed interface Entry {
        record Paid(String to, long amount) implements Entry {
        }

        record Initiated() implements Entry {
        }

        record Took(String from, long seq, Message message) implements Entry {
        }
    }

    private final String name;
    private final List<Channel> ins, outs;
    private final long initialBalance;
    private final Processes processes;
    private final Timers timers;
    private final long retransmitMillis;
    private final int window;
    private RepeatedBankProcess bank;
    private ReliableLinks<Message> links;
    private boolean up = true;

    public SnapshotRole(String name, List<Channel> ins, List<Channel> outs, long initialBalance, Processes processes,
                        Timers timers, long retransmitMillis, int window) {
        this.name = name;
        this.ins = List.copyOf(ins);
        this.outs = List.copyOf(outs);
        this.initialBalance = initialBalance;
        this.processes = processes;
        this.timers = timers;
        this.retransmitMillis = retransmitMillis;
        this.window = window;
        reset();
        timers.arm(RETRANSMIT, retransmitMillis);
    }

    private void reset() {
        bank = processes.create(name, ins, outs, initialBalance);
        links = new ReliableLinks<>(outs.stream().map(Channel::to).toList(), ins.stream().map(Channel::from).toList());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        return up;
    }

    /** The pure process (read by tests). */
    public RepeatedBankProcess bank() {
        return bank;
    }

    @Override
    public List<Step<SnapshotWire>> deliver(String from, SnapshotWire message) {
        if (message instanceof SnapshotWire.Data d && links.receivesFrom(from)) {
            ReliableLinks.Arrival<Message> a = links.arrived(from, d.seq(), d.message());
            if (a.duplicate()) {
                // A duplicate is acknowledged again: its first acknowledgement may be lost.
                return List.of(Step.sendOnly(List.of(new Step.Send<>(from,
                        new SnapshotWire.Ack(links.lastTaken(from))))));
            }
            return a.take().stream().map(m -> take(m.peer(), m.seq(), m.payload())).toList();
        }
        if (message instanceof SnapshotWire.Ack a && links.sendsTo(from)) {
            links.acknowledged(from, a.seq());
            return List.of();
        }
        if (message instanceof SnapshotWire.Pay p && links.sendsTo(p.to())) {
            long amount = Math.min(p.amount(), bank.balance());
            if (amount < 1) {
                return List.of();
            }
            Entry.Paid e = new Entry.Paid(p.to(), amount);
            return List.of(step("SendTransfer", Map.of("p", name, "q", p.to(), "amount", amount), e, perform(e)));
        }
        if (message instanceof SnapshotWire.Initiate) {
            Entry.Initiated e = new Entry.Initiated();
            return List.of(step("Initiate", Map.of("p", name), e, perform(e)));
        }
        if (message instanceof SnapshotWire.Status s) {
            List<Step.Send<SnapshotWire>> sends = new ArrayList<>();
            List<Message> unacked = links.unacknowledged();
            long inFlight = unacked.stream().mapToLong(m -> m instanceof Message.Transfer t ? t.amount() : 0).sum();
            sends.add(new Step.Send<>(CLIENT, new SnapshotWire.StatusReply(name, up, bank.balance(), bank.recorded(),
                    unacked.size(), inFlight)));
            for (long snap : s.snapshots()) {
                if (bank.finished(snap)) {
                    sends.add(part(snap));
                }
            }
            return List.of(Step.sendOnly(sends));
        }
        return List.of();
    }

    /** Takes message {@code seq} of the channel from {@code from}: RcvTransfer or RcvMarker, acknowledged. */
    private Step<SnapshotWire> take(String from, long seq, Message message) {
        Entry.Took e = new Entry.Took(from, seq, message);
        List<Step.Send<SnapshotWire>> sends = new ArrayList<>(perform(e));
        sends.add(new Step.Send<>(from, new SnapshotWire.Ack(seq)));
        if (message instanceof Message.Marker m && bank.finished(m.snapshot())) {
            sends.add(part(m.snapshot()));
        }
        String action = message instanceof Message.Marker ? "RcvMarker" : "RcvTransfer";
        return step(action, Map.of("p", from, "q", name), e, sends);
    }

    @Override
    public List<Step<SnapshotWire>> timeout(long key) {
        if (key != RETRANSMIT) {
            return List.of();
        }
        timers.arm(RETRANSMIT, retransmitMillis);
        List<Step.Send<SnapshotWire>> sends = retransmissions();
        return sends.isEmpty() ? List.of() : List.of(Step.sendOnly(sends));
    }

    /** The first {@code window} unacknowledged messages of each outgoing channel, again. */
    private List<Step.Send<SnapshotWire>> retransmissions() {
        return links.retransmissions(window).stream().map(SnapshotRole::data).toList();
    }

    private static Step.Send<SnapshotWire> data(ReliableLinks.Numbered<Message> m) {
        return new Step.Send<>(m.peer(), new SnapshotWire.Data(m.seq(), m.payload()));
    }

    @Override
    public Step<SnapshotWire> crash() {
        up = false;
        return Step.sendOnly(List.of());
    }

    /**
     * Replays the log through the same code the live steps ran ({@link #perform}): the process is back where it
     * was, owes its peers its unacknowledged messages (sent at once) and tells the client its finished parts again.
     */
    @Override
    public Step<SnapshotWire> recover(List<byte[]> records) {
        reset();
        for (byte[] r : records) {
            perform(decode(r));
        }
        up = true;
        timers.arm(RETRANSMIT, retransmitMillis);
        List<Step.Send<SnapshotWire>> sends = new ArrayList<>(retransmissions());
        for (long s = 1; s <= bank.recorded(); s++) {
            if (bank.finished(s)) {
                sends.add(part(s));
            }
        }
        return Step.sendOnly(sends);
    }

    /** Performs a logged step on the bank process and numbers the messages it sends: live and in recovery alike. */
    private List<Step.Send<SnapshotWire>> perform(Entry e) {
        List<Send> out;
        if (e instanceof Entry.Paid p) {
            out = bank.sendTransfer(p.to(), p.amount());
        } else if (e instanceof Entry.Initiated) {
            out = bank.initiate();
        } else {
            Entry.Took t = (Entry.Took) e;
            Channel c = new Channel(t.from(), name);
            links.taken(t.from(), t.seq());
            if (t.message() instanceof Message.Marker m) {
                out = bank.rcvMarker(c, m);
            } else {
                bank.rcvTransfer(c, (Message.Transfer) t.message());
                out = List.of();
            }
        }
        return out.stream().map(x -> data(links.numbered(x.channel().to(), x.message()))).toList();
    }

    private Step<SnapshotWire> step(String action, Map<String, Object> params, Entry e,
                                    List<Step.Send<SnapshotWire>> sends) {
        return new Step<>(new StepEvent(action, params, null, List.of(), List.of(), List.of()), List.of(encode(e)),
                sends);
    }

    private Step.Send<SnapshotWire> part(long s) {
        RepeatedBankProcess.Part p = bank.part(s).orElseThrow();
        return new Step.Send<>(CLIENT, new SnapshotWire.Part(name, p));
    }

    private static final int PAID = 1, INITIATED = 2, TOOK_TRANSFER = 3, TOOK_MARKER = 4;

    static byte[] encode(Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (e instanceof Entry.Paid p) {
                out.writeByte(PAID);
                out.writeUTF(p.to());
                out.writeLong(p.amount());
            } else if (e instanceof Entry.Initiated) {
                out.writeByte(INITIATED);
            } else if (e instanceof Entry.Took t) {
                out.writeByte(t.message() instanceof Message.Marker ? TOOK_MARKER : TOOK_TRANSFER);
                out.writeUTF(t.from());
                out.writeLong(t.seq());
                if (t.message() instanceof Message.Marker m) {
                    out.writeLong(m.snapshot());
                } else {
                    Message.Transfer x = (Message.Transfer) t.message();
                    out.writeLong(x.amount());
                    out.writeLong(x.id());
                }
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static Entry decode(byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            int tag = in.readUnsignedByte();
            return switch (tag) {
                case PAID -> new Entry.Paid(in.readUTF(), in.readLong());
                case INITIATED -> new Entry.Initiated();
                case TOOK_MARKER -> new Entry.Took(in.readUTF(), in.readLong(), new Message.Marker(in.readLong()));
                case TOOK_TRANSFER -> new Entry.Took(in.readUTF(), in.readLong(),
                        new Message.Transfer(in.readLong(), in.readLong()));
                default -> throw new IllegalStateException("not a record of a bank process: tag " + tag);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("a bank process's record does not decode", e);
        }
    }
}
