package ddm.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.epoch.EpochEvent.Recover;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Recovery is exactly-once: on random DAGs (up to 6 tasks, fan-in and fan-out) with random inputs, a run with
 * failures at random points ends with the same outputs and task states as a failure-free run of the same input.
 * Each run is one seed for the schedule; the failure points are step numbers; a failure prints both to reproduce.
 */
class EpochRecoveryProperties {

    static final int MAX_STEPS = 100_000;

    @Property(tries = 300)
    void outputAfterRecoveryEqualsFailureFreeOutput(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 2) int sources,
            @ForAll @IntRange(min = 1, max = 6) int tasks,
            @ForAll @IntRange(min = 1, max = 3) int epochs,
            @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 60) Integer> failurePoints) {
        Random r = new Random(seed);
        Dataflow df = RandomDataflows.dag(r, sources, tasks);
        Map<String, List<long[]>> input = RandomDataflows.input(r, df, 6);
        String repro = "seed " + seed + ", " + df + ", failures at " + failurePoints;

        EpochSimulation clean = new EpochSimulation(new EpochSimulation.Config(df, input, epochs, 0));
        clean.runRandomly(new Random(seed), MAX_STEPS, false);
        assertDone(clean, repro);

        EpochSimulation faulty = new EpochSimulation(new EpochSimulation.Config(df, input, epochs, failurePoints.size()));
        runWithFailures(faulty, seed, failurePoints);
        Statistics.label("failures").collect(faulty.failures());
        assertDone(faulty, repro);
        assertEquals(RandomDataflows.outcome(clean), RandomDataflows.outcome(faulty), repro);
    }

    /** Random events from {@code seed}, and a failure at each of {@code failurePoints} (step numbers). */
    static void runWithFailures(EpochSimulation sim, long seed, List<Integer> failurePoints) {
        TreeSet<Integer> failAt = new TreeSet<>(failurePoints);
        Random schedule = new Random(seed + 1);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (failAt.contains(step) && sim.refusal(new Recover()).isEmpty()) {
                sim.step(new Recover());
                continue;
            }
            List<EpochEvent> en = sim.enabled().stream().filter(e -> !(e instanceof Recover)).toList();
            if (en.isEmpty()) break;
            sim.step(en.get(schedule.nextInt(en.size())));
        }
    }

    /**
     * Teeth: a recovery that restarts each node from the latest epoch it recorded itself (complete or not) must make
     * the property fail for some seed.
     */
    @Example
    void recoveringFromAnIncompleteEpochIsCaught() {
        int caught = 0;
        for (long seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            Dataflow df = RandomDataflows.dag(r, 2, 3);
            Map<String, List<long[]>> input = RandomDataflows.input(r, df, 6);
            EpochSimulation clean = new EpochSimulation(new EpochSimulation.Config(df, input, 2, 0));
            clean.runRandomly(new Random(seed), MAX_STEPS, false);
            EpochSimulation broken = new RecoverLatest(new EpochSimulation.Config(df, input, 2, 1));
            try {
                runWithFailures(broken, seed, List.of(5 + r.nextInt(30)));
                if (!RandomDataflows.outcome(clean).equals(RandomDataflows.outcome(broken))) caught++;
            } catch (IllegalStateException impossible) {
                caught++; // the broken recovery drove a task into a state the protocol rejects (a barrier overtaking)
            }
        }
        assertTrue(caught > 0, "recovery from incomplete epochs went unnoticed in 200 runs");
    }

    /** Test-only broken recovery: each node restores the latest epoch it recorded itself. */
    static final class RecoverLatest extends EpochSimulation {
        RecoverLatest(Config c) {
            super(c);
        }

        @Override
        protected void recover() {
            failures++;
            loseInFlight();
            for (String t : dataflow.tasks()) task(t).restore(task(t).recorded(), store.task(t, task(t).recorded()));
            for (String s : dataflow.sources()) {
                int e = source(s).recorded();
                source(s).rewind(e, e == 0 ? 0 : store.source(s, e).orElseThrow().offset());
            }
        }
    }

    /** Quiescent, as the spec's Drains says, and ExactlyOnce: each task consumed paths(s, t) x |input of s|. */
    static void assertDone(EpochSimulation sim, String repro) {
        Dataflow df = sim.dataflow();
        assertEquals(sim.config().maxEpoch(), sim.coordinator().lastCompleted(), "every epoch completes: " + repro);
        for (Channel c : df.channels()) assertTrue(sim.chan(c).isEmpty(), c + " drained: " + repro);
        for (String t : df.tasks()) {
            for (String s : df.sources()) {
                long expected = df.paths(s, t) * sim.source(s).size();
                assertEquals(expected, (long) sim.task(t).consumed().getOrDefault(s, 0L),
                        "ExactlyOnce at " + t + " for " + s + ": " + repro);
            }
        }
    }
}
