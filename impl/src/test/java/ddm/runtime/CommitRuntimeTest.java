package ddm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ddm.commit.DurableRecord;
import ddm.commit.TmState;
import ddm.log.MemoryLog;
import org.junit.jupiter.api.Test;

/**
 * The threaded runtime end to end. Nothing here is timed: each test waits on the transactions' own futures (the
 * bound on get is a hang guard, not a measurement).
 */
class CommitRuntimeTest {

    private static final List<String> RMS = List.of("r1", "r2", "r3");

    @Test
    void concurrentTransactionsAllCommitAndEveryNodeLoggedThem() throws Exception {
        Map<String, MemoryLog> logs = new HashMap<>();
        int n = 300;
        List<CompletableFuture<TmState>> outcomes = new ArrayList<>();
        try (CommitRuntime rt = new CommitRuntime(RMS, name -> logs.computeIfAbsent(name, x -> new MemoryLog()),
                new CommitRuntime.Config(4 * n, 60_000, 16))) {
            for (int i = 0; i < n; i++) {
                outcomes.add(rt.submit());
            }
            for (CompletableFuture<TmState> f : outcomes) {
                assertEquals(TmState.COMMITTED, f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(0, rt.dropped());
        }
        // The TM forced a commit record per transaction; each RM a prepare and a commit record.
        assertEquals(n, count(logs.get("tm"), "committed"));
        for (String r : RMS) {
            assertEquals(n, count(logs.get(r), "prepared"));
            assertEquals(n, count(logs.get(r), "committed"));
            assertEquals(0, logs.get(r).unforcedCount());
        }
    }

    @Test
    void lostMessagesAreCoveredByTimeoutsAndQueries() throws Exception {
        // A mailbox of one item drops most messages when transactions pile up: the TM aborts what it cannot commit
        // in time, prepared RMs ask, and every transaction still ends with one outcome applied by every RM.
        int n = 20;
        List<CompletableFuture<TmState>> outcomes = new ArrayList<>();
        try (CommitRuntime rt = new CommitRuntime(RMS, name -> new MemoryLog(), new CommitRuntime.Config(1, 5, 1))) {
            for (int i = 0; i < n; i++) {
                outcomes.add(rt.submit());
            }
            for (CompletableFuture<TmState> f : outcomes) {
                TmState s = f.get(60, TimeUnit.SECONDS);
                assertTrue(s == TmState.COMMITTED || s == TmState.ABORTED);
            }
        }
    }

    @Test
    void transactionsInFlightAtCrashesOfTheTmAndAnRmFinishAfterRecoveryWithOneOutcome() throws Exception {
        // The TM and r2 crash with transactions in flight and come back: prepared RMs ask, the recovered TM answers
        // from its commit records (Abort otherwise), and every transaction ends with the outcome its logs show.
        Map<String, MemoryLog> logs = new HashMap<>();
        int n = 40;
        List<CompletableFuture<TmState>> outcomes = new ArrayList<>();
        try (CommitRuntime rt = new CommitRuntime(RMS, name -> logs.computeIfAbsent(name, x -> new MemoryLog()),
                new CommitRuntime.Config(64, 5, 4))) {
            for (int i = 0; i < n; i++) {
                outcomes.add(rt.submit());
                if (i == n / 2) {
                    rt.crash("tm").get(60, TimeUnit.SECONDS);
                    rt.crash("r2").get(60, TimeUnit.SECONDS);
                    rt.recover("tm").get(60, TimeUnit.SECONDS);
                    rt.recover("r2").get(60, TimeUnit.SECONDS);
                }
            }
            for (int i = 0; i < n; i++) {
                TmState s = outcomes.get(i).get(60, TimeUnit.SECONDS);
                long tx = i + 1;
                boolean tmCommitted = has(logs.get("tm"), "committed", tx);
                assertEquals(s == TmState.COMMITTED, tmCommitted, "tx " + tx);
                for (String r : RMS) {
                    assertEquals(tmCommitted, has(logs.get(r), "committed", tx), r + " in tx " + tx);
                }
            }
        }
    }

    @Test
    void transactionsSubmittedWhileANodeIsDownAbort() throws Exception {
        // A down node loses its Begin: a down RM never votes, so the TM cannot commit; a down TM never opens the
        // transaction, so once up it answers the prepared RMs' queries Abort (presumed abort).
        for (String down : List.of("r3", "tm")) {
            try (CommitRuntime rt = new CommitRuntime(RMS, name -> new MemoryLog(),
                    new CommitRuntime.Config(64, 5, 4))) {
                rt.crash(down).get(60, TimeUnit.SECONDS);
                List<CompletableFuture<TmState>> outcomes = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    outcomes.add(rt.submit());
                }
                rt.recover(down).get(60, TimeUnit.SECONDS);
                for (CompletableFuture<TmState> f : outcomes) {
                    assertEquals(TmState.ABORTED, f.get(60, TimeUnit.SECONDS), down + " was down");
                }
                rt.submit().get(60, TimeUnit.SECONDS);   // one after recovery finishes too (5 ms may abort it)
            }
        }
    }

    private static boolean has(MemoryLog log, String kind, long tx) {
        return log.readAll().stream().map(DurableRecord::decode).anyMatch(r -> r.kind().equals(kind) && r.tx() == tx);
    }

    private static long count(MemoryLog log, String kind) {
        return log.readAll().stream().map(DurableRecord::decode).filter(r -> r.kind().equals(kind)).count();
    }
}
