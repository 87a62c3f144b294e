package ddm.bank;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run bank}: committed transfers per second, no faults, in alternating rounds of three set-ups:
 * <ol>
 *   <li>2PC across the three shards, the TM forcing once per decision (its driver takes one input per batch);</li>
 *   <li>the same with group commit at the TM (up to 16 inputs per batch and force);</li>
 *   <li>the same transfers as single-shard transactions: one server holding every account, {@code window} clients
 *       each running one local transaction per transfer ({@code UPDATE}, {@code UPDATE}, ledger row, {@code COMMIT}),
 *       the baseline 2PC's price is measured against.</li>
 * </ol>
 * Medians over the rounds, and each 2PC set-up's median ratio to the baseline of its round. It measures and never
 * fails on a number. Arguments: rounds, seconds per run, window (transfers in flight; default 8). The TM's timeout
 * is 2 s, so that what is measured is the commit path, not timeouts on a busy machine.
 */
public final class BankBench {

    private BankBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int accounts = 600;
        System.out.printf(Locale.ROOT, "bank: %d rounds of %d s, window %d, %d accounts, no faults, TM timeout 2 s%n",
                rounds,
                seconds, window, accounts);
        List<Double> one = new ArrayList<>(), group = new ArrayList<>(), local = new ArrayList<>();
        List<Double> oneRatio = new ArrayList<>(), groupRatio = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            double a = twoPc(seconds, r, window, accounts, 1);
            double b = twoPc(seconds, r, window, accounts, 16);
            double c = singleShard(seconds, r, window, accounts);
            one.add(a);
            group.add(b);
            local.add(c);
            oneRatio.add(a / c);
            groupRatio.add(b / c);
            System.out.printf(Locale.ROOT, "  round %d: 2PC, a force per decision %.0f/s; 2PC, group commit %.0f/s; "
                    + "single-shard %.0f/s%n", r, a, b, c);
        }
        System.out.println("| set-up | transfers/s (median) | against single-shard (median of the rounds' ratios) |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| 2PC over 3 shards, TM forces once per decision | %.0f | %.2f |%n",
                median(one), median(oneRatio));
        System.out.printf(Locale.ROOT, "| 2PC over 3 shards, TM group commit (batch 16) | %.0f | %.2f |%n",
                median(group), median(groupRatio));
        System.out.printf(Locale.ROOT, "| single-shard local transactions (1 server) | %.0f | 1.00 |%n",
                median(local));
    }

    private static double twoPc(long seconds, long seed, int window, int accounts, int tmBatch) throws Exception {
        Path dir = Files.createTempDirectory("ddm-bank-bench-");
        try {
            BankRun.Options o = BankRun.Options.defaults(seconds, seed, false, dir)
                    .withSetup(accounts, window, 64, null).withTmBatch(tmBatch).withProgress(0).withTimeout(2000);
            BankRun.Report r = BankRun.run(o, line -> { });
            System.out.println("    TM batch " + tmBatch + ": " + r.summary().replace("\n", "; "));
            if (!r.ok()) {
                System.out.println("    (a run with violations: " + r.violations() + ")");
            }
            return r.committed() / r.safetySeconds();
        } finally {
            if (!Boolean.getBoolean("ddm.bank.keep")) {
                PgServer.deleteTree(dir);
            }
        }
    }

    /** The same transfers, each one local transaction on one server holding every account. */
    private static double singleShard(long seconds, long seed, int window, int accounts) throws Exception {
        Path dir = Files.createTempDirectory("ddm-bank-bench-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Transfers bank = new Transfers(seed, accounts, 100, 40);
        PgServer s = PgServer.create("single", PgServer.binaries(null), dir.resolve("single"), 64);
        try {
            s.start();
            try (Connection c = s.connect(10)) {
                Schema.create(c, -1, bank);
            }
            AtomicLong next = new AtomicLong(1), committed = new AtomicLong();
            AtomicBoolean on = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            List<Exception> failed = new ArrayList<>();
            for (int i = 0; i < window; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = s.connect(10)) {
                        c.setAutoCommit(false);
                        try (Statement set = c.createStatement()) {
                            set.execute("SET lock_timeout = '20ms'");
                        }
                        c.commit();
                        PreparedStatement u = c.prepareStatement(
                                "UPDATE accounts SET balance = balance + ? WHERE id = ?");
                        PreparedStatement l = c.prepareStatement(
                                "INSERT INTO ledger (tx, account, delta) VALUES (?, ?, ?)");
                        while (on.get()) {
                            Transfers.Transfer t1 = bank.of(next.getAndIncrement());
                            try {
                                u.setLong(1, -t1.amount());
                                u.setString(2, Transfers.id(t1.from()));
                                u.executeUpdate();
                                u.setLong(1, t1.amount());
                                u.setString(2, Transfers.id(t1.to()));
                                u.executeUpdate();
                                l.setLong(1, t1.tx());
                                l.setString(2, Transfers.id(t1.from()));
                                l.setLong(3, -t1.amount());
                                l.executeUpdate();
                                c.commit();
                                committed.incrementAndGet();
                            } catch (SQLException e) {
                                if (!LocalWork.FAILS_THE_WORK.contains(e.getSQLState())) {
                                    throw e;
                                }
                                c.rollback();    // an overdraft or a locked row: aborted, as 2PC's RM would
                            }
                        }
                    } catch (SQLException e) {
                        synchronized (failed) {
                            failed.add(e);
                        }
                    }
                });
                clients.add(t);
                t.start();
            }
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            long n = committed.get();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            on.set(false);
            for (Thread t : clients) {
                t.join(30_000);
            }
            if (!failed.isEmpty()) {
                throw failed.get(0);
            }
            return n / elapsed;
        } finally {
            s.close();
            PgServer.deleteTree(dir);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
