package ddm.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.snapshot.Message.Transfer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripted runs in the simulator and one on the threaded runtime. */
class SnapshotScenarioTest {

    /** On a ring of 3, a transfer in flight across the cut is recorded as p1->p2's state; the snapshot prints. */
    @Test
    void aTransferCrossingTheCutIsRecordedAsChannelState() {
        SnapshotSimulation sim = new SnapshotSimulation(new SnapshotSimulation.Config(Graph.ring(3), 5, 10));
        sim.sendTransfer("p1", "p2", 2);   // before p1 records: inside the cut at p1
        sim.initiate("p2");                // p2 records 5; p1->p2 is recorded from now
        sim.rcvTransfer("p1", "p2");       // after p2 recorded: in flight at the cut
        sim.rcvMarker("p2", "p3");
        sim.rcvMarker("p3", "p1");
        sim.rcvMarker("p1", "p2");
        GlobalSnapshot snap = sim.snapshot().orElseThrow();
        assertEquals(List.of(new Transfer(2, 1)), snap.channels().get(new Channel("p1", "p2")));
        assertEquals(15, snap.totalMoney());
        assertEquals("""
                p1 balance 3
                p2 balance 5
                p3 balance 5
                p1->p2 in flight [transfer#1(2)]
                total 15""", snap.toString());
    }

    @Test
    void refusedStepsChangeNothing() {
        SnapshotSimulation sim = new SnapshotSimulation(new SnapshotSimulation.Config(Graph.ring(3), 1, 1));
        ChandyLamportSystem sys = new ChandyLamportSystem(sim);
        sim.sendTransfer("p1", "p2", 1);
        var before = sys.abstraction();
        assertThrows(ActionRefused.class, () -> sim.sendTransfer("p2", "p3", 1));   // MaxTransfers used up
        assertThrows(ActionRefused.class, () -> sim.sendTransfer("p1", "p3", 1));   // no channel p1->p3
        assertThrows(ActionRefused.class, () -> sim.rcvMarker("p1", "p2"));          // a transfer is at the head
        sim.initiate("p1");
        assertThrows(ActionRefused.class, () -> sim.initiate("p1"));
        sim.rcvTransfer("p1", "p2");
        before = sys.abstraction();
        assertThrows(ActionRefused.class, () -> sim.rcvTransfer("p1", "p2"));        // the marker is at the head
        assertEquals(before, sys.abstraction());
    }

    @Test
    void concurrentInitiatorsTakeOneSnapshot() {
        SnapshotSimulation sim = new SnapshotSimulation(new SnapshotSimulation.Config(Graph.complete(4), 2, 10));
        sim.initiate("p1");
        sim.initiate("p3");
        SnapshotProperties.drain(sim);
        assertTrue(sim.snapshotComplete());
        assertEquals(8, sim.snapshot().orElseThrow().totalMoney());
    }

    @Test
    void onlyStronglyConnectedGraphs() {
        assertThrows(IllegalArgumentException.class,
                () -> Graph.of(List.of("p1", "p2", "p3"), List.of(new Channel("p1", "p2"), new Channel("p2", "p3"))));
    }

    /** On threads, with transfers flowing and two initiators: the snapshot completes and holds all the money. */
    @Test
    void theThreadedRuntimeTakesAConsistentSnapshot() throws Exception {
        Graph g = Graph.complete(4);
        SnapshotRuntime rt = new SnapshotRuntime(g, new SnapshotRuntime.Config(100, 5_000, 10, 7));
        try {
            Thread.sleep(50);
            GlobalSnapshot snap = rt.snapshot(List.of("p1", "p4")).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(400, snap.totalMoney(), snap.toString());
            assertFalse(snap.balances().isEmpty());
        } finally {
            rt.close();
        }
        assertEquals(400, rt.money());
        assertTrue(rt.transfersSent() > 0);
    }
}
