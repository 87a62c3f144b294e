package ddm.conformance.diagram;

import ddm.conformance.itf.Values;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two-phase commit (TwoPhaseCommit.tla, and TwoPhaseCommitRecovery.tla with crashes and logs). Lanes: the TM, then
 * the RMs. A step whose action starts with {@code TM} is the TM's, one with an {@code rm} parameter otherwise is that
 * RM's (the bug models' actions too: {@code TMCommitOnMajority}, {@code RMPrepareNoForce}). {@code msgs} only grows:
 * a message new in a step was sent by it, Prepared and Query to the TM, Commit and Abort to every RM. The receive
 * actions name the message they take ({@code TMRcvPrepared(rm)} a Prepared from rm, {@code RMRcvCommitMsg} a Commit).
 * A changed {@code rmLog}/{@code tmLog} is a forced record; {@code rmUp}/{@code tmUp} going down and up are a crash
 * and a recovery, with the node shaded while down.
 */
final class TwoPhaseChoreography implements Choreography {

    private static final String TM = "TM";

    @Override
    public Set<String> variables() {
        return Set.of("rmState", "tmState", "tmPrepared", "msgs");
    }

    @Override
    public void start(Map<String, Object> constants, Map<String, Object> initial, SpaceTimeBuilder d) {
        d.lane(TM, "tm");
        if (initial.get("rmState") instanceof Map<?, ?> rms) {
            for (Object r : new TreeSet<>(rms.keySet().stream().map(String::valueOf).toList())) d.lane((String) r, "rm");
        }
    }

    @Override
    public void step(Step s, SpaceTimeBuilder d) {
        String who = s.action().startsWith("TM") ? TM : s.name("rm").orElse(TM);
        int lane = d.laneOf(who).orElse(0);
        int e = d.event(lane, s.column(), s.action());
        String rm = s.name("rm").orElse("");
        String a = s.action();
        if (a.contains("RcvPrepared")) d.receive(e, msg("Prepared", rm));
        else if (a.contains("RcvQuery")) d.receive(e, msg("Query", rm));
        else if (a.contains("RcvCommit")) d.receive(e, msg("Commit", null));
        else if (a.contains("RcvAbort")) d.receive(e, msg("Abort", null));
        for (Object m : StateDiff.added(s.before().get("msgs"), s.after().get("msgs"))) {
            String type = m instanceof Map<?, ?> r ? String.valueOf(r.get("type")) : Values.show(m);
            if (type.equals("Prepared") || type.equals("Query")) {
                d.send(e, m, d.laneOf(TM).orElse(0), "message", type);
            } else {
                for (int l = 0; l < d.lanes().size(); l++) {
                    if (!d.lanes().get(l).id().equals(TM)) d.send(e, m, l, "message", type);
                }
            }
        }
        if (who.equals(TM)) {
            marks(s, d, e, lane, "tmLog", "tmUp", s.after().get("tmState"), s.before().get("tmState"), null);
        } else {
            marks(s, d, e, lane, "rmLog", "rmUp", at(s.after(), "rmState", rm), at(s.before(), "rmState", rm), rm);
        }
    }

    private static void marks(Step s, SpaceTimeBuilder d, int e, int lane, String log, String up, Object state,
                              Object was, String rm) {
        Object logNow = rm == null ? s.after().get(log) : at(s.after(), log, rm);
        Object logWas = rm == null ? s.before().get(log) : at(s.before(), log, rm);
        Object upNow = rm == null ? s.after().get(up) : at(s.after(), up, rm);
        Object upWas = rm == null ? s.before().get(up) : at(s.before(), up, rm);
        if (logNow != null && !logNow.equals(logWas)) {
            d.mark(e, SpaceTime.Mark.FORCE);
            d.note(e, "log " + logNow);
        }
        if (Boolean.FALSE.equals(upNow) && Boolean.TRUE.equals(upWas)) {
            d.mark(e, SpaceTime.Mark.CRASH);
            d.open(lane, s.column(), "down", "down");
            return;
        }
        if (Boolean.TRUE.equals(upNow) && Boolean.FALSE.equals(upWas)) {
            d.mark(e, SpaceTime.Mark.RECOVER);
            d.close(lane, s.column(), "down", "down");
        }
        if (state != null && !state.equals(was)) {
            if ("committed".equals(state)) d.mark(e, SpaceTime.Mark.COMMIT);
            if ("aborted".equals(state)) d.mark(e, SpaceTime.Mark.ABORT);
        }
    }

    private static Object at(Map<String, Object> state, String var, String key) {
        return state.get(var) instanceof Map<?, ?> m ? m.get(key) : null;
    }

    private static Object msg(String type, String rm) {
        return Values.canonical(rm == null ? Map.of("type", type) : Map.of("type", type, "rm", rm));
    }
}
