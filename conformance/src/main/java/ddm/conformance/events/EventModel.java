package ddm.conformance.events;

import java.util.Set;

/**
 * What validating a protocol's per-node logs needs to know beyond its spec:
 * <ul>
 *   <li>{@code markers}: logged actions that are no spec step but say that a node joined an instance (2PC's Begin at
 *       the TM, the spec's Init for that node);
 *   <li>{@code crashes}: the actions that are a node's crash (the steps just before one may have been cut short);
 *   <li>{@code stutters}: the actions the code repeats where the spec takes them once (a prepared RM asks again on
 *       every timeout; the spec's RMAskOutcome sends its query once, msgs being a set): such an event may also be a
 *       stuttering step, leaving the spec's state as it is, when the state agrees with what the node logged and
 *       already holds every message it sent;
 *   <li>{@code network}: the variables that hold the messages in flight (sets), where a stutter's sent messages
 *       must already be;
 *   <li>{@code partial}: the variables the {@link ddm.trace.Level#PARTIAL} logging level keeps;
 *   <li>{@code outside}: actions the code logs that the spec does not have (a Paxos Commit RM's crash and recovery:
 *       the spec's RMs never crash); an instance with one is beyond the model's bounds, counted and never searched.
 * </ul>
 */
public record EventModel(Set<String> markers, Set<String> crashes, Set<String> stutters, Set<String> network,
                         Set<String> partial, Set<String> outside) {

    public EventModel {
        outside = Set.copyOf(outside);
        markers = Set.copyOf(markers);
        crashes = Set.copyOf(crashes);
        stutters = Set.copyOf(stutters);
        network = Set.copyOf(network);
        partial = Set.copyOf(partial);
    }

    /** A protocol whose logs hold only actions of its spec. */
    public EventModel(Set<String> markers, Set<String> crashes, Set<String> stutters, Set<String> network,
                      Set<String> partial) {
        this(markers, crashes, stutters, network, partial, Set.of());
    }

    /** A protocol without markers, crashes or repeated actions. */
    public static EventModel plain(Set<String> partial) {
        return new EventModel(Set.of(), Set.of(), Set.of(), Set.of(), partial);
    }
}
