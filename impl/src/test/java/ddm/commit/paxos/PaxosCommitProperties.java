package ddm.commit.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.RmState;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Paxos Commit under random schedules with faults: acceptors crash and recover from their logs (at most F down at
 * once), leaders stop for good, messages are delivered late, twice or never, several transactions run at once. Each
 * run is driven by one seed (printed on failure by jqwik, so a failure replays); steps are counted, never timed.
 */
class PaxosCommitProperties {

    private static final int MAX_BALLOT = 3;

    static PaxosCommitSimulation system(int rms, int acceptors, int transactions) {
        List<String> r = new ArrayList<>();
        List<String> a = new ArrayList<>();
        for (int i = 1; i <= rms; i++) r.add("r" + i);
        for (int i = 1; i <= acceptors; i++) a.add("a" + i);
        PaxosCommitSimulation sim = new PaxosCommitSimulation(
                PaxosCommitSimulation.Setup.tolerating(r, a, MAX_BALLOT));
        for (long tx = 1; tx <= transactions; tx++) sim.begin(tx);
        return sim;
    }

    /** Runs at most maxSteps random events that allowed accepts, checking safety after each; returns steps run. */
    static int run(PaxosCommitSimulation sim, Random random, int maxSteps, Predicate<PaxosEvent> allowed) {
        for (int step = 0; step < maxSteps; step++) {
            List<PaxosEvent> choices = sim.enabled().stream().filter(allowed).toList();
            if (choices.isEmpty()) return step;
            sim.step(choices.get(random.nextInt(choices.size())));
            assertSafe(sim);
        }
        return maxSteps;
    }

    /** Consistency (no RM commits while another aborts) and ChosenUnique, in every transaction. */
    static void assertSafe(PaxosCommitSimulation sim) {
        Learner learner = new Learner(sim.quorums());
        for (long tx : sim.transactions()) {
            boolean committed = false, aborted = false;
            for (String r : sim.setup().rms()) {
                PaxosRm rm = sim.rm(r);
                if (!rm.isUp()) continue;
                committed |= rm.state(tx) == RmState.COMMITTED;
                aborted |= rm.state(tx) == RmState.ABORTED && sim.sent(tx).stream().anyMatch(m ->
                        m instanceof PaxosMessage.Phase2a p && p.bal() == 0 && p.ins().equals(r));
                List<PaxosMessage.Phase2b> votes = sim.sent(tx, PaxosMessage.Phase2b.class);
                assertTrue(!(learner.chosen(tx, r, Vote.PREPARED, votes) && learner.chosen(tx, r, Vote.ABORTED, votes)),
                        () -> "instance " + r + " of tx " + tx + " chose both values\n" + sim.trace());
            }
            for (String r1 : sim.setup().rms()) {
                for (String r2 : sim.setup().rms()) {
                    assertTrue(!(sim.rm(r1).state(tx) == RmState.COMMITTED && sim.rm(r2).state(tx) == RmState.ABORTED
                                    && voted(sim, tx, r2)),
                            () -> "tx " + tx + ": " + r1 + " committed, " + r2 + " aborted\n" + sim.trace());
                }
            }
        }
    }

    /** Whether r took part (voted in ballot 0): an RM that never voted is aborted by default, which says nothing. */
    private static boolean voted(PaxosCommitSimulation sim, long tx, String r) {
        return sim.sent(tx).stream().anyMatch(m -> m instanceof PaxosMessage.Phase2a p && p.bal() == 0 && p.ins().equals(r))
                || sim.rm(r).state(tx) == RmState.ABORTED;
    }

    /** Safety with every fault on: consistency and unique choice hold after every step. */
    @Property(tries = 300)
    void consistentAtEveryStep(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rms,
                               @ForAll @IntRange(min = 1, max = 2) int f, @ForAll @IntRange(min = 1, max = 2) int txs) {
        PaxosCommitSimulation sim = system(rms, 2 * f + 1, txs);
        int steps = run(sim, new Random(seed), 400, e -> true);
        Statistics.label("steps").collect(steps >= 400 ? "400 (bound)" : steps < 50 ? "<50" : "50-399");
    }

