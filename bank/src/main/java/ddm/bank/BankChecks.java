package ddm.bank;

import ddm.commit.DurableRecord;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bank's checkers, on what the servers hold after the faults stopped and recovery ran (read with fresh
 * connections), and on the TM's durable decisions:
 * <ul>
 *   <li>money: the balances of all shards add up to what the bank started with;</li>
 *   <li>atomicity: every transfer's ledger row is on all three shards or on none, and is the transfer's;</li>
 *   <li>each balance is its starting balance plus its ledger's deltas;</li>
 *   <li>no transaction is left in any server's {@code pg_prepared_xacts};</li>
 *   <li>the TM's word holds: a transfer is applied exactly when the TM's log has its commit record.</li>
 * </ul>
 */
public final class BankChecks {

    /** What the checks found, and what each shard holds (as an RM's records, for impl's CommitChecker). */
    public record Result(long money, long expectedMoney, int appliedTransfers, List<Integer> preparedLeft,
                         List<String> violations, List<List<DurableRecord>> shardRecords) {

        public boolean ok() {
            return violations.isEmpty();
        }

        public boolean moneyOk() {
            return money == expectedMoney;
        }

        public List<DurableRecord> records(int shard) {
            return shardRecords.get(shard);
        }

        public String summary() {
            return String.format(Locale.ROOT, "money: %d of %d%s; %d transfers applied on all three shards; "
                            + "prepared transactions left %s; %s", money, expectedMoney,
                    moneyOk() ? " (unchanged)" : " (CHANGED)", appliedTransfers, preparedLeft,
                    violations.isEmpty() ? "no violation" : violations.size() + " violations");
        }
    }

    private BankChecks() {
    }

    /** Reads every shard (fresh connections) and checks it against the transfers and the TM's log. */
    public static Result check(List<PgServer> servers, Transfers bank, List<DurableRecord> tmLog) {
        List<String> v = new ArrayList<>();
        long money = 0;
        List<Map<Long, Transfers.Row>> ledgers = new ArrayList<>();
        List<Integer> prepared = new ArrayList<>();
        List<List<DurableRecord>> records = new ArrayList<>();
        for (int k = 0; k < servers.size(); k++) {
            Map<Long, Transfers.Row> ledger = new TreeMap<>();
            Map<String, Long> balances = new TreeMap<>();
            List<Long> inDoubt = new ArrayList<>();
            try (Connection c = servers.get(k).connect(10); Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT id, balance FROM accounts")) {
                    while (r.next()) {
                        balances.put(r.getString(1), r.getLong(2));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT tx, account, delta FROM ledger")) {
                    while (r.next()) {
                        ledger.put(r.getLong(1), new Transfers.Row(r.getLong(1), r.getString(2), r.getLong(3)));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT gid FROM pg_prepared_xacts")) {
                    while (r.next()) {
                        String gid = r.getString(1);
                        inDoubt.add(gid.startsWith(PgLog.GID_PREFIX)
                                ? Long.parseLong(gid.substring(PgLog.GID_PREFIX.length())) : -1L);
                    }
                }
            } catch (SQLException e) {
                v.add("shard " + k + " could not be read: " + e.getMessage());
            }
            Map<String, Long> fromLedger = new HashMap<>();
            ledger.values().forEach(row -> {
                if (row.account() != null) {
                    fromLedger.merge(row.account(), row.delta(), Long::sum);
                }
            });
            for (Map.Entry<String, Long> b : balances.entrySet()) {
                long expected = bank.initialBalance() + fromLedger.getOrDefault(b.getKey(), 0L);
                if (b.getValue() != expected) {
                    v.add("account " + b.getKey() + " on shard " + k + " holds " + b.getValue() + ", but its start "
                            + "and its ledger say " + expected);
                }
                money += b.getValue();
            }
            if (!inDoubt.isEmpty()) {
                v.add(inDoubt.size() + " prepared transactions left on shard " + k + " after recovery: " + inDoubt);
            }
            prepared.add(inDoubt.size());
            ledgers.add(ledger);
            List<DurableRecord> rs = new ArrayList<>();
            for (long tx : new TreeSet<>(ledger.keySet())) {
                rs.add(new DurableRecord.Prepared(tx));
                rs.add(new DurableRecord.Committed(tx));
            }
            inDoubt.forEach(tx -> rs.add(new DurableRecord.Prepared(tx)));
            records.add(rs);
        }
        if (money != bank.total()) {
            v.add("money changed: the shards hold " + money + ", the bank started with " + bank.total());
        }
        Set<Long> committedByTm = new TreeSet<>();
        tmLog.forEach(r -> {
            if (r instanceof DurableRecord.Committed) {
                committedByTm.add(r.tx());
            }
        });
        Set<Long> any = new TreeSet<>();
        ledgers.forEach(l -> any.addAll(l.keySet()));
        int applied = 0;
        for (long tx : any) {
            List<Integer> on = new ArrayList<>();
            for (int k = 0; k < ledgers.size(); k++) {
                Transfers.Row row = ledgers.get(k).get(tx);
                if (row != null) {
                    on.add(k);
                    Transfers.Row expected = bank.of(tx).row(k);
                    if (!row.equals(expected)) {
                        v.add("transfer " + tx + "'s ledger row on shard " + k + " is " + row + ", not " + expected);
                    }
                }
            }
            if (on.size() == ledgers.size()) {
                applied++;
            } else {
                v.add("transfer " + tx + " is half applied: committed on shards " + on + " only");
            }
            if (!committedByTm.contains(tx)) {
                v.add("transfer " + tx + " is applied on shards " + on + " without the TM's commit record");
            }
        }
        for (long tx : committedByTm) {
            for (int k = 0; k < ledgers.size(); k++) {
                if (!ledgers.get(k).containsKey(tx)) {
                    v.add("transfer " + tx + " was committed by the TM but is not applied on shard " + k);
                }
            }
        }
        return new Result(money, bank.total(), applied, prepared, List.copyOf(v), records);
    }
}
