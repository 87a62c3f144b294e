package ddm.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Snapshots.TaskSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threaded runtime computes what the simulator computes, with epochs completing; the file store round-trips. */
class EpochRuntimeTest {

    @Test
    void threadedRunsMatchTheSimulatorOnRandomDags(@TempDir Path dir) throws Exception {
        for (long seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            Dataflow df = RandomDataflows.dag(r, 2, 1 + r.nextInt(6));
            Map<String, List<long[]>> input = RandomDataflows.input(r, df, 300);
            EpochSimulation sim = new EpochSimulation(new EpochSimulation.Config(df, input, 0, 0));
            sim.runRandomly(new Random(seed), 1_000_000, false);
            EpochRuntime.Result res = new EpochRuntime(df, input, new EpochRuntime.Settings(4, 0, 50),
                    new FileCheckpointStore(dir.resolve("run" + seed))).run();
            for (Map.Entry<String, List<String>> sink : res.sinkOutputs().entrySet()) {
                Operator.Collect expected = (Operator.Collect) sim.task(sink.getKey()).operator();
                assertEquals(expected.output().stream().sorted().toList(), sink.getValue().stream().sorted().toList(),
                        "seed " + seed + " sink " + sink.getKey() + " of " + df);
            }
            long records = input.values().stream().mapToLong(List::size).sum();
            assertTrue(records < 100 || res.completedEpochs() > 0, "seed " + seed + ": no epoch completed");
        }
    }

    /**
     * Exactly-once on threads: with one to three failures at seeded step counts (each reached, since every run takes
     * more steps than its input has records), every sink ends with the output of the failure-free simulation. The file
     * store is used, so a failure that interrupted a write mid-way would show as a damaged part.
     */
    @Test
    void outputAfterFailuresEqualsFailureFreeOutput(@TempDir Path dir) throws Exception {
        int recovered = 0;
        for (long seed = 0; seed < 10; seed++) {
            Random r = new Random(seed);
            Dataflow df = RandomDataflows.dag(r, 2, 1 + r.nextInt(6));
            Map<String, List<long[]>> input = RandomDataflows.input(r, df, 300);
            long records = input.values().stream().mapToLong(List::size).sum();
            List<Long> failAt = new java.util.ArrayList<>();
            for (int i = 1 + r.nextInt(3); i > 0; i--) failAt.add(1 + (long) r.nextInt((int) Math.max(1, records)));
            failAt.sort(null);
            EpochSimulation sim = new EpochSimulation(new EpochSimulation.Config(df, input, 0, 0));
            sim.runRandomly(new Random(seed), 1_000_000, false);
            EpochRuntime.Result res = new EpochRuntime(df, input, new EpochRuntime.Settings(4, 0, 50, failAt),
                    new FileCheckpointStore(dir.resolve("run" + seed))).run();
            String repro = "seed " + seed + ", failures at steps " + failAt + " of " + df;
            assertEquals(failAt.size(), res.failures(), repro);
            recovered += res.failures();
            for (Map.Entry<String, List<String>> sink : res.sinkOutputs().entrySet()) {
                Operator.Collect expected = (Operator.Collect) sim.task(sink.getKey()).operator();
                assertEquals(expected.output().stream().sorted().toList(), sink.getValue().stream().sorted().toList(),
                        repro + ", sink " + sink.getKey());
            }
        }
        assertTrue(recovered >= 10, "only " + recovered + " failures");
    }

    /**
     * The must-fail twin: a recovery that restores the tasks but does not rewind the sources' positions (only their
     * epochs) loses the records emitted after the restored epoch's barriers, so some sink misses output. Every run
     * below fails after 150 steps, when records have been emitted since the last completed epoch; the test
     * stops at the first run that shows the loss.
     */
    @Test
    void aRecoveryThatDoesNotRewindTheSourcesLosesOutput(@TempDir Path dir) throws Exception {
        int lossy = 0;
        for (long seed = 0; seed < 5 && lossy == 0; seed++) {
            Random r = new Random(seed);
            Dataflow df = RandomDataflows.dag(r, 2, 1 + r.nextInt(6));
            Map<String, List<long[]>> input = RandomDataflows.input(r, df, 300);
            EpochSimulation sim = new EpochSimulation(new EpochSimulation.Config(df, input, 0, 0));
            sim.runRandomly(new Random(seed), 1_000_000, false);
            EpochRuntime.Hooks noRewind = new EpochRuntime.Hooks(Integer.MAX_VALUE, Task::new, node -> {},
                    NoRewind::new);
            EpochRuntime.Result res = new EpochRuntime(df, input, new EpochRuntime.Settings(4, 0, 20,
                    List.of(150L)), new FileCheckpointStore(dir.resolve("run" + seed)), noRewind).run();
            assertEquals(1, res.failures(), "seed " + seed);
            for (Map.Entry<String, List<String>> sink : res.sinkOutputs().entrySet()) {
                Operator.Collect expected = (Operator.Collect) sim.task(sink.getKey()).operator();
                if (!expected.output().stream().sorted().toList().equals(sink.getValue().stream().sorted().toList())) {
                    lossy++;
                }
            }
        }
        assertTrue(lossy > 0, "a recovery without rewinding the sources kept every sink's output in 5 runs");
    }

    /** Seeded bug: recovery restores the tasks and the sources' epochs, but the sources go on from where they were. */
    static final class NoRewind extends Recovery {
        NoRewind(Coordinator coordinator, List<Task> tasks, List<Source> sources) {
            super(coordinator, tasks, sources);
        }

        @Override
        public int recover(CheckpointStore store) {
            int l = coordinator.recover();
            for (Task t : tasks) t.restore(l, l == 0 ? Optional.empty() : store.task(t.name(), l));
            for (Source s : sources) s.rewind(l, s.emitted());
            return l;
        }
    }

    @Test
    void fileStoreKeepsWholePartsAndDiscardsAbortedEpochs(@TempDir Path dir) {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        store.put(new TaskSnapshot("op", 1, Map.of("s1", 3L), new long[] {0, 3}));
        store.put(new TaskSnapshot("op", 2, Map.of("s1", 5L), new long[] {0, 5}));
        store.put(new SourceOffset("s1", 2, 5));
        assertEquals(5L, store.task("op", 2).orElseThrow().consumed().get("s1"));
        assertEquals(5, store.source("s1", 2).orElseThrow().offset());
        store.discardAfter(1);
        assertEquals(Optional.empty(), store.task("op", 2));
        assertEquals(3L, store.task("op", 1).orElseThrow().consumed().get("s1"));
        assertTrue(Files.exists(dir.resolve("task-op.1")));
    }
}