    /**
     * Non-blocking: after a random faulty prefix, the first leader stops for good, crashed acceptors stay down (at
     * most F, so a majority is up), RMs that have not voted never will, and no more faults happen. Delivering every
     * message (running until nothing is enabled), every RM learns the outcome: the top ballot's leader, which nobody
     * outbids, gets every undecided instance decided, and the RMs learn it from a quorum of acceptors.
     */
    @Property(tries = 200)
    void nonBlockingWhenTheFirstLeaderNeverReturns(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rms,
                                                   @ForAll @IntRange(min = 1, max = 2) int f,
                                                   @ForAll @IntRange(min = 0, max = 120) int prefix) {
        PaxosCommitSimulation sim = system(rms, 2 * f + 1, 1);
        Random random = new Random(seed);
        run(sim, random, prefix, e -> !(e instanceof PaxosEvent.AcceptorRecover));
        if (sim.isEnabled(new PaxosEvent.LeaderStop(1))) sim.step(new PaxosEvent.LeaderStop(1));
        assertTrue(sim.down().size() <= f);
        int steps = run(sim, random, 20_000, e -> !(e.isFault() || e instanceof PaxosEvent.AcceptorRecover
                || e instanceof PaxosEvent.RmPrepare || e instanceof PaxosEvent.RmChooseToAbort));
        assertTrue(steps < 20_000, "the liveness phase did not settle");
        for (String r : sim.setup().rms()) {
            RmState s = sim.rm(r).state(1);
            assertTrue(s == RmState.COMMITTED || s == RmState.ABORTED,
                    () -> r + " is " + s.spec() + " with " + sim.down() + " down, seed " + seed + "\n" + sim.trace());
        }
        Statistics.label("outcome").collect(sim.rm("r1").state(1));
    }

    /** An acceptor that crashes after promising and voting recovers both from its log. */
    @Example
    void acceptorRecoversItsPromiseAndVote() {
        PaxosCommitSimulation sim = system(1, 3, 1);
        sim.step(new PaxosEvent.RmPrepare("r1", 1));
        PaxosMessage.Phase2a vote = new PaxosMessage.Phase2a(1, "r1", 0, Vote.PREPARED);
        sim.step(new PaxosEvent.Phase2b("a1", vote));
        sim.step(new PaxosEvent.Phase1a(2, "r1", 1));
        sim.step(new PaxosEvent.Phase1b("a1", new PaxosMessage.Phase1a(1, "r1", 2)));
        Acceptor.InstanceState before = sim.acceptor("a1").state(1, "r1");
        sim.step(new PaxosEvent.AcceptorCrash("a1"));
        assertEquals(before, sim.acceptorState("a1", 1, "r1"));
        sim.step(new PaxosEvent.AcceptorRecover("a1"));
        assertEquals(new Acceptor.InstanceState(2, 0, Vote.PREPARED), sim.acceptor("a1").state(1, "r1"));
        // The promise holds after recovery: a ballot-1 proposal is refused.
        assertTrue(!sim.acceptor("a1").canPhase2b(new PaxosMessage.Phase2a(1, "r1", 1, Vote.ABORTED)));
    }

    /** The fast path: every RM prepares, acceptors vote, RMs learn: two message delays, two forces before commit. */
    @Example
    void fastPathCommitsInTwoMessageDelays() {
        PaxosCommitSimulation sim = system(3, 3, 1);
        Random random = new Random(1);
        run(sim, random, 10_000, e -> !(e.isFault() || e instanceof PaxosEvent.AcceptorRecover
                || e instanceof PaxosEvent.RmChooseToAbort || e instanceof PaxosEvent.Phase1a));
        for (String r : sim.setup().rms()) {
            assertEquals(RmState.COMMITTED, sim.rm(r).state(1), sim.trace().toString());
            PaxosCommitSimulation.Clock c = sim.decisionClock(r, 1);
            assertEquals(2, c.hops());
            assertEquals(3, c.forces());   // prepare record, acceptor's vote, the RM's commit record
        }
    }
}
