package ddm.conformance.diagram;

import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Chandy–Lamport snapshot (ChandyLamport.tla). Lanes: the processes. A receive ({@code RcvMarker(p, q)},
 * {@code RcvTransfer(p, q)}, and the bug models' {@code Rcv...} actions) is q's step, any other p's. Messages are
 * what the FIFO channels {@code chan} gain and lose; markers in their own colour. A process that joins
 * {@code recorded} records there; the cut is drawn through the recorded points, and a channel whose marker arrived
 * ({@code chanDone}) has its recorded state written where the marker arrived.
 */
final class ChandyLamportChoreography implements Choreography {

    /** Each process's recording event. */
    private final Map<String, Integer> recordedAt = new TreeMap<>();

    @Override
    public Set<String> variables() {
        return Set.of("balance", "chan", "recorded", "procSnap", "chanSnap", "chanDone");
    }

    @Override
    public void start(Map<String, Object> constants, Map<String, Object> initial, SpaceTimeBuilder d) {
        if (initial.get("balance") instanceof Map<?, ?> procs) {
            for (Object p : new TreeSet<>(procs.keySet().stream().map(String::valueOf).toList())) d.lane((String) p, "process");
        }
    }

    @Override
    public void step(Step s, SpaceTimeBuilder d) {
        boolean receives = s.action().startsWith("Rcv") || s.action().equals("Overtake");
        String who = (receives ? s.name("q") : s.name("p")).or(() -> s.name("p")).orElse(d.lanes().get(0).id());
        int e = d.event(d.laneOf(who).orElse(0), s.column(), s.action());
        FifoChannels.draw(s, "chan", d, e, ChandyLamportChoreography::kind, ChandyLamportChoreography::label);
        for (Object p : StateDiff.added(s.before().get("recorded"), s.after().get("recorded"))) {
            int lane = d.laneOf(String.valueOf(p)).orElse(0);
            int r = d.event(lane, s.column(), s.action());
            d.mark(r, SpaceTime.Mark.RECORD);
            Object snap = s.after().get("procSnap") instanceof Map<?, ?> m ? m.get(p) : null;
            if (snap != null) d.note(r, "recorded " + Values.show(snap));
            recordedAt.put(String.valueOf(p), r);
        }
        for (Object c : StateDiff.added(s.before().get("chanDone"), s.after().get("chanDone"))) {
            Object state = s.after().get("chanSnap") instanceof Map<?, ?> m ? m.get(c) : null;
            d.note(e, channel(c) + " = " + amounts(state));
        }
    }

    @Override
    public void finish(SpaceTimeBuilder d, int last) {
        if (recordedAt.isEmpty()) return;
        List<Integer> points = new ArrayList<>(recordedAt.values());
        points.sort((a, b) -> Integer.compare(d.laneOfEvent(a), d.laneOfEvent(b)));
        d.cut("snapshot", points);
    }

    static String kind(Object m) {
        return m instanceof Map<?, ?> r && "marker".equals(r.get("type")) ? "marker" : "transfer";
    }

    static String label(Object m) {
        if (!(m instanceof Map<?, ?> r)) return Values.show(m);
        return "marker".equals(r.get("type")) ? "marker" : "$" + r.get("amount") + " #" + r.get("id");
    }

    static String channel(Object c) {
        return c instanceof List<?> l && l.size() == 2 ? l.get(0) + "->" + l.get(1) : Values.show(c);
    }

    /** A recorded channel state as its transfers' amounts, {@code <<>>} if empty. */
    static String amounts(Object state) {
        if (!(state instanceof List<?> l)) return state == null ? "?" : Values.show(state);
        List<String> out = new ArrayList<>();
        for (Object m : l) out.add(label(m));
        return "<<" + String.join(", ", out) + ">>";
    }
}
