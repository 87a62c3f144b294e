package ddm.bank;

import java.util.SplittableRandom;

/**
 * The bank's accounts and the transfer of each transaction, drawn from a seed: every node that needs a transfer (the
 * RM agents doing their shard's part of it, the checker reading the ledger) computes the same one from the
 * transaction's id, so no transfer travels on the wire and the TM's protocol is 2PC's and nothing more.
 *
 * <p>Accounts {@code a0 .. a(N-1)}; account {@code ai} lives on shard {@code i mod 3}. A transfer moves
 * {@code 1..maxAmount} from one account to another on a different shard; the third shard takes part with its ledger
 * row alone.
 */
public record Transfers(long seed, int accounts, long initialBalance, long maxAmount) {

    public static final int SHARDS = 3;

    public Transfers {
        if (accounts < SHARDS || initialBalance < 0 || maxAmount < 1) {
            throw new IllegalArgumentException("a bank needs at least " + SHARDS + " accounts, a balance >= 0 and "
                    + "amounts >= 1: " + accounts + ", " + initialBalance + ", " + maxAmount);
        }
    }

    /** One transfer: {@code amount} from account {@code from} to account {@code to}. */
    public record Transfer(long tx, int from, int to, long amount) {

        /** What this transfer does to an account of {@code shard}'s: its ledger row's account and delta. */
        public Row row(int shard) {
            if (shardOf(from) == shard) {
                return new Row(tx, id(from), -amount);
            }
            if (shardOf(to) == shard) {
                return new Row(tx, id(to), amount);
            }
            return new Row(tx, null, 0);
        }
    }

    /** A ledger row: the transaction, the account of this shard it touched (null: none), and the change. */
    public record Row(long tx, String account, long delta) {
    }

    public static int shardOf(int account) {
        return account % SHARDS;
    }

    public static String id(int account) {
        return "a" + account;
    }

    /** Transaction {@code tx}'s transfer. */
    public Transfer of(long tx) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + tx);
        int from = r.nextInt(accounts);
        int to = r.nextInt(accounts - 1);
        if (to >= from) {
            to++;
        }
        for (int i = 0; shardOf(to) == shardOf(from); i++) {
            to = (to + 1) % accounts;    // at most SHARDS - 1 steps: the next accounts are on the other shards
            if (i > SHARDS) {
                throw new IllegalStateException("no account off shard " + shardOf(from));
            }
        }
        return new Transfer(tx, from, to, 1 + r.nextLong(maxAmount));
    }

    /** The money in the bank: every account's starting balance. */
    public long total() {
        return accounts * initialBalance;
    }
}
