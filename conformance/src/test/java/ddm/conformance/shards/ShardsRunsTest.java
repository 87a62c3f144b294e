package ddm.conformance.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.shards.Leaders;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.Label;
import ddm.conformance.validate.ShardsRuns;
import ddm.conformance.validate.ValidateRuns;
import ddm.conformance.validate.Validator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulator runs of 2PC over MicroRaft-replicated shards, recorded and validated against ReplicatedShards-1
 * (one shard and the TM, 3 replicas each, one data centre lost; 3,934 states), explored once. Standard runs take only
 * steps of the spec and decide; each seeded bug is caught at the step and on the variable where it shows. The
 * simulator is deterministic, so each seed gives the same run every time: the bug tests need no margin for timing,
 * and each stops at its first caught run.
 */
class ShardsRunsTest {

    static final String MODEL = "ReplicatedShards-1";
    static final int RUNS = 100, BUG_RUNS = 100;
    static StateGraph graph;

    @BeforeAll
    static void explore() throws Exception {
        graph = ddm.conformance.Explored.graph(MODEL);
    }

    @Test
    void runsAreBehavioursOfTheSpecAndDecide() throws Exception {
        ValidateRuns v = new ValidateRuns(graph);
        ValidateRuns.Result r = ShardsRuns.runs(v, RUNS, 1);
        assertEquals(List.of(), r.failures().stream().map(Validator.Failure::report).toList(), r.summary());
        assertEquals(List.of(), r.problems(), r.summary());
        assertEquals(RUNS, r.totals().traces(), r.summary());
        Set<String> actions = v.traces().stream().flatMap(t -> t.actions().stream()).map(Label::action)
                .collect(Collectors.toSet());
        // Every action of the spec happens in some run (RMAskOutcome and TMRcvQuery: a shard that recovers prepared
        // after its TM's leader recovered aborted).
        assertTrue(actions.containsAll(Set.of("RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg",
                "TMRcvPrepared", "TMCommit", "TMAbort", "ReplicaAppend", "LeaderAct", "ElectLeader",
                "LoseDataCentre")), actions + " " + r.summary());
    }

    @Test
    void aLeaderThatActsBeforeAMajorityHoldsItsRecordIsCaught() throws Exception {
        Validator.Failure f = firstCaught(UnaryOperator.identity(), BrokenLeaders.ACTS_BEFORE_MAJORITY);
        assertTrue(Set.of("RMPrepare", "RMRcvCommitMsg", "RMRcvAbortMsg", "TMCommit")
                .contains(f.action().orElseThrow().action()), f.report());
        assertTrue(f.diff().stream().anyMatch(d -> d.startsWith("pending:")), f.report());
    }

    @Test
    void twoReplicasOfAShardInOneDataCentreAreCaught() throws Exception {
        Validator.Failure f = firstCaught(p -> p.moving("r1", "s2", "d1"), Leaders.STANDARD);
        assertEquals("LoseDataCentre", f.action().orElseThrow().action(), f.report());
        assertTrue(f.diff().stream().anyMatch(d -> d.startsWith("down:")), f.report());
    }

    @Test
    void aNewLeaderThatRecoversFromAMinorityIsCaught() throws Exception {
        Validator.Failure f = firstCaught(UnaryOperator.identity(), BrokenLeaders.RECOVERS_FROM_MINORITY);
        assertEquals("ElectLeader", f.action().orElseThrow().action(), f.report());
        assertTrue(f.diff().stream().anyMatch(d -> d.startsWith("pending:")), f.report());
    }

    /** The first failure in runs of seeds 1, 2, ... with the broken placement or leaders; fails if none is caught. */
    private static Validator.Failure firstCaught(UnaryOperator<ddm.commit.shards.Placement> placement, Leaders leaders)
            throws Exception {
        ValidateRuns v = new ValidateRuns(graph);
        ValidateRuns.Result r = ShardsRuns.runs(v, placement, leaders, BUG_RUNS, 1, true);
        assertFalse(r.failures().isEmpty(), "not caught in " + BUG_RUNS + " runs: " + r.summary());
        return r.failures().get(0);
    }
}
