package ddm.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.paxos.Learner;
import ddm.commit.paxos.PaxosRm;
import ddm.commit.paxos.Quorums;
import ddm.log.MemoryLog;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The RM bookkeeping that 2PC's and Paxos Commit's RMs share ({@link RmStates}), and the simulators' logs
 * ({@link NodeLogs}). The two RMs must recover the same log to the same states: they share the log format and the
 * presumed-abort rule, so a difference would be a bug in one of them.
 */
class RmStatesTest {

    /** tx 1 prepared and committed, tx 2 prepared only, tx 3 aborted after preparing, tx 4 never logged. */
    private static final List<DurableRecord> LOG = List.of(
            new DurableRecord.Prepared(1), new DurableRecord.Prepared(2), new DurableRecord.Committed(1),
            new DurableRecord.Prepared(3), new DurableRecord.Aborted(3));

    @Test
    void recoveryKeepsOutcomesPreparesAgainAndPresumesAbort() {
        RmStates rm = new RmStates("r1");
        for (long tx = 1; tx <= 4; tx++) {
            rm.begin(tx);
        }
        rm.move(1, RmState.COMMITTED);
        rm.crash();
        assertFalse(rm.isUp());
        assertEquals(RmState.ABORTED, rm.state(1), "a crash loses all volatile state");
        rm.recover(LOG);
        assertTrue(rm.isUp());
        assertEquals(RmState.COMMITTED, rm.state(1));
        assertEquals(RmState.PREPARED, rm.state(2));
        assertEquals(RmState.ABORTED, rm.state(3));
        assertEquals(RmState.ABORTED, rm.state(4));
    }

    @Test
    void anOutcomeLoggedBeforeALatePrepareRecordStays() {
        RmStates rm = new RmStates("r1");
        rm.crash();
        rm.recover(List.of(new DurableRecord.Committed(7), new DurableRecord.Prepared(7)));
        assertEquals(RmState.COMMITTED, rm.state(7));
    }

    @Test
    void beginIsRefusedTwiceOrWhenDownNamingTheState() {
        RmStates rm = new RmStates("r1");
        rm.begin(1);
        ActionRefused twice = assertThrows(ActionRefused.class, () -> rm.begin(1));
        assertEquals("Begin(r1) is not enabled: r1 is working in tx 1", twice.getMessage());
        rm.crash();
        ActionRefused down = assertThrows(ActionRefused.class, () -> rm.begin(2));
        assertEquals("Begin(r1) is not enabled: r1 is down", down.getMessage());
    }

    @Test
    void moveReturnsTheStateLeft() {
        RmStates rm = new RmStates("r1");
        rm.begin(1);
        assertEquals(RmState.WORKING, rm.move(1, RmState.PREPARED));
        assertTrue(rm.upIn(1, RmState.PREPARED));
        assertFalse(rm.upIn(1, RmState.WORKING));
    }

    @Test
    void bothRmsRecoverTheSameLogToTheSameStates() {
        ResourceManager twoPhase = new ResourceManager("r1");
        PaxosRm paxos = new PaxosRm("r1", List.of("r1", "r2"), new Learner(Quorums.majorities(List.of("a1"))));
        twoPhase.rmCrash();
        twoPhase.rmRecover(LOG);
        paxos.crash();
        paxos.recover(LOG);
        for (long tx = 1; tx <= 4; tx++) {
            assertEquals(twoPhase.state(tx), paxos.state(tx), "tx " + tx);
        }
        assertEquals(twoPhase.toString(), paxos.toString());
    }

    @Test
    void nodeLogsForceWhatSurvivesACrash() {
        NodeLogs logs = new NodeLogs();
        MemoryLog log = new MemoryLog();
        logs.add("tm", log);
        logs.force("tm", List.of(new byte[] {1}, new byte[] {2}));
        log.append(new byte[] {3});   // appended by hand, never forced: a crash must drop it
        logs.crash("tm");
        List<byte[]> kept = logs.read("tm");
        assertEquals(2, kept.size());
        assertArrayEquals(new byte[] {2}, kept.get(1));
        assertThrows(IllegalArgumentException.class, () -> logs.read("r9"));
        assertThrows(IllegalArgumentException.class, () -> logs.add("tm", new MemoryLog()));
    }
}
