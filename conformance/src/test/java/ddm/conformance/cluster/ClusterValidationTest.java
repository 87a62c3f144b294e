package ddm.conformance.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.validate.ClusterLogs;
import ddm.conformance.validate.CommitEvents;
import ddm.conformance.validate.PaxosEvents;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.proc.CommitCluster;
import ddm.runtime.proc.Nemesis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of real processes validated against the spec: a 2PC cluster under the nemesis (node processes over TCP,
 * kill -9, crashes inside steps, link faults, power loss) writes per-node event logs, and each transaction of the
 * run within TwoPhaseRecovery-3-live's bounds must be a behaviour of the spec ({@link ClusterLogs}); a node that
 * sends before it forces writes logs the validation rejects. Every process is stopped by its handle (CommitCluster
 * stops them, also on failure). {@code -Dddm.proc.seeds=FROM..TO} runs each test over many seeds.
 */
class ClusterValidationTest {

    static final String MODEL = "TwoPhaseRecovery-3-live";
    static StateGraph graph;

    @TempDir
    Path dir;

    @BeforeAll
    static void explore() throws Exception {
        graph = ddm.conformance.Explored.graph(MODEL);
    }

    static long[] seeds(long fixed) {
        String range = System.getProperty("ddm.proc.seeds");
        if (range == null) {
            return new long[] {fixed};
        }
        String[] ft = range.split("\\.\\.");
        return java.util.stream.LongStream.rangeClosed(Long.parseLong(ft[0]), Long.parseLong(ft[ft.length - 1]))
                .toArray();
    }

    static CommitCluster.Report run(CommitCluster.Options o) throws Exception {
        StringBuilder log = new StringBuilder();
        CommitCluster.Report r = CommitCluster.run(o.withProgress(0), line -> log.append(line).append('\n'));
        System.out.println(log + r.summary());
        return r;
    }

    /** Seed 7, the default nemesis: every transaction within the model's bounds is accepted, and some are. */
    @Test
    void aCorrectClustersLogsAreBehavioursOfTheSpec() throws Exception {
        for (long seed : seeds(7)) {
            Path runDir = dir.resolve("run-" + seed);
            CommitCluster.Report r = run(CommitCluster.Options.defaults(3, 3, seed, runDir));
            assertTrue(r.ok(), "seed " + seed + ": " + r.summary() + "\n" + String.join("\n", r.violations()));
            ClusterLogs.Result v = new ClusterLogs(MODEL, graph, CommitEvents.MODEL).validate(runDir.resolve("events"));
            System.out.println("seed " + seed + ": " + v.summary());
            assertTrue(v.passed(), "seed " + seed + ": " + v.summary() + "\n" + String.join("\n", v.rejected())
                    + String.join("\n", v.malformed()));
            assertTrue(v.accepted() > 0, "seed " + seed + ": no transaction validated: " + v.summary());
            assertTrue(v.accepted() + v.beyond().size() == v.instances(), v.summary());
        }
    }

    static final String PAXOS_MODEL = "PaxosCommit-Live-1x3-Recover";

    /**
     * Seed 7, the default nemesis, Paxos Commit with 1 RM and 3 acceptors for 3 s (acceptors killed and recovering,
     * the leader's ballot 1 taking over undecided instances): every transaction within PaxosCommit-Live-1x3-Recover's
     * bounds is accepted, and some are. The RM's crashes are beyond them (the spec's RMs never crash).
     */
    @Test
    void aCorrectPaxosClustersLogsAreBehavioursOfTheSpec() throws Exception {
        StateGraph paxos = ddm.conformance.Explored.graph(PAXOS_MODEL);
        for (long seed : seeds(7)) {
            Path runDir = dir.resolve("paxos-" + seed);
            CommitCluster.Report r = run(CommitCluster.Options.paxos(1, 3, 3, seed, runDir));
            assertTrue(r.ok(), "seed " + seed + ": " + r.summary() + "\n" + String.join("\n", r.violations()));
            ClusterLogs.Result v = new ClusterLogs(PAXOS_MODEL, paxos, PaxosEvents.MODEL)
                    .validate(runDir.resolve("events"));
            System.out.println("seed " + seed + ": " + v.summary());
            assertTrue(v.passed(), "seed " + seed + ": " + v.summary() + "\n" + String.join("\n", v.rejected())
                    + String.join("\n", v.malformed()));
            assertTrue(v.accepted() > 0, "seed " + seed + ": no transaction validated: " + v.summary());
            assertTrue(v.accepted() + v.beyond().size() == v.instances(), v.summary());
        }
    }

