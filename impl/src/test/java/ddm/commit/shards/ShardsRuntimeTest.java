package ddm.commit.shards;

import ddm.commit.TmState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2PC over MicroRaft-replicated shards on threads: without faults every transaction commits; with a data centre lost
 * in the middle of a batch (the leaders of every group among them), every transaction still ends, the same way at
 * every RM, once the survivors have elected new leaders and the undecided transactions time out. Each loop is bounded
 * in time and count; nothing asserts on elapsed time.
 */
class ShardsRuntimeTest {

    static final List<String> RMS = List.of("r1", "r2", "r3");
    static final List<String> SLOTS = List.of("s1", "s2", "s3"), DCS = List.of("d1", "d2", "d3");

    @Test
    void withoutFaultsEveryTransactionCommits() throws Exception {
        try (ShardsRuntime rt = new ShardsRuntime(RMS, SLOTS, DCS, 1)) {
            List<CompletableFuture<TmState>> txs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                txs.add(rt.submit());
            }
            for (CompletableFuture<TmState> f : txs) {
                assertEquals(TmState.COMMITTED, f.get(20, TimeUnit.SECONDS));
            }
            assertEquals(java.util.Map.of(), rt.inconsistent());
        }
    }

    @Test
    void losingADataCentreDecidesEveryTransactionAlike() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            try (ShardsRuntime rt = new ShardsRuntime(RMS, SLOTS, DCS, seed)) {
                List<CompletableFuture<TmState>> txs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    txs.add(rt.submit());
                    if (i == 40 + seed * 10) {
                        rt.loseDataCentre("d1");   // every group's first leader is there
                    }
                }
                assertTrue(rt.awaitLeaders(20_000), "no new leaders after the loss");
                for (int round = 0; round < 200 && !rt.undecided().isEmpty(); round++) {
                    rt.timeOut();
                    Thread.sleep(10);
                }
                assertEquals(Set.of(), rt.undecided(), "seed " + seed);
                for (CompletableFuture<TmState> f : txs) {
                    assertTrue(f.isDone());
                }
                assertEquals(java.util.Map.of(), rt.inconsistent(), "seed " + seed);
            }
        }
    }
}
