package ddm.bench;

import ddm.commit.CommitEvent;
import ddm.commit.CommitMessage;
import ddm.commit.CommitSimulation;
import ddm.commit.RmState;
import ddm.commit.TmState;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosEvent;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.Vote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Paxos Commit against two-phase commit on the same workload and machine. Not a test: it prints numbers and asserts
 * nothing. Workload: n RMs (3 and 5), every RM prepares, no failure: the common case both protocols optimise.
 *
 * <p>Per transaction, measured in the simulator by causal clocks (the longest chain of steps up to the last RM's
 * commit; a node's steps in one instance are a chain, independent instances are not): message delays, and forced
 * writes on that chain (the RM's prepare record, then the TM's decision or the acceptors' votes, then the RM's commit
 * record); messages (a broadcast counted once, and as point-to-point sends); forced writes in all. Throughput:
 * committed transactions per second in the simulator (memory logs, scripted happy path, one thread), median of
 * {@code rounds} rounds of {@code seconds} each (every protocol once a round, in a shuffled order), and the ratio to
 * 2PC with the same RMs as the median of the rounds' paired ratios with their 5th-95th percentile ({@link Ratios}).
 *
 * <p>Run from the repository root after building impl (any build directory; the classes folder on the class path):
 * <pre>java -cp impl/target/classes:RATIOS bench/paxos/PaxosCommitBench.java [rounds] [secondsPerRun]</pre>
 * (bench/run compiles Ratios into RATIOS.)
 */
public final class PaxosCommitBench {

    record Latency(int hops, int forces, int messages, int pointToPoint, int forcesTotal) {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
        System.out.printf(Locale.ROOT, "Paxos Commit vs 2PC, fault-free, every RM prepares; %d rounds of %.1f s "
                + "(shuffled within each round), median%n", runs, seconds);
        System.out.printf(Locale.ROOT, "%-26s %8s %8s %9s %9s %9s %12s %24s%n", "protocol", "delays", "forces",
                "msgs", "p2p msgs", "forces/tx", "tx/s (sim)", "x 2PC [5th, 95th pct]");
        for (int n : new int[] {3, 5}) {
            List<String> rms = names("r", n);
            List<String> threeAcc = names("a", 3), fiveAcc = names("a", 5);
            twoPhase(rms, seconds / 2);   // warm-up, not counted
            paxos(rms, threeAcc, seconds / 2);
            paxos(rms, fiveAcc, seconds / 2);
            double[][] rate = new double[3][runs];
            for (int run = 0; run < runs; run++) {
                for (int c : Ratios.order(3, 4 + n, run)) {
                    rate[c][run] = switch (c) {
                        case 0 -> twoPhase(rms, seconds);
                        case 1 -> paxos(rms, threeAcc, seconds);
                        default -> paxos(rms, fiveAcc, seconds);
                    };
                }
            }
            row("2PC, " + n + " RMs", twoPhaseLatency(rms), median(rate[0]), "1.00");
            row("Paxos Commit, " + n + " RMs, F=1", paxosLatency(rms, threeAcc), median(rate[1]),
                    Ratios.describe(Ratios.paired(rate[1], rate[0])));
            row("Paxos Commit, " + n + " RMs, F=2", paxosLatency(rms, fiveAcc), median(rate[2]),
                    Ratios.describe(Ratios.paired(rate[2], rate[0])));
        }
        System.out.println("x 2PC = the median over rounds of the round's tx/s over 2PC's tx/s with the same RMs, with "
                + "the 5th and 95th percentile.");
    }

    static void row(String what, Latency l, double txPerSecond, String ratio) {
        System.out.printf(Locale.ROOT, "%-26s %8d %8d %9d %9d %9d %12.0f %24s%n", what, l.hops(), l.forces(),
                l.messages(), l.pointToPoint(), l.forcesTotal(), txPerSecond, ratio);
    }

    static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(prefix + i);
        return out;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    // ---- Paxos Commit -------------------------------------------------------------------------------------------

    /** One fault-free transaction: RMs vote in ballot 0, every acceptor votes, every RM learns. */
    static void paxosHappyPath(PaxosCommitSimulation sim, long tx, List<String> rms, List<String> acceptors) {
        sim.begin(tx);
        for (String r : rms) sim.step(new PaxosEvent.RmPrepare(r, tx));
        for (String r : rms) {
            PaxosMessage.Phase2a vote = new PaxosMessage.Phase2a(tx, r, 0, Vote.PREPARED);
            for (String a : acceptors) sim.step(new PaxosEvent.Phase2b(a, vote));
        }
        for (String r : rms) sim.step(new PaxosEvent.RmRcvCommitMsg(r, tx));
    }

    static double paxos(List<String> rms, List<String> acceptors, double seconds) {
        long n = 0;
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            PaxosCommitSimulation sim = new PaxosCommitSimulation(new PaxosCommitSimulation.Setup(rms, acceptors, 0, 0,
                    false, false));
            for (int k = 0; k < 1000; k++, n++) {
                paxosHappyPath(sim, n + 1, rms, acceptors);
                if (sim.rm(rms.get(0)).state(n + 1) != RmState.COMMITTED) throw new IllegalStateException("no commit");
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static Latency paxosLatency(List<String> rms, List<String> acceptors) {
        PaxosCommitSimulation sim = new PaxosCommitSimulation(new PaxosCommitSimulation.Setup(rms, acceptors, 0, 0,
                false, false));
        paxosHappyPath(sim, 1, rms, acceptors);
        int hops = 0, forces = 0;
        for (String r : rms) {
            hops = Math.max(hops, sim.decisionClock(r, 1).hops());
            forces = Math.max(forces, sim.decisionClock(r, 1).forces());
        }
        int p2p = 0;
        for (PaxosMessage m : sim.sent(1)) {
            p2p += m instanceof PaxosMessage.Phase2a || m instanceof PaxosMessage.Phase1a ? acceptors.size()
                    : m instanceof PaxosMessage.Phase2b ? rms.size() : 1;
        }
        return new Latency(hops, forces, sim.sent(1).size(), p2p, (int) sim.forces());
    }

    // ---- 2PC --------------------------------------------------------------------------------------------------

    static void twoPhaseHappyPath(CommitSimulation sim, long tx, List<String> rms, Tracker t) {
        sim.begin(tx);
        for (String r : rms) t.step(sim, new CommitEvent.RmPrepare(r, tx), r, List.of());
        for (String r : rms) t.step(sim, new CommitEvent.TmRcvPrepared(r, tx), "tm",
                List.of(new CommitMessage.Prepared(tx, r)));
        t.step(sim, new CommitEvent.TmCommit(tx), "tm", List.of());
        for (String r : rms) t.step(sim, new CommitEvent.RmRcvCommitMsg(r, tx), r, List.of(new CommitMessage.Commit(tx)));
    }

    static double twoPhase(List<String> rms, double seconds) {
        long n = 0;
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            CommitSimulation sim = new CommitSimulation(rms);
            for (int k = 0; k < 1000; k++, n++) {
                twoPhaseHappyPath(sim, n + 1, rms, Tracker.OFF);
                if (sim.tm().state(n + 1) != TmState.COMMITTED) throw new IllegalStateException("no commit");
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static Latency twoPhaseLatency(List<String> rms) {
        CommitSimulation sim = new CommitSimulation(rms);
        Tracker t = new Tracker();
        twoPhaseHappyPath(sim, 1, rms, t);
        int hops = 0, forces = 0;
        for (String r : rms) {
            hops = Math.max(hops, t.clocks.get(r)[0]);
            forces = Math.max(forces, t.clocks.get(r)[1]);
        }
        int p2p = 0;
        for (CommitMessage m : sim.network().sent()) {
            p2p += m instanceof CommitMessage.Commit || m instanceof CommitMessage.Abort ? rms.size() : 1;
        }
        int total = sim.records("tm").size();
        for (String r : rms) total += sim.records(r).size();
        return new Latency(hops, forces, sim.network().sent().size(), p2p, total);
    }

    /** Causal clocks for 2PC, kept outside its simulator: {message delays, forces} per node and per message. */
    static class Tracker {
        static final Tracker OFF = new Tracker() {
            @Override
            void step(CommitSimulation sim, CommitEvent e, String node, List<CommitMessage> read) {
                sim.step(e);
            }
        };

        final Map<String, int[]> clocks = new HashMap<>();
        final Map<CommitMessage, int[]> messageClocks = new HashMap<>();

        void step(CommitSimulation sim, CommitEvent e, String node, List<CommitMessage> read) {
            int[] c = clocks.getOrDefault(node, new int[2]).clone();
            for (CommitMessage m : read) {
                int[] mc = messageClocks.getOrDefault(m, new int[2]);
                c[0] = Math.max(c[0], mc[0]);
                c[1] = Math.max(c[1], mc[1]);
            }
            int recordsBefore = sim.records(node).size();
            List<CommitMessage> sentBefore = sim.network().sent();
            sim.step(e);
            if (sim.records(node).size() > recordsBefore) c[1]++;
            clocks.put(node, c);
            for (CommitMessage m : sim.network().sent()) {
                if (!sentBefore.contains(m)) messageClocks.put(m, new int[] {c[0] + 1, c[1]});
            }
        }
    }
}
