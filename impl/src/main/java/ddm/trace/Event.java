package ddm.trace;

import java.util.List;
import java.util.Map;

/**
 * One step of one node, as the node's own log holds it (the format is {@link EventFormat}'s).
 *
 * @param node     the node that took the step
 * @param seq      the step's number at that node: 1, 2, ... (equal to {@code clock.get(node)})
 * @param action   the spec action, as the spec names it ({@code RMPrepare})
 * @param params   its parameters by the spec's names ({@code rm -> "rm1"}); empty when not logged
 * @param instance the protocol instance the step belongs to (a transaction id), or null for a step of the whole node
 *                 (a crash, a recovery), which belongs to every instance the node is in
 * @param clock    the node's vector clock after the step
 * @param vars     the node's own part of the spec state after the step; empty when not logged
 * @param sent     the spec-level messages the step sent (as the spec's message values); empty when not logged
 * @param received the spec-level messages the step consumed; empty when not logged
 * @param from     the ids ({@code node#seq}) of the events that sent the messages the step consumed: the message
 *                 edges of the run, which clocks alone cannot tell apart from knowledge gained later
 * @param nanos    the node's {@code System.nanoTime()} at the step, for display only (never for order); 0 if unknown
 */
public record Event(String node, long seq, String action, Map<String, Object> params, String instance,
                    Map<String, Long> clock, List<Var> vars, List<Object> sent, List<Object> received, List<String> from,
                    long nanos) {

    public Event {
        if (node == null || node.isEmpty()) throw new IllegalArgumentException("an event needs its node");
        if (action == null || action.isEmpty()) throw new IllegalArgumentException("an event needs its action");
        if (seq < 1) throw new IllegalArgumentException("seq starts at 1, not " + seq);
        if (VectorClock.get(clock, node) != seq) {
            throw new IllegalArgumentException("event " + node + "#" + seq + " has clock " + clock
                    + ", whose own component is not its seq");
        }
        params = Map.copyOf(params);
        clock = Map.copyOf(clock);
        vars = List.copyOf(vars);
        sent = List.copyOf(sent);
        received = List.copyOf(received);
        from = List.copyOf(from);
    }

    /** {@code node#seq}, how messages and reports name an event. */
    public String id() {
        return id(node, seq);
    }

    /** The id of {@code node}'s event number {@code seq}. */
    public static String id(String node, long seq) {
        return node + "#" + seq;
    }

    /** The id of the event of {@code sender} that a message stamped with {@code senderClock} came from. */
    public static String sentBy(String sender, Map<String, Long> senderClock) {
        return id(sender, VectorClock.get(senderClock, sender));
    }

    /** This event with only what {@code level} logs ({@code keep} names the variables PARTIAL keeps). */
    public Event at(Level level, java.util.Set<String> keep) {
        return switch (level) {
            case VARS -> this;
            case PARTIAL -> new Event(node, seq, action, params, instance, clock,
                    vars.stream().filter(v -> keep.contains(v.var())).toList(), List.of(), List.of(), from, nanos);
            case PARAMS -> new Event(node, seq, action, params, instance, clock, List.of(), List.of(), List.of(), from,
                    nanos);
            case EVENTS -> new Event(node, seq, action, Map.of(), instance, clock, List.of(), List.of(), List.of(),
                    from, nanos);
        };
    }
}
