package ddm.runtime.proc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ddm.runtime.net.LinkFaults;
import ddm.runtime.node.FaultPoints;
import ddm.trace.Event;
import ddm.trace.NdjsonEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2PC as node processes under the nemesis, checked by what the client saw and what the logs hold: a correct cluster
 * passes every check with faults of every kind injected, and each known-broken driver is caught, with the seed that
 * shows it. Bounded: a few seconds of workload each; every process is stopped by its handle, also on failure.
 */
class CommitClusterTest {

    @TempDir
    Path dir;

    static final List<String> RMS = CommitCluster.rmNames(3);

    /**
     * The seeds a test runs: its own, or {@code -Dddm.proc.seeds=FROM..TO} (a campaign over many seeds, as
     * {@code make soak} runs the correct cluster; CI runs each test once, with the seed named in its Javadoc).
     */
    static long[] seeds(long fixed) {
        String range = System.getProperty("ddm.proc.seeds");
        if (range == null) {
            return new long[] {fixed};
        }
        String[] ft = range.split("\\.\\.");
        long from = Long.parseLong(ft[0]), to = Long.parseLong(ft[ft.length - 1]);
        return java.util.stream.LongStream.rangeClosed(from, to).toArray();
    }

    /**
     * The default nemesis, busier, for the short runs of a test that asserts faults happened: a kill -9 every
     * ~1.2 s and each incarnation's crash point within its first 150 passes, so that even a run slowed by a loaded
     * machine sees some (at the default's rates a 4 s run saw none about once in twenty).
     */
    static Nemesis busyNemesis(long seed) {
        Nemesis d = CommitCluster.defaultNemesis(seed);
        return new Nemesis(seed, 1200, d.downMinMillis(), d.downMaxMillis(),
                FaultPoints.Plan.parse("after-append,after-force,after-send/150"), d.link(), d.powerLoss(),
                d.writeback());
    }

    static CommitCluster.Report run(CommitCluster.Options o) throws Exception {
        StringBuilder log = new StringBuilder();
        CommitCluster.Report r = CommitCluster.run(o, line -> log.append(line).append('\n'));
        System.out.println(log + r.summary());
        r.violations().stream().limit(10).forEach(v -> System.out.println("  " + v));
        return r;
    }

    @Test
    void aClusterUnderTheNemesisPassesEveryCheck() throws Exception {
        for (long seed : seeds(7)) {
            Path runDir = dir.resolve("run-" + seed);
            clusterUnderTheNemesisPassesEveryCheck(seed, runDir);
        }
    }

    void clusterUnderTheNemesisPassesEveryCheck(long seed, Path runDir) throws Exception {
        CommitCluster.Report r = run(CommitCluster.Options.defaults(3, 3, seed, runDir));
        assertTrue(r.ok(), "seed " + seed + ": " + r.summary() + "\n" + String.join("\n", r.violations()));
        assertTrue(r.verdict().committed() > 0 && r.verdict().aborted() > 0, r.summary());
        assertTrue(r.processes().kills() + r.processes().selfKills() > 0, "no fault happened: " + r.summary());
        // Every node's event log reads back whole and in order, with one crash event for each death of the node
        // while up (appended by the supervisor; an incarnation that dies before it logs its recovery was never up)
        // and one recovery after each.
        int crashes = 0, recoveries = 0;
        for (String n : List.of("tm", "rm1", "rm2", "rm3")) {
            List<Event> events = NdjsonEventLog.read(runDir.resolve("events").resolve(n + ".ndjson"));
            assertTrue(events.stream().anyMatch(e -> e.action().equals("Begin")), n + " logged no Begin");
            crashes += (int) events.stream().filter(e -> e.action().endsWith("Crash")).count();
            recoveries += (int) events.stream().filter(e -> e.action().endsWith("Recover")).count();
        }
        int deaths = r.processes().kills() + r.processes().selfKills();
        assertTrue(crashes > 0 && crashes <= deaths, crashes + " crash events, " + deaths + " deaths: " + r.summary());
        assertTrue(recoveries <= crashes && recoveries >= crashes - 4, crashes + " crashes, " + recoveries
                + " recoveries");
    }

    /**
     * rm1 sends Prepared before it forces its prepare record, and each of its incarnations kills itself just after
     * one of its first 3 votes has left: it comes back without the vote the TM counted, so the TM commits a
     * transaction rm1 presumes aborted. Every RM votes commit and the TM waits 2 s, so the TM does commit it.
     * Seed 11; the other nodes are correct and have no crash point.
     */
    @Test
    void aNodeThatSendsBeforeItForcesIsCaught() throws Exception {
        for (long seed : seeds(11)) {
            sendsBeforeForcing(seed, dir.resolve("run-" + seed));
        }
    }

    /**
     * The broken driver's run from {@code seed}, or, if a slow start let the TM abort every transaction before rm1's
     * crash (so nothing committed at the others), from the next seed, up to 3.
     */
    void sendsBeforeForcing(long seed, Path runDir) throws Exception {
        java.util.List<String> passed = new java.util.ArrayList<>();
        CommitCluster.Report r = null;
        for (long s = seed; s < seed + 3 && (r == null || r.verdict().ok()); s++) {
            Nemesis n = new Nemesis(s, 0, 100, 300, FaultPoints.Plan.OFF, LinkFaults.Settings.OFF, true, 0);
            r = run(CommitCluster.Options.defaults(3, 3, s, runDir.resolveSibling(runDir.getFileName() + "-" + s))
                    .withNemesis(n)
                    .withMainClasses(Map.of("rm1", BrokenNodes.SendsBeforeForcing.class.getName()))
                    .withFaultPlans(Map.of("rm1", FaultPoints.Plan.parse("after-send@RMPrepare/3")))
                    .withAbortOneIn(0).withTimeout(2000));
            if (r.verdict().ok()) passed.add("seed " + s + ": " + r.summary());
        }
        assertFalse(r.verdict().ok(), "the broken driver passed from seed " + seed + ": " + passed);
        assertTrue(r.verdict().violations().stream().anyMatch(v -> v.matches("tx \\d+: committed at .* but aborted at "
                + ".*no record.*")), String.join("\n", r.verdict().violations()));
    }

    /**
     * RMs that forget their vote on restart, under kill -9: an RM killed after voting comes back aborted, and the TM
     * that counted its vote commits without it. Seed 12.
     */
    @Test
    void anRmThatForgetsItsVoteOnRestartIsCaught() throws Exception {
        for (long seed : seeds(12)) {
            forgetsVote(seed, dir.resolve("run-" + seed));
        }
    }

    void forgetsVote(long seed, Path runDir) throws Exception {
        Nemesis n = new Nemesis(seed, 400, 100, 300, FaultPoints.Plan.OFF, LinkFaults.Settings.OFF, false, 0);
        // A correct driver under this nemesis passes (aClusterUnderTheNemesisPassesEveryCheck runs a harsher one).
        Map<String, String> mains = Map.of("rm1", BrokenNodes.ForgetsVote.class.getName(),
                "rm2", BrokenNodes.ForgetsVote.class.getName(), "rm3", BrokenNodes.ForgetsVote.class.getName());
        CommitCluster.Report r = run(CommitCluster.Options.defaults(3, 3, seed, runDir).withNemesis(n)
                .withMainClasses(mains));
        assertFalse(r.verdict().ok(), "seed " + seed + ": the broken RM passed: " + r.summary());
    }
}
