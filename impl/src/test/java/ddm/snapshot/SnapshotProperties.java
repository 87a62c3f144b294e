package ddm.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Random strongly connected graphs of 3–6 processes, random interleavings of transfers, initiations (several
 * processes may initiate) and deliveries in the simulator, then the channels drained: the snapshot completes, its cut
 * is consistent, every recorded state is the state at the cut (as the run's history says), and it holds all the money.
 * Everything is a list of small integers, so jqwik shrinks a failing case to a small graph and a short run, and the
 * failure prints the run's events.
 */
class SnapshotProperties {

    static final long INIT_BALANCE = 3;

    /**
     * A strongly connected graph: a cycle p1..pk, then each further process joined by a channel from an earlier one
     * and a channel back to an earlier one (an ear), then extra channels. Ears make graphs without a Hamiltonian cycle
     * too (two cycles through one process).
     */
    static Graph graph(int n, int k, List<Integer> ears, List<Integer> extras) {
        List<Channel> cs = new ArrayList<>();
        List<String> ps = Graph.names(n);
        k = Math.max(2, Math.min(k, n));
        for (int i = 0; i < k; i++) {
            cs.add(new Channel(ps.get(i), ps.get((i + 1) % k)));
        }
        for (int i = k; i < n; i++) {
            int a = ears.isEmpty() ? 0 : ears.get((2 * i) % ears.size()) % i;
            int b = ears.isEmpty() ? 0 : ears.get((2 * i + 1) % ears.size()) % i;
            cs.add(new Channel(ps.get(a), ps.get(i)));
            cs.add(new Channel(ps.get(i), ps.get(b)));
        }
        for (int e : extras) {
            int from = e % n, to = (e / n) % n;
            if (from != to) {
                cs.add(new Channel(ps.get(from), ps.get(to)));
            }
        }
        return Graph.of(ps, cs);
    }

    @Property(tries = 300)
    void everyCompletedSnapshotIsAConsistentCutAndConservesMoney(
            @ForAll @IntRange(min = 3, max = 6) int n,
            @ForAll @IntRange(min = 2, max = 6) int cycle,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 35) Integer> ears,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 35) Integer> extras,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 99) Integer> choices,
            @ForAll @IntRange(min = 0, max = 5) int firstInitiator) {
        Graph g = graph(n, cycle, ears, extras);
        SnapshotSimulation sim = new SnapshotSimulation(new SnapshotSimulation.Config(g, INIT_BALANCE, 12));
        for (int choice : choices) {
            List<SnapshotEvent> enabled = sim.enabled();
            if (enabled.isEmpty()) {
                break;
            }
            sim.step(enabled.get(choice % enabled.size()));
        }
        String initiator = g.processes().stream().toList().get(firstInitiator % n);
        if (!sim.node(initiator).recorded()) {
            sim.initiate(initiator);
        }
        drain(sim);
        String run = "graph " + g + "\nrun:\n" + sim.trace();
        assertTrue(sim.snapshotComplete(), "the snapshot did not complete\n" + run);
        GlobalSnapshot snap = sim.snapshot().orElseThrow();
        assertEquals(INIT_BALANCE * n, snap.totalMoney(), "the snapshot's money\n" + snap + "\n" + run);
        History h = sim.history();
        for (Channel c : g.channels()) {
            assertTrue(h.consistentOn(c), "the cut is inconsistent on " + c + "\n" + run);
            assertEquals(h.inTransit(c), snap.channels().get(c), "channel state of " + c + "\n" + run);
        }
        for (String p : g.processes()) {
            assertEquals(h.balanceAtCut(p, INIT_BALANCE), snap.balances().get(p), "state of " + p + "\n" + run);
        }
        assertEquals(INIT_BALANCE * n, sim.money(), "money now\n" + run);
        Statistics.label("in flight recorded").collect(snap.inFlightTransfers() > 0);
    }

    /** Delivers every message in flight, sending no more transfers, until nothing is left. */
    static void drain(SnapshotSimulation sim) {
        for (int guard = 0; guard < 10_000; guard++) {
            List<SnapshotEvent> deliveries = sim.enabled().stream()
                    .filter(e -> e instanceof SnapshotEvent.RcvMarker || e instanceof SnapshotEvent.RcvTransfer).toList();
            if (deliveries.isEmpty()) {
                return;
            }
            sim.step(deliveries.get(0));
        }
        throw new AssertionError("the channels did not drain");
    }
}
