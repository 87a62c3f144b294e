package ddm.commit.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.RmState;
import ddm.commit.TmState;
import ddm.log.MemoryLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Paxos Commit on threads: every RM prepared commits; one RM's abort aborts; and, non-blocking, with an acceptor
 * crashed and an RM that never votes, the ballot-1 leader's takeover gets every transaction aborted and learned.
 */
class PaxosCommitRuntimeTest {

    static final List<String> RMS = List.of("r1", "r2"), ACCEPTORS = List.of("a1", "a2", "a3");
    static final long LONG = 60_000_000;
    final Map<String, MemoryLog> logs = new HashMap<>();

    /**
     * A runtime whose leaders take over after {@code takeoverMicros} per ballot: long where a test expects commits
     * (a leader that takes over an instance before its RM's vote arrives aborts it, which is correct but not what
     * such a test checks), short where the takeover is the point.
     */
    PaxosCommitRuntime runtime(PaxosCommitRuntime.Votes votes, long takeoverMicros) {
        return new PaxosCommitRuntime(PaxosCommitSimulation.Setup.tolerating(RMS, ACCEPTORS, 2),
                PaxosCommitSimulation.STANDARD, n -> logs.computeIfAbsent(n, k -> new MemoryLog()),
                new PaxosCommitRuntime.Config(takeoverMicros, 100, 20, 7), votes);
    }

    @Test
    void everyRmPreparedCommitsAndForcesBeforeItsMessagesLeave() throws Exception {
        try (PaxosCommitRuntime rt = runtime((rm, tx) -> Vote.PREPARED, LONG)) {
            for (int i = 0; i < 20; i++) {
                assertEquals(TmState.COMMITTED, rt.submit().get(10, TimeUnit.SECONDS));
            }
            for (String r : RMS) assertEquals(RmState.COMMITTED, rt.rm(r).state(20));
            // Each RM forced a prepare and a commit record per transaction; each acceptor at least one vote per
            // instance that a quorum chose.
            assertEquals(40, logs.get("r1").durableCount());
            assertTrue(rt.forces() >= 20 * (2 * 2 + 2 * 2), "forces " + rt.forces());
        }
    }

    @Test
    void oneAbortVoteAbortsTheTransaction() throws Exception {
        try (PaxosCommitRuntime rt = runtime((rm, tx) -> rm.equals("r2") && tx % 2 == 0 ? Vote.ABORTED
                : Vote.PREPARED, LONG)) {
            for (long tx = 1; tx <= 10; tx++) {
                assertEquals(tx % 2 == 0 ? TmState.ABORTED : TmState.COMMITTED, rt.submit().get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aSilentRmAndACrashedAcceptorDoNotBlock() throws Exception {
        try (PaxosCommitRuntime rt = runtime((rm, tx) -> rm.equals("r1") ? null : Vote.PREPARED, 1_000)) {
            rt.crash("a2");
            for (int i = 0; i < 5; i++) {
                assertEquals(TmState.ABORTED, rt.submit().get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aRecoveredAcceptorKeepsItsPromisesAndVotes() throws Exception {
        try (PaxosCommitRuntime rt = runtime((rm, tx) -> Vote.PREPARED, LONG)) {
            assertEquals(TmState.COMMITTED, rt.submit().get(10, TimeUnit.SECONDS));
            rt.crash("a1");
            rt.recover("a1");
            assertEquals(TmState.COMMITTED, rt.submit().get(10, TimeUnit.SECONDS));
        }
        // After close: a1 rebuilt from its log what it had voted in tx 1 before the crash.
        Acceptor image = new Acceptor("a1");
        image.crash();
        image.recover(logs.get("a1").readAll().stream().map(AcceptorRecord::decode).toList());
        assertEquals(Vote.PREPARED, image.state(1, "r1").val());
    }
}
