package ddm.snapshot;

import ddm.snapshot.Message.Transfer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process of the bank with its part of the Chandy–Lamport snapshot, as a deterministic state machine. Each spec
 * action is one method; the messages a step sends are returned (as {@link Send}s, in the order they must enter their
 * channels), never sent here. No threads, clocks, randomness or I/O: the caller delivers each message and chooses each
 * transfer. The node does not check FIFO order; the channels (simulator, runtime) are FIFO.
 *
 * <p>State: the balance; whether the process has recorded, and the balance it recorded ({@code procSnap}); a
 * {@link ChannelRecorder} per incoming channel ({@code chanSnap}, {@code chanDone}); and the number of transfers sent
 * on each outgoing channel, which numbers the next one (the spec's transfer ids).
 */
public class BankProcess {

    protected final String name;
    protected final List<Channel> ins;
    protected final List<Channel> outs;
    protected long balance;
    protected boolean recorded;
    protected long recordedBalance;
    protected final Map<Channel, ChannelRecorder> recorders = new LinkedHashMap<>();
    private final Map<Channel, Long> sent = new LinkedHashMap<>();

    /** A process holding {@code balance}, with its incoming and outgoing channels. */
    public BankProcess(String name, List<Channel> ins, List<Channel> outs, long balance) {
        if (balance < 0) {
            throw new IllegalArgumentException("a balance is not negative: " + balance);
        }
        this.name = name;
        this.ins = List.copyOf(ins);
        this.outs = List.copyOf(outs);
        this.balance = balance;
        for (Channel c : this.ins) {
            if (!c.to().equals(name)) {
                throw new IllegalArgumentException(c + " is not a channel into " + name);
            }
            recorders.put(c, new ChannelRecorder());
        }
        for (Channel c : this.outs) {
            if (!c.from().equals(name)) {
                throw new IllegalArgumentException(c + " is not a channel out of " + name);
            }
            sent.put(c, 0L);
        }
    }

    /**
     * Implements {@code ChandyLamport!Initiate(p)}: p starts the snapshot: it records its state and sends a marker on
     * every outgoing channel (returned). Refused once p has recorded.
     */
    public List<Send> initiate() {
        refuseIf(recorded, "Initiate(" + name + ")", name + " has recorded already");
        return recordState(Optional.empty());
    }

    /**
     * Implements {@code ChandyLamport!RcvMarker(p, q)} at q = this process, for the marker at the head of {@code c} =
     * p->q: the state of c is final. On q's first marker, q records its state and sends its markers (returned), and c
     * is recorded as empty. Refused if c is not an input or its marker has arrived already (the spec's channel holds
     * one marker).
     */
    public List<Send> rcvMarker(Channel c) {
        String action = "RcvMarker(" + c.from() + ", " + c.to() + ")";
        refuseIf(!recorders.containsKey(c), action, c + " is not a channel into " + name);
        refuseIf(recorders.get(c).done(), action, "the marker on " + c + " arrived already");
        if (recorded) {
            recorders.get(c).stop();
            return List.of();
        }
        List<Send> markers = recordState(Optional.of(c));
        recorders.get(c).stop();
        return markers;
    }

    /**
     * Implements {@code ChandyLamport!SendTransfer(p, q, amount)} at p = this process: p sends {@code amount} of its
     * money to q. Returns the transfer to put on p->q (a list, as every step's outputs are). Refused without a channel
     * to q or without the money ({@code amount \in 1..balance[p]}).
     */
    public List<Send> sendTransfer(String to, long amount) {
        Channel c = new Channel(name, to);
        String action = "SendTransfer(" + name + ", " + to + ", " + amount + ")";
        refuseIf(!sent.containsKey(c), action, "no channel " + c);
        refuseIf(amount < 1 || amount > balance, action, name + " holds " + balance);
        long id = sent.get(c) + 1;
        sent.put(c, id);
        balance -= amount;
        return List.of(new Send(c, new Transfer(amount, id)));
    }

    /**
     * Implements {@code ChandyLamport!RcvTransfer(p, q)} at q = this process, for the transfer {@code t} at the head of
     * {@code c} = p->q: q gains the money; while q records c, the transfer is also added to c's recorded state.
     */
    public void rcvTransfer(Channel c, Transfer t) {
        refuseIf(!recorders.containsKey(c), "RcvTransfer(" + c.from() + ", " + c.to() + ")", c + " is not a channel into " + name);
        balance += t.amount();
        recorders.get(c).record(t);
    }

    /**
     * The spec's {@code RecordState}: the process records its balance and starts recording every incoming channel
     * except {@code firstMarker} (recorded as empty), and returns a marker for each outgoing channel: they leave in
     * this same step, before any later transfer (the marker rule).
     */
    protected List<Send> recordState(Optional<Channel> firstMarker) {
        recorded = true;
        recordedBalance = balance;
        for (Map.Entry<Channel, ChannelRecorder> e : recorders.entrySet()) {
            if (firstMarker.map(c -> !c.equals(e.getKey())).orElse(true)) {
                e.getValue().start();
            }
        }
        return markers();
    }

    /** A marker on each outgoing channel. */
    protected List<Send> markers() {
        List<Send> out = new ArrayList<>();
        for (Channel c : outs) {
            out.add(new Send(c, Message.MARKER));
        }
        return out;
    }

    protected static void refuseIf(boolean refused, String action, String why) {
        if (refused) {
            throw new ActionRefused(action, why);
        }
    }

    public String name() {
        return name;
    }

    public long balance() {
        return balance;
    }

    public boolean recorded() {
        return recorded;
    }

    /** The balance recorded ({@code procSnap[p]}: 0 until the process records). */
    public long recordedBalance() {
        return recorded ? recordedBalance : 0;
    }

    public List<Channel> ins() {
        return ins;
    }

    public List<Channel> outs() {
        return outs;
    }

    /** The recorder of incoming channel c. */
    public ChannelRecorder recorder(Channel c) {
        ChannelRecorder r = recorders.get(c);
        if (r == null) {
            throw new IllegalArgumentException(c + " is not a channel into " + name);
        }
        return r;
    }

    /** This process's part of the snapshot is finished: it recorded, and every incoming channel's marker arrived. */
    public boolean locallyDone() {
        return recorded && recorders.values().stream().allMatch(ChannelRecorder::done);
    }

    @Override
    public String toString() {
        return name + " balance=" + balance + (recorded ? " recorded=" + recordedBalance : "");
    }
}
