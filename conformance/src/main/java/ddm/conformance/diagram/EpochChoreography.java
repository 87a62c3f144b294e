package ddm.conformance.diagram;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Epoch alignment (EpochAlignment.tla and its bug models). Lanes: the coordinator, the sources, the operators, the
 * sinks (read off {@code emitted}, {@code count} and {@code chan}'s channels). A step with a task parameter
 * {@code t} or a source {@code s} is that node's; {@code StartEpoch}, {@code CompleteEpoch} and {@code Recover} are the
 * coordinator's. Records and barriers are what the FIFO channels gain and lose; a channel in {@code blocked} is
 * shaded on its task's lane while the task aligns; a node whose {@code recorded} grows records its snapshot there; a
 * failure ({@code Recover}) loses what was in flight and restores every node.
 */
final class EpochChoreography implements Choreography {

    private static final String COORDINATOR = "coordinator";

    @Override
    public Set<String> variables() {
        return Set.of("chan", "blocked", "emitted", "count", "recorded", "snap", "offset", "started", "completed");
    }

    @Override
    public void start(Map<String, Object> constants, Map<String, Object> initial, SpaceTimeBuilder d) {
        d.lane(COORDINATOR, "coordinator");
        Set<String> sources = keys(initial.get("emitted")), tasks = keys(initial.get("count"));
        Set<String> operators = new TreeSet<>();
        if (initial.get("chan") instanceof Map<?, ?> chan) {
            for (Object c : chan.keySet()) {
                if (c instanceof List<?> l && tasks.contains(String.valueOf(l.get(0)))) operators.add(String.valueOf(l.get(0)));
            }
        }
        for (String s : sources) d.lane(s, "source");
        for (String o : operators) d.lane(o, "operator");
        for (String t : tasks) if (!operators.contains(t)) d.lane(t, "sink");
    }

    @Override
    public void step(Step s, SpaceTimeBuilder d) {
        String who = s.name("t").or(() -> s.name("s")).orElse(COORDINATOR);
        int lane = d.laneOf(who).orElse(0);
        int e = d.event(lane, s.column(), s.action());
        s.param("e").ifPresent(x -> d.note(e, "epoch " + x));
        FifoChannels.draw(s, "chan", d, e, m -> isBarrier(m) ? "barrier" : "record", EpochChoreography::label);
        Object blockedBefore = s.before().get("blocked"), blockedAfter = s.after().get("blocked");
        for (Object c : StateDiff.added(blockedBefore, blockedAfter)) {
            if (c instanceof List<?> l) d.open(d.laneOf(String.valueOf(l.get(1))).orElse(lane), s.column(), "blocked",
                    l.get(0) + "->" + l.get(1) + " blocked");
        }
        for (Object c : StateDiff.added(blockedAfter, blockedBefore)) {
            if (c instanceof List<?> l) d.close(d.laneOf(String.valueOf(l.get(1))).orElse(lane), s.column(), "blocked",
                    l.get(0) + "->" + l.get(1) + " blocked");
        }
        if (s.after().get("recorded") instanceof Map<?, ?> now && s.before().get("recorded") instanceof Map<?, ?> was) {
            boolean recover = s.changed("failures") || s.action().equals("Recover");
            for (Map.Entry<?, ?> n : now.entrySet()) {
                int nl = d.laneOf(String.valueOf(n.getKey())).orElse(-1);
                if (nl < 0) continue;
                if (recover) {
                    int r = d.event(nl, s.column(), "restore");
                    d.mark(r, SpaceTime.Mark.RESTORE);
                    d.note(r, "restores epoch " + n.getValue());
                } else if (n.getValue() instanceof Long k && was.get(n.getKey()) instanceof Long j && k > j) {
                    int r = d.event(nl, s.column(), s.action());
                    d.mark(r, SpaceTime.Mark.RECORD);
                    d.note(r, "snapshot " + k);
                }
            }
            if (recover) d.closeAll(-1, s.column(), "blocked");
        }
        for (Object x : StateDiff.added(s.before().get("completed"), s.after().get("completed"))) {
            d.mark(e, SpaceTime.Mark.COMMIT);
        }
    }

    static boolean isBarrier(Object m) {
        return m instanceof Map<?, ?> r && "bar".equals(r.get("kind"));
    }

    static String label(Object m) {
        if (!(m instanceof Map<?, ?> r)) return String.valueOf(m);
        return isBarrier(m) ? "barrier " + r.get("epoch") : r.get("origin") + " (e" + r.get("epoch") + ")";
    }

    private static Set<String> keys(Object f) {
        Set<String> out = new TreeSet<>();
        if (f instanceof Map<?, ?> m) for (Object k : m.keySet()) out.add(String.valueOf(k));
        return out;
    }
}
