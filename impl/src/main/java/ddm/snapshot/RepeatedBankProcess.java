package ddm.snapshot;

import ddm.snapshot.Message.Marker;
import ddm.snapshot.Message.Transfer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One process of the bank taking successive Chandy–Lamport snapshots, numbered 1, 2, ... (ChandyLamportRepeated.tla),
 * as a deterministic state machine: each spec action one method, the messages a step sends returned in the order
 * they must enter their channels, never sent here. What a long-running process needs: {@link BankProcess} takes one
 * snapshot, a process that runs for minutes takes one every few hundred milliseconds.
 *
 * <p>State: the balance; {@code recorded}, the last snapshot this process recorded; for each snapshot it recorded,
 * its {@link Part} (the balance recorded, each incoming channel's recorded transfers and whether its marker of that
 * snapshot arrived, and the cut's counters below); the transfers sent and received on each channel. The counters are
 * not in the spec's state: they are what a checker outside the spec ({@code SnapshotChecker}) needs to test the
 * spec's {@code Validity} from the parts alone, without the history: at the cut, how many transfers and how much money
 * had gone out on each outgoing channel and come in on each incoming one.
 */
public class RepeatedBankProcess {

    /**
     * This process's share of snapshot {@code snapshot}: the balance it recorded; for each incoming channel the
     * transfers recorded on it, whether its marker arrived ({@code done}); and, at the moment it recorded, the number
     * and total amount of transfers it had sent on each outgoing channel and received on each incoming one.
     */
    public record Part(long snapshot, long balance, Map<Channel, List<Transfer>> channels, Set<Channel> done,
                       Map<Channel, long[]> sentAtCut, Map<Channel, long[]> receivedAtCut) {
        /** Every incoming channel's marker has arrived: the part is final. */
        public boolean finished(List<Channel> ins) {
            return done.containsAll(ins);
        }
    }

    protected final String name;
    protected final List<Channel> ins;
    protected final List<Channel> outs;
    protected long balance;
    protected long recorded;
    /** Per snapshot recorded: the part (its channels' lists and done set are mutable until the part is finished). */
    protected final Map<Long, Part> parts = new TreeMap<>();
    /** Per channel: {count, amount} of the transfers sent (outgoing) or received (incoming) so far. */
    protected final Map<Channel, long[]> sent = new LinkedHashMap<>(), received = new LinkedHashMap<>();

    public RepeatedBankProcess(String name, List<Channel> ins, List<Channel> outs, long balance) {
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
            received.put(c, new long[2]);
        }
        for (Channel c : this.outs) {
            if (!c.from().equals(name)) {
                throw new IllegalArgumentException(c + " is not a channel out of " + name);
            }
            sent.put(c, new long[2]);
        }
    }

    /**
     * Implements {@code ChandyLamportRepeated!Initiate(p)}: p starts snapshot {@code recorded + 1}: it records its
     * state and sends a marker of it on every outgoing channel (returned).
     */
    public List<Send> initiate() {
        return recordState(recorded + 1, Optional.empty());
    }

    /**
     * Implements {@code ChandyLamportRepeated!RcvMarker(p, q)} at q = this process, for the marker of snapshot s at
     * the head of {@code c} = p->q: c's state in s is final; on q's first marker of s, q records s and sends its
     * markers (returned). Refused if c is not an input, if c's marker of s arrived already, or if s skips a snapshot
     * q has not recorded (the spec's NoSnapshotSkipped: on FIFO channels a marker of s - 1 came first).
     */
    public List<Send> rcvMarker(Channel c, Marker m) {
        long s = m.snapshot();
        String action = "RcvMarker(" + c.from() + ", " + c.to() + ")";
        refuseIf(!received.containsKey(c), action, c + " is not a channel into " + name);
        refuseIf(s < 1, action, "snapshots are numbered from 1, not " + s);
        refuseIf(s > recorded + 1, action, name + " recorded up to " + recorded + " and got a marker of " + s);
        refuseIf(parts.containsKey(s) && parts.get(s).done().contains(c), action,
                "the marker of " + s + " on " + c + " arrived already");
        List<Send> markers = s > recorded ? recordState(s, Optional.of(c)) : List.of();
        parts.get(s).done().add(c);
        return markers;
    }

    /**
     * Implements {@code ChandyLamportRepeated!SendTransfer(p, q, amount)} at p = this process: p sends {@code amount}
     * of its money to q, the next transfer on p->q (returned). Refused without a channel to q or without the money.
     */
    public List<Send> sendTransfer(String to, long amount) {
        Channel c = new Channel(name, to);
        String action = "SendTransfer(" + name + ", " + to + ", " + amount + ")";
        refuseIf(!sent.containsKey(c), action, "no channel " + c);
        refuseIf(amount < 1 || amount > balance, action, name + " holds " + balance);
        long[] n = sent.get(c);
        n[0]++;
        n[1] += amount;
        balance -= amount;
        return List.of(new Send(c, new Transfer(amount, n[0])));
    }

    /**
     * Implements {@code ChandyLamportRepeated!RcvTransfer(p, q)} at q = this process, for the transfer {@code t} at
     * the head of {@code c} = p->q: q gains the money, and t joins c's recorded state in every snapshot that is
     * recording c (q recorded it, and c's marker of it has not arrived).
     */
    public void rcvTransfer(Channel c, Transfer t) {
        String action = "RcvTransfer(" + c.from() + ", " + c.to() + ")";
        refuseIf(!received.containsKey(c), action, c + " is not a channel into " + name);
        long[] n = received.get(c);
        refuseIf(t.id() != n[0] + 1, action, "transfer " + t.id() + " on " + c + " after " + n[0] + " (not FIFO)");
        n[0]++;
        n[1] += t.amount();
        balance += t.amount();
        for (Part p : parts.values()) {
            if (!p.done().contains(c)) {
                p.channels().get(c).add(t);
            }
        }
    }

    /**
     * The spec's {@code RecordState(p, s, c)}: p records its balance for s, starts recording every incoming channel
     * (the one whose marker made it record is done at once, empty), and returns a marker of s for each outgoing
     * channel: they leave in this same step, before any later transfer (the marker rule).
     */
    protected List<Send> recordState(long s, Optional<Channel> firstMarker) {
        Map<Channel, List<Transfer>> channels = new TreeMap<>();
        ins.forEach(c -> channels.put(c, new ArrayList<>()));
        parts.put(s, new Part(s, balance, channels, new TreeSet<>(), copy(sent), copy(received)));
        recorded = s;
        return markers(s);
    }

    /** A marker of s on each outgoing channel. */
    protected List<Send> markers(long s) {
        List<Send> out = new ArrayList<>();
        for (Channel c : outs) {
            out.add(new Send(c, new Marker(s)));
        }
        return out;
    }

    private static Map<Channel, long[]> copy(Map<Channel, long[]> counters) {
        Map<Channel, long[]> out = new TreeMap<>();
        counters.forEach((c, n) -> out.put(c, n.clone()));
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

    /** The last snapshot recorded (0: none). */
    public long recorded() {
        return recorded;
    }

    public List<Channel> ins() {
        return ins;
    }

    public List<Channel> outs() {
        return outs;
    }

    /** This process's part of snapshot s, if it recorded s. */
    public Optional<Part> part(long s) {
        return Optional.ofNullable(parts.get(s));
    }

    /** Whether this process's part of s is final: it recorded s and every incoming channel's marker of s arrived. */
    public boolean finished(long s) {
        Part p = parts.get(s);
        return p != null && p.finished(ins);
    }

    /** {count, amount} of the transfers sent on outgoing channel c so far. */
    public long[] sent(Channel c) {
        return sent.get(c).clone();
    }

    /** {count, amount} of the transfers received on incoming channel c so far. */
    public long[] received(Channel c) {
        return received.get(c).clone();
    }

    @Override
    public String toString() {
        return name + " balance=" + balance + " recorded=" + recorded;
    }
}
