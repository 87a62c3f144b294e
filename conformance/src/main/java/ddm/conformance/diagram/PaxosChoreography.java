package ddm.conformance.diagram;

import ddm.conformance.itf.Values;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Paxos Commit (PaxosCommit.tla). Lanes: the RMs, the acceptors, and one leader per ballot above 0 that acts (a
 * ballot names its leader, as in the paper). Phase 2a messages of ballot 0 come from their RM, those of higher ballots
 * from the ballot's leader, and go to every acceptor; phase 1a messages go from a leader to every acceptor, phase 1b
 * from an acceptor to the leader of its ballot, phase 2b from an acceptor to every RM. What each receive takes is
 * read off what it sends (a Phase1b answers the 1a of its ballot and instance, a Phase2b votes for a 2a) or off the
 * spec's condition (Phase2a reads the 1b reports of its ballot and instance, an RM learns from the phase 2b votes for
 * the value it applies). Arrows take their ballot's colour.
 */
final class PaxosChoreography implements Choreography {

    @Override
    public Set<String> variables() {
        return Set.of("rmState", "aState", "p1a", "p1b", "p2a", "p2b");
    }

    @Override
    public void start(Map<String, Object> constants, Map<String, Object> initial, SpaceTimeBuilder d) {
        TreeSet<String> rms = new TreeSet<>(), accs = new TreeSet<>();
        if (initial.get("rmState") instanceof Map<?, ?> r) r.keySet().forEach(k -> rms.add(String.valueOf(k)));
        if (initial.get("aState") instanceof Map<?, ?> a && !a.isEmpty() && a.values().iterator().next() instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> accs.add(String.valueOf(k)));
        }
        rms.forEach(r -> d.lane(r, "rm"));
        accs.forEach(a -> d.lane(a, "acceptor"));
    }

    private static int leader(SpaceTimeBuilder d, Object ballot) {
        return d.lane("leader " + ballot, "leader b" + ballot, "leader");
    }

    @Override
    public void step(Step s, SpaceTimeBuilder d) {
        int lane;
        if (s.name("a").isPresent()) lane = d.laneOf(s.name("a").get()).orElse(0);
        else if (s.param("b").isPresent()) lane = leader(d, s.param("b").get());
        else lane = d.laneOf(s.name("rm").orElse("")).orElse(0);
        int e = d.event(lane, s.column(), s.action());
        String a = s.action();
        for (Object m : StateDiff.added(s.before().get("p1b"), s.after().get("p1b"))) {
            d.receive(e, List.of("1a", Values.canonical(Map.of("bal", field(m, "bal"), "ins", field(m, "ins")))));
            d.send(e, List.of("1b", m), leader(d, field(m, "bal")), kind(m), "1b " + field(m, "ins") + " b"
                    + field(m, "bal") + " vote " + field(m, "vval"));
        }
        for (Object m : StateDiff.added(s.before().get("p2b"), s.after().get("p2b"))) {
            d.receive(e, List.of("2a", Values.canonical(Map.of("ins", field(m, "ins"), "bal", field(m, "bal"),
                    "val", field(m, "val")))));
            for (int l : lanes(d, "rm")) d.send(e, List.of("2b", m), l, kind(m), "2b " + field(m, "ins") + " b"
                    + field(m, "bal") + " " + field(m, "val"));
        }
        if (a.equals("Phase2a") && s.before().get("p1b") instanceof Set<?> p1b) {
            for (Object m : p1b) {
                if (field(m, "ins").equals(s.param("rm").orElse(null)) && field(m, "bal").equals(s.param("b").orElse(null))) {
                    d.receive(e, List.of("1b", m));
                }
            }
        }
        for (Object m : StateDiff.added(s.before().get("p1a"), s.after().get("p1a"))) {
            for (int l : lanes(d, "acceptor")) d.send(e, List.of("1a", m), l, kind(m), "1a " + field(m, "ins") + " b" + field(m, "bal"));
        }
        for (Object m : StateDiff.added(s.before().get("p2a"), s.after().get("p2a"))) {
            for (int l : lanes(d, "acceptor")) d.send(e, List.of("2a", m), l, kind(m), "2a " + field(m, "ins") + " b"
                    + field(m, "bal") + " " + field(m, "val"));
        }
        if (a.startsWith("RMRcv") && s.before().get("p2b") instanceof Set<?> p2b) {
            String value = a.contains("Commit") ? "prepared" : "aborted";
            for (Object m : p2b) if (value.equals(field(m, "val"))) d.receive(e, List.of("2b", m));
        }
        if (s.changed("down") || s.changed("stopped")) {
            d.mark(e, SpaceTime.Mark.CRASH);
            d.open(lane, s.column(), "down", "down");
        }
        if (s.name("rm").isPresent() && s.after().get("rmState") instanceof Map<?, ?> now
                && s.before().get("rmState") instanceof Map<?, ?> was) {
            Object st = now.get(s.name("rm").get());
            if (!st.equals(was.get(s.name("rm").get()))) {
                if ("committed".equals(st)) d.mark(e, SpaceTime.Mark.COMMIT);
                if ("aborted".equals(st)) d.mark(e, SpaceTime.Mark.ABORT);
            }
        }
    }

    private static List<Integer> lanes(SpaceTimeBuilder d, String role) {
        List<SpaceTime.Lane> ls = d.lanes();
        return java.util.stream.IntStream.range(0, ls.size()).filter(i -> ls.get(i).role().equals(role)).boxed().toList();
    }

    private static Object field(Object m, String f) {
        return m instanceof Map<?, ?> r && r.get(f) != null ? r.get(f) : "?";
    }

    /** Arrows take the colour of their ballot. */
    private static String kind(Object m) {
        return "ballot-" + field(m, "bal");
    }
}
