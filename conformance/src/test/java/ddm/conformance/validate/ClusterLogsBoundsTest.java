package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ddm.conformance.events.EventValidator;
import ddm.conformance.events.Instances;
import ddm.trace.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What puts a Paxos Commit cluster's transaction beyond PaxosCommit-Live-1x3-Recover's bounds ({@link
 * ClusterLogs#bounds}): an RM's crash or recovery (no spec action), a ballot above the model's, an RM it does not
 * have; a transaction of its nodes and ballots is within them, so it is searched.
 */
class ClusterLogsBoundsTest {

    static final Map<String, Object> CONSTANTS = Map.of("RM", Set.of("r1"), "Acceptor", Set.of("a1", "a2", "a3"),
            "Ballot", Set.of(0L, 1L), "MaxDown", 1L);
    static final EventValidator.Bounds BOUNDS = ClusterLogs.bounds(CONSTANTS, PaxosEvents.MODEL);

    static Event event(String node, long seq, String action, Map<String, Object> params, List<Object> sent) {
        return new Event(node, seq, action, params, "1", Map.of(node, seq), List.of(), sent, List.of(), List.of(), 0);
    }

    static Instances.Instance instance(Event... events) {
        Map<String, List<Event>> nodes = new LinkedHashMap<>();
        for (Event e : events) {
            nodes.computeIfAbsent(e.node(), k -> new java.util.ArrayList<>()).add(e);
        }
        return new Instances.Instance("1", nodes);
    }

    static final Event PREPARE = event("r1", 1, "RMPrepare", Map.of("rm", "r1"),
            List.of(Map.of("ins", "r1", "bal", 0L, "val", "prepared")));

    @Test
    void aTransactionOfTheModelsNodesAndBallotsIsWithinTheBounds() {
        assertNull(BOUNDS.beyond(instance(PREPARE, event("leader", 1, "Phase1a", Map.of("b", 1L, "rm", "r1"),
                List.of(Map.of("ins", "r1", "bal", 1L))), event("a1", 1, "AcceptorCrash", Map.of("a", "a1"),
                List.of()))));
    }

    @Test
    void anRmCrashIsBeyondTheBounds() {
        assertEquals("actions the spec does not have: [RMCrash]", BOUNDS.beyond(instance(PREPARE,
                event("r1", 2, "RMCrash", Map.of("rm", "r1"), List.of()))));
    }

    @Test
    void aBallotAboveTheModelsIsBeyondTheBounds() {
        assertEquals("ballot 2 > the model's largest, 1", BOUNDS.beyond(instance(PREPARE,
                event("leader", 1, "Phase1a", Map.of("b", 2L, "rm", "r1"), List.of(Map.of("ins", "r1", "bal", 2L))))));
        // A ballot only in a message (an acceptor's phase 2b of ballot 2) counts too.
        assertEquals("ballot 2 > the model's largest, 1", BOUNDS.beyond(instance(PREPARE,
                event("a1", 1, "Phase2b", Map.of("a", "a1"), List.of(Map.of("acc", "a1", "ins", "r1", "bal", 2L,
                        "val", "prepared"))))));
    }

    @Test
    void anRmTheModelDoesNotHaveIsBeyondTheBounds() {
        assertEquals("nodes the model does not have: [rm2]", BOUNDS.beyond(instance(PREPARE,
                event("rm2", 1, "RMPrepare", Map.of("rm", "rm2"), List.of()))));
    }
}
