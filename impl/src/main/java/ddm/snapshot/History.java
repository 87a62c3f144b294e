package ddm.snapshot;

import ddm.snapshot.Message.Transfer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's history, kept by the simulator beside the protocol (the nodes never see it): the spec's history variables
 * {@code hist} (each process's transfer sends and receives, in order) and {@code cut} (how many events a process had
 * when it recorded), with the definitions of {@code ConsistentCut.tla} to check a recorded state against the run.
 */
public final class History {

    /** One application event of a process: {@code [kind, peer, id, amount]} as in ConsistentCut.tla. */
    public record Event(String kind, String peer, long id, long amount) {
        public Map<String, Object> spec() {
            return Map.of("kind", kind, "peer", peer, "id", id, "amount", amount);
        }
    }

    private final Map<String, List<Event>> hist = new LinkedHashMap<>();
    private final Map<String, Integer> cut = new LinkedHashMap<>();

    public History(Iterable<String> processes) {
        for (String p : processes) {
            hist.put(p, new ArrayList<>());
            cut.put(p, 0);
        }
    }

    void sent(Channel c, Transfer t) {
        hist.get(c.from()).add(new Event("send", c.to(), t.id(), t.amount()));
    }

    void received(Channel c, Transfer t) {
        hist.get(c.to()).add(new Event("recv", c.from(), t.id(), t.amount()));
    }

    /** p recorded its state now: its cut is the events it has had. */
    void recorded(String p) {
        cut.put(p, hist.get(p).size());
    }

    public List<Event> events(String p) {
        return List.copyOf(hist.get(p));
    }

    public int cut(String p) {
        return cut.get(p);
    }

    /** {@code RcvdInCut(hist, cut, p, q) \subseteq SentInCut(hist, cut, p, q)}: nothing on c received inside the cut was sent outside it. */
    public boolean consistentOn(Channel c) {
        Set<Long> sent = new HashSet<>();
        for (Event e : hist.get(c.from()).subList(0, cut(c.from()))) {
            if (e.kind().equals("send") && e.peer().equals(c.to())) {
                sent.add(e.id());
            }
        }
        for (Event e : hist.get(c.to()).subList(0, cut(c.to()))) {
            if (e.kind().equals("recv") && e.peer().equals(c.from()) && !sent.contains(e.id())) {
                return false;
            }
        }
        return true;
    }

    /** {@code InTransit(hist, cut, p, q)} as transfers: sent on c inside the cut, not received inside it, in order. */
    public List<Transfer> inTransit(Channel c) {
        Set<Long> rcvd = new HashSet<>();
        for (Event e : hist.get(c.to()).subList(0, cut(c.to()))) {
            if (e.kind().equals("recv") && e.peer().equals(c.from())) {
                rcvd.add(e.id());
            }
        }
        List<Transfer> out = new ArrayList<>();
        for (Event e : hist.get(c.from()).subList(0, cut(c.from()))) {
            if (e.kind().equals("send") && e.peer().equals(c.to()) && !rcvd.contains(e.id())) {
                out.add(new Transfer(e.amount(), e.id()));
            }
        }
        return out;
    }

    /** {@code BalanceAfter(p, cut[p])}: p's balance at its cut, from the history. */
    public long balanceAtCut(String p, long initBalance) {
        long b = initBalance;
        for (Event e : hist.get(p).subList(0, cut(p))) {
            b += e.kind().equals("recv") ? e.amount() : -e.amount();
        }
        return b;
    }

    /** The spec's {@code hist}, as plain values. */
    public Map<String, Object> histSpec() {
        Map<String, Object> out = new LinkedHashMap<>();
        hist.forEach((p, es) -> out.put(p, es.stream().map(Event::spec).toList()));
        return out;
    }

    /** The spec's {@code cut}, as plain values. */
    public Map<String, Object> cutSpec() {
        Map<String, Object> out = new LinkedHashMap<>();
        cut.forEach((p, k) -> out.put(p, (long) k));
        return out;
    }
}
