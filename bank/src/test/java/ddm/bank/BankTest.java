package ddm.bank;

import ddm.conformance.validate.ClusterLogs;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.proc.Nemesis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank on three PostgreSQL servers started by the test, under the nemesis: a correct run keeps the money,
 * applies every transfer on all shards or none, leaves nothing prepared, and its nodes' event logs are behaviours of
 * TwoPhaseRecovery-3-live; a TM that answers an in-doubt query with Commit without a commit record is caught, by the
 * money and the ledger and by the validation at TMRcvQuery; a server without prepared transactions, or no server
 * binaries, is a one-line error. {@code -Dddm.bank.seeds=FROM..TO} runs the correct run over many seeds.
 */
class BankTest {

    static BankValidation validation;

    @BeforeAll
    static void explore() {
        validation = new BankValidation(BankValidation.root(Path.of("")), BankValidation.DEFAULT_MODEL);
        assertEquals(null, validation.problem());
        validation.exploreInBackground();
    }

    static long[] seeds(long fixed) {
        String range = System.getProperty("ddm.bank.seeds");
        if (range == null || range.isBlank()) {
            return new long[] {fixed};
        }
        String[] ends = range.split("\\.\\.");
        long from = Long.parseLong(ends[0].trim()), to = Long.parseLong(ends[ends.length - 1].trim());
        long[] out = new long[(int) (to - from + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static BankRun.Report run(BankRun.Options o, List<String> lines) throws Exception {
        return BankRun.run(o.withProgress(0), line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
    }

    @Test
    void aRunWithFaultsKeepsTheMoneyAndItsLogsAreBehavioursOfTheSpec() throws Exception {
        List<String> failures = new ArrayList<>();
        long[] seeds = seeds(3);
        for (long seed : seeds) {
            Path dir = Files.createTempDirectory("bank-test-");
            List<String> lines = new ArrayList<>();
            try {
                // A 2 s timeout: on a machine loaded far beyond its cores a transfer can take over a second even
                // without faults, and at 1 s every one would time out.
                BankRun.Report r = run(BankRun.Options.defaults(5, seed, true, dir).withTimeout(2000)
                        .withMinCommitted(10), lines);
                String context = "seed " + seed + ": " + r.summary() + "\n" + String.join("\n", lines);
                List<String> wrong = new ArrayList<>(r.violations());
                if (!r.checks().moneyOk() || !r.checks().preparedLeft().equals(List.of(0, 0, 0)) || !r.healed()) {
                    wrong.add("money, prepared transactions left or liveness: " + r.checks().summary());
                }
                if (r.committed() == 0 || r.aborted() == 0) {
                    wrong.add("a run that commits nothing, or aborts nothing, checks little");
                }
                if (r.pgKills() + r.processes().kills() + r.processes().selfKills() == 0) {
                    wrong.add("no fault was injected");
                }
                ClusterLogs.Result v = validation.validate(dir);
                if (!v.passed() || v.accepted() == 0) {
                    wrong.add(v.summary() + "\n" + String.join("\n", v.rejected()));
                }
                if (!wrong.isEmpty()) {
                    failures.add(wrong + "\n" + context);
                }
                System.out.println("bank seed " + seed + ": " + r.summary().replace('\n', ' ') + "; "
                        + v.summary() + (wrong.isEmpty() ? "" : "; FAILED: " + wrong));
            } finally {
                PgServer.deleteTree(dir);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + seeds.length + " runs failed:\n"
                + String.join("\n\n", failures));
    }

    /**
     * The must-fail twin: the lying TM. A run shows it only if some prepared RM asks about a transaction the TM
     * aborted or forgot (its Abort lost, the TM or the RM crashed) and commits on the lie; the nemesis here kills a
     * node every ~1 s (the TM's deaths leave every prepared RM asking a TM that presumes abort), and up to three
     * seeds are tried, stopping at the first where the checkers catch it ({@code -Dddm.bank.liar.from=N}: seeds
     * N..N+2). A lie the asking RM ignores (it had the Abort already) changes no data: only the validation sees it.
     */
    @Test
    void aTmThatAnswersCommitWithoutACommitRecordIsCaught() throws Exception {
        List<String> tried = new ArrayList<>();
        long from = Long.getLong("ddm.bank.liar.from", 11);
        for (long seed = from; seed < from + 3; seed++) {
            Path dir = Files.createTempDirectory("bank-liar-");
            try {
                Nemesis n = new Nemesis(seed, 1000, 100, 300, FaultPoints.Plan.parse("after-force,after-send/300"),
                        new LinkFaults.Settings(0.02, 0.02, 10, false), true, 0.2);
                BankRun.Report r = run(BankRun.Options.defaults(3, seed, true, dir).withNemesis(n)
                        .withoutServerKills().withTmMain(LyingTm.Main.class.getName()), new ArrayList<>());
                boolean lied = r.checks().violations().stream().anyMatch(x -> x.contains("half applied")
                        || x.contains("without the TM's commit record"));
                ClusterLogs.Result v = validation.validate(dir);
                tried.add("seed " + seed + ": " + r.checks().summary() + "; " + v.summary());
                System.out.println("lying TM, " + tried.get(tried.size() - 1));
                if (lied) {
                    assertTrue(!r.ok() && !v.passed(), "the checkers caught the liar, the validation did not: "
                            + tried);
                    // The frontier's next event of the TM is its TMRcvQuery, which no step of the spec takes ("does
                    // not allow TMRcvQuery here", or "sent [type |-> "Commit"], which the spec's step does not put in
                    // the network").
                    assertTrue(v.rejected().stream().anyMatch(x -> java.util.regex.Pattern.compile(
                                    "next tm#[0-9]+ TMRcvQuery: ").matcher(x).find()),
                            "rejected, but not at TMRcvQuery: " + String.join("\n", v.rejected()));
                    System.out.println("lying TM caught: " + tried.get(tried.size() - 1) + "\n"
                            + v.rejected().get(0));
                    return;
                }
            } finally {
                PgServer.deleteTree(dir);
            }
        }
        throw new AssertionError("the lying TM was never caught by the checkers: " + tried);
    }

    /**
     * The crash point that matters to a participant: each agent incarnation dies after one of its first 5 PREPARE
     * TRANSACTIONs returned and before its vote left (seed 5, {@code after-force@RMPrepare/5}, no other crash
     * points; {@code -Dddm.bank.seeds} runs it over many). Every such crash must come back with the transaction prepared, read from {@code pg_prepared_xacts}
     * (the event log's RMRecover shows it), with the TM never having counted that vote; the transfer is then
     * resolved by asking the TM (presumed abort), so nothing stays prepared and the money is kept. A participant whose
     * "force" were not PREPARE TRANSACTION would come back without the transaction.
     */
    @Test
    void anAgentThatDiesBetweenPrepareAndItsVoteRecoversThePreparedTransaction() throws Exception {
        for (long seed : seeds(5)) {
            diesBetweenPrepareAndVote(seed);
        }
    }

    private void diesBetweenPrepareAndVote(long seed) throws Exception {
        Path dir = Files.createTempDirectory("bank-prepare-");
        try {
            Nemesis d = BankRun.Options.defaults(6, seed, true, dir).nemesis();
            Nemesis n = new Nemesis(d.seed(), 0, d.downMinMillis(), d.downMaxMillis(),
                    FaultPoints.Plan.parse("after-force@RMPrepare/5"), d.link(), d.powerLoss(), d.writeback());
            BankRun.Report r = run(BankRun.Options.defaults(6, seed, true, dir).withNemesis(n).withoutServerKills()
                    .withTimeout(2000), new ArrayList<>());
            assertTrue(r.checks().moneyOk() && r.checks().preparedLeft().equals(List.of(0, 0, 0)) && r.healed(),
                    r.checks().summary());
            java.util.Set<String> counted = new java.util.HashSet<>();
            for (ddm.trace.Event e : ddm.trace.NdjsonEventLog.read(dir.resolve("events/tm.ndjson"))) {
                if (e.action().equals("TMRcvPrepared")) counted.add(e.instance() + "/" + e.params().get("rm"));
            }
            int crashes = 0;
            List<String> wrong = new ArrayList<>();
            for (String rm : List.of("rm1", "rm2", "rm3")) {
                List<ddm.trace.Event> es = ddm.trace.NdjsonEventLog.read(dir.resolve("events/" + rm + ".ndjson"));
                ddm.trace.Event last = null;
                for (int i = 0; i < es.size(); i++) {
                    ddm.trace.Event e = es.get(i);
                    if (e.action().equals("RMCrash") && last != null && last.action().equals("RMPrepare")) {
                        crashes++;
                        String tx = last.instance();
                        Object recovered = es.subList(i + 1, es.size()).stream()
                                .filter(x -> x.action().equals("RMRecover")).findFirst()
                                .flatMap(x -> x.vars().stream().filter(v -> v.var().equals("rmState")
                                        && tx.equals(v.instance())).findFirst()).map(ddm.trace.Var::value)
                                .orElse(null);
                        if (!"prepared".equals(recovered) || counted.contains(tx + "/" + rm)) {
                            wrong.add(rm + " in tx " + tx + ": recovered " + recovered + ", vote counted by the TM: "
                                    + counted.contains(tx + "/" + rm));
                        }
                    }
                    if (e.action().equals("RMCrash")) last = null;
                    if (e.instance() != null) last = e;
                }
            }
            System.out.println("seed " + seed + ": " + crashes + " crashes between PREPARE and the vote, each recovered "
                    + "prepared and uncounted: " + wrong.isEmpty() + "; " + r.checks().summary());
            assertTrue(crashes > 0, "seed " + seed + ": no agent died between PREPARE and its vote: " + r.summary());
            assertTrue(wrong.isEmpty(), "seed " + seed + ": " + crashes + " crashes between PREPARE and the vote; "
                    + "wrong: " + wrong);
        } finally {
            PgServer.deleteTree(dir);
        }
    }

    private static String[] errorOf(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = BankMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aServerWithoutPreparedTransactionsIsAOneLineError() throws Exception {
        Path dir = Files.createTempDirectory("bank-no-prepared-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        PgServer s = PgServer.create("shard0", PgServer.binaries(null), dir.resolve("shard0"), 0);
        try {
            PgSetupException e = org.junit.jupiter.api.Assertions.assertThrows(PgSetupException.class, s::start);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().contains("max_prepared_transactions is 0")
                    && e.getMessage().contains("at least 16"), e.getMessage());
            assertTrue(!s.isUp(), "the server that refuses prepared transactions is left running");
        } finally {
            s.close();
            PgServer.deleteTree(dir);
        }
    }

    @Test
    void missingServerBinariesAndBadOptionsAreOneLineErrors() {
        String[] r = errorOf("--pg-bin", "/nonexistent/pg/bin", "--validate", "none");  // a PgSetupException: 3
        assertEquals("3", r[0], r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
        assertTrue(r[1].startsWith("error: no PostgreSQL server binaries") && r[1].contains("apt-get install "
                + "postgresql"), r[1]);
        for (String[] bad : List.of(new String[] {"--faults", "maybe"}, new String[] {"--seconds", "0"},
                new String[] {"--accounts", "2"}, new String[] {"--validate", "NoSuchModel"},
                new String[] {"--frobnicate", "1"}, new String[] {"--crash-points", "after-lunch"},
                new String[] {"--faults", "off", "--crash-points", "after-force"})) {
            String[] e = errorOf(bad);
            assertEquals("2", e[0], String.join(" ", bad) + ": " + e[1]);
            assertEquals(1, e[1].lines().count(), e[1]);
            assertTrue(e[1].startsWith("error: "), e[1]);
        }
    }
}
