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