    /**
     * Seed 11: rm1 sends Prepared before it forces its prepare record and kills itself just after one of its first
     * 3 votes has left; it comes back without the vote the TM counted. The validation rejects each transaction whose
     * vote from rm1 the TM consumed, at rm1's RMRecover: the spec's rm1 holds its prepare record (the vote cannot be
     * dropped: the TM consumed it), the logged one has none.
     */
    @Test
    void aNodeThatSendsBeforeItForcesWritesLogsTheSpecRejects() throws Exception {
        for (long seed : seeds(11)) {
            // Up to 3 seeds from it: a slow start (a loaded machine) can let the TM abort before rm1's vote arrives,
            // and then no transaction consumed the vote rm1 did not force.
            List<String> passed = new ArrayList<>();
            ClusterLogs.Result v = null;
            for (long s = seed; s < seed + 3 && (v == null || v.passed()); s++) {
                Path runDir = dir.resolve("run-" + s);
                Nemesis n = new Nemesis(s, 0, 100, 300, FaultPoints.Plan.OFF, LinkFaults.Settings.OFF, true, 0);
                CommitCluster.Report r = run(CommitCluster.Options.defaults(3, 3, s, runDir).withNemesis(n)
                        .withMainClasses(Map.of("rm1", SendsBeforeForcing.class.getName()))
                        .withFaultPlans(Map.of("rm1", FaultPoints.Plan.parse("after-send@RMPrepare/3")))
                        .withAbortOneIn(0).withTimeout(2000));
                v = new ClusterLogs(MODEL, graph, CommitEvents.MODEL).validate(runDir.resolve("events"));
                System.out.println("seed " + s + ": " + v.summary() + "\n" + String.join("\n", v.rejected()));
                if (v.passed()) passed.add("seed " + s + ": " + v.summary() + "; " + r.summary());
            }
            assertFalse(v.passed(), "the broken driver's logs passed from seed " + seed + ": " + passed);
            // Where it shows: r1 (the cluster's rm1) recovers with no record of a vote the TM consumed.
            assertTrue(v.rejected().stream().anyMatch(x -> x.contains("RMRecover: the spec's RMRecover(rm = \"r1\")")
                    && x.contains("rmLog[\"r1\"]: spec \"prepared\", logged \"none\"")), String.join("\n",
                    v.rejected()));
            assertTrue(v.accepted() + v.rejected().size() + v.beyond().size() == v.instances(), v.summary());
        }
    }

    /**
     * Seed 11, Paxos Commit with 1 RM and 3 acceptors: acceptor a1 sends its phase 2b vote before it forces it and
     * kills itself just after one of its first 3 votes has left; it comes back without a vote the RM counted. The
     * validation rejects a transaction whose vote from a1 was consumed, at a1's AcceptorRecover: the spec's a1
     * recovers the vote from its log (its Phase2b forced it), the logged one has none. a3 is silent
     * ({@link SilentAcceptor}), so the RM's quorum is a1 and a2 and it consumes a1's votes: with all three talking
     * it learns from the first two, and a vote that nobody consumed may have been cut short by the crash (the spec
     * allows that run).
     */
    @Test
    void anAcceptorThatSendsBeforeItForcesWritesLogsTheSpecRejects() throws Exception {
        StateGraph paxos = ddm.conformance.Explored.graph(PAXOS_MODEL);
        for (long seed : seeds(11)) {
            List<String> passed = new ArrayList<>();
            ClusterLogs.Result v = null;
            for (long s = seed; s < seed + 3 && (v == null || v.passed()); s++) {
                Path runDir = dir.resolve("paxos-broken-" + s);
                Nemesis n = new Nemesis(s, 0, 100, 300, FaultPoints.Plan.OFF, LinkFaults.Settings.OFF, true, 0);
                CommitCluster.Report r = run(CommitCluster.Options.paxos(1, 3, 3, s, runDir).withNemesis(n)
                        .withMainClasses(Map.of("a1", SendsBeforeForcing.class.getName(),
                                "a3", SilentAcceptor.class.getName()))
                        .withFaultPlans(Map.of("a1", FaultPoints.Plan.parse("after-send@Phase2b/3")))
                        .withAbortOneIn(0).withTimeout(2000));
                v = new ClusterLogs(PAXOS_MODEL, paxos, PaxosEvents.MODEL).validate(runDir.resolve("events"));
                System.out.println("seed " + s + ": " + v.summary() + "\n" + String.join("\n", v.rejected()));
                if (v.passed()) passed.add("seed " + s + ": " + v.summary() + "; " + r.summary());
            }
            assertFalse(v.passed(), "the broken acceptor's logs passed from seed " + seed + ": " + passed);
            // Where it shows: a1 recovers without a vote the RM consumed.
            assertTrue(v.rejected().stream().anyMatch(x -> x.contains("AcceptorRecover: the spec's AcceptorRecover(a "
                    + "= \"a1\")") && x.contains("logged [bal |-> -1, mbal |-> -1, val |-> \"none\"]")),
                    String.join("\n", v.rejected()));
            assertTrue(v.accepted() + v.rejected().size() + v.beyond().size() == v.instances(), v.summary());
        }
    }
}
