/**
 * A bank on three PostgreSQL shards whose transfers ddm's TM commits (issue #20): the reference implementation in
 * front of real resource managers, held to the same spec.
 *
 * <p>PostgreSQL is the RM's durable log here. {@code PREPARE TRANSACTION 'ddm-tx'} forces the shard's part of a
 * transfer and survives a crash of the server ({@code pg_prepared_xacts} lists it after restart); {@code COMMIT
 * PREPARED} / {@code ROLLBACK PREPARED} finish it. The RM's actions map onto it as follows ({@link PgLog},
 * {@link LocalWork}, {@link RmAgent}): RMPrepare is the local work succeeding and {@code PREPARE TRANSACTION}
 * returning, before the vote is sent; RMChooseToAbort is the local work failing (an overdraft against
 * {@code CHECK (balance >= 0)}, a locked row) and being rolled back; RMRcvCommitMsg / RMRcvAbortMsg are
 * {@code COMMIT PREPARED} / {@code ROLLBACK PREPARED} (idempotent); RMCrash is the agent or its server killed;
 * RMRecover is the restarted agent reading {@code pg_prepared_xacts} and its ledger, and RMAskOutcome for each
 * transaction still prepared. The TM is impl's, unchanged, with its FileLog and group commit.
 *
 * <p>Dependencies: impl (the TM, the RM's state machine, the node driver, node processes and their supervisor);
 * conformance (the per-node validator and the model, for the command's validation at the end, as {@code ddm cluster}
 * has it); and PostgreSQL's JDBC driver, the only way a JVM speaks PostgreSQL's protocol without writing one. No
 * connection pool library: an agent's driver is one thread, and it holds one connection per open transaction.
 */
package ddm.bank;
