package ddm.commit.shards;

import ddm.commit.CommitEvent;
import ddm.sim.RandomScheduler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded runs of 2PC over MicroRaft-replicated shards in the simulator: with one data centre lost at a random moment,
 * every RM decides, all alike, and the outcome survives on a majority of each shard.
 */
class ShardsSimulationTest {

    static final List<String> SLOTS = List.of("s1", "s2", "s3");
    static final List<String> DCS = List.of("d1", "d2", "d3");

    @Test
    void bootstrapElectsEveryGroupsLeaderInItsFirstSlot() {
        ShardsSimulation sim = new ShardsSimulation(List.of("r1", "r2"), SLOTS, DCS, 1, 7);
        sim.begin(1);
        for (String g : List.of("r1", "r2", "tm")) {
            assertEquals("s1", sim.group(g).leaderSlot(), g);
        }
        Map<String, Object> a = sim.abstraction(1);
        assertEquals(Map.of("r1", "working", "r2", "working"), a.get("rmState"));
        assertEquals("init", a.get("tmState"));
        assertEquals(Map.of("r1", 1L, "r2", 1L, "tm", 1L), a.get("term"));
        assertEquals(Map.of("r1", false, "r2", false, "tm", false), a.get("pending"));
    }

    @Test
    void everyRunDecidesAlikeDespiteOneDataCentreLost() {
        for (long seed = 1; seed <= 60; seed++) {
            ShardsSimulation sim = new ShardsSimulation(List.of("r1", "r2"), SLOTS, DCS, 1, seed);
            sim.begin(1);
            RandomScheduler s = new RandomScheduler(seed);
            // safety phase: a data centre lost after a seeded number of steps; then the run goes on without faults
            s.run(sim, (int) (seed * 7 % 60), e -> !(e instanceof ShardEvent.LoseDataCentre));
            s.run(sim, 1, e -> e instanceof ShardEvent.LoseDataCentre);
            int steps = s.run(sim, 20_000, e -> !(e instanceof ShardEvent.LoseDataCentre));
            assertTrue(steps < 20_000, "seed " + seed + " did not quiesce:\n" + sim.trace());
            Set<String> outcomes = new java.util.TreeSet<>();
            for (String r : sim.rmNames()) {
                String st = sim.acted(r, 1);
                assertTrue(st.equals("committed") || st.equals("aborted"), "seed " + seed + ": " + r + " is " + st);
                outcomes.add(st);
            }
            assertEquals(1, outcomes.size(), "seed " + seed + ": " + outcomes);
            assertFalse(sim.enabled().stream().anyMatch(e -> e instanceof ShardEvent.Step st
                    && !(st.event() instanceof CommitEvent.RmAskOutcome)), "seed " + seed);
        }
    }
}
