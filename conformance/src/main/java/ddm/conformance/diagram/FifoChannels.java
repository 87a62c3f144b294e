package ddm.conformance.diagram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Sends and receives on FIFO channels kept in one variable, a function from channels {@code <<p, q>>} to sequences
 * of messages (as ChandyLamport's and EpochAlignment's {@code chan}): what left a channel in a step was received by
 * q if q took the step, and lost otherwise (a failure emptied it); what joined it was sent by p. Compared as
 * multisets per channel, so a reordering (a non-FIFO bug's overtaking) sends and receives nothing.
 */
final class FifoChannels {

    private FifoChannels() {}

    static void draw(Choreography.Step s, String var, SpaceTimeBuilder d, int actorEvent,
                     Function<Object, String> kind, Function<Object, String> label) {
        if (!(s.before().get(var) instanceof Map<?, ?> before) || !(s.after().get(var) instanceof Map<?, ?> after)) return;
        int actor = d.laneOfEvent(actorEvent);
        for (Map.Entry<?, ?> e : after.entrySet()) {
            if (!(e.getKey() instanceof List<?> c) || c.size() != 2) continue;
            OptionalInt from = d.laneOf(String.valueOf(c.get(0))), to = d.laneOf(String.valueOf(c.get(1)));
            if (from.isEmpty() || to.isEmpty()) continue;
            List<Object> was = list(before.get(c)), now = list(e.getValue());
            List<Object> removed = minus(was, now), added = minus(now, was);
            for (Object m : removed) {
                Object key = List.of(c, m);
                if (actor == to.getAsInt()) d.receive(actorEvent, key);
                else d.lose(key, to.getAsInt(), s.column());
            }
            for (Object m : added) {
                int sender = actor == from.getAsInt() ? actorEvent : d.event(from.getAsInt(), s.column(), s.action());
                d.send(sender, List.of(c, m), to.getAsInt(), kind.apply(m), label.apply(m));
            }
        }
    }

    private static List<Object> list(Object v) {
        return v instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    }

    /** The elements of {@code a} that {@code b} does not have, counting repeats, in {@code a}'s order. */
    private static List<Object> minus(List<Object> a, List<Object> b) {
        List<Object> rest = new ArrayList<>(b), out = new ArrayList<>();
        for (Object x : a) if (!rest.remove(x)) out.add(x);
        return out;
    }
}
