/**
 * Two-phase commit, following {@code specs/commit/TwoPhaseCommit.tla} and {@code TwoPhaseCommitRecovery.tla} action
 * by action. {@link ddm.commit.TransactionManager} and {@link ddm.commit.ResourceManager} are deterministic state
 * machines (many transactions each); {@link ddm.commit.CommitSimulation} drives them in the simulator;
 * {@link ddm.commit.TwoPhaseCommitSystem} and {@link ddm.commit.TwoPhaseCommitRecoverySystem} are the conformance views
 * (one transaction, one method per action, {@code abstraction()}); {@code ddm.runtime.CommitRuntime} runs the same
 * nodes on threads. Two small classes serve Paxos Commit ({@code ddm.commit.paxos}) too: {@link ddm.commit.RmStates},
 * an RM's states per transaction, up flag and recovery from its log, which both protocols' RMs hold; and
 * {@link ddm.commit.NodeLogs}, the simulators' per-node logs (read, append and force, crash).
 *
 * <p>Spec action to code (node method; the simulator's guard adds the message checks the spec puts on {@code msgs}):
 * <pre>
 * RMPrepare(rm)       ResourceManager.rmPrepare(tx)          force prepare record, send Prepared
 * RMChooseToAbort(rm) ResourceManager.rmChooseToAbort(tx)    no record (presumed abort)
 * RMRcvCommitMsg(rm)  ResourceManager.rmRcvCommitMsg(tx)     needs Commit sent; force commit record
 * RMRcvAbortMsg(rm)   ResourceManager.rmRcvAbortMsg(tx)      needs Abort sent; force abort record if prepared
 * TMRcvPrepared(rm)   TransactionManager.tmRcvPrepared(tx,rm) needs Prepared(rm) sent
 * TMCommit            TransactionManager.tmCommit(tx)        force commit record, send Commit
 * TMAbort             TransactionManager.tmAbort(tx)         send Abort, no record (presumed abort)
 * RMAskOutcome(rm)    ResourceManager.rmAskOutcome(tx)       send Query (the simulator: once, as the spec)
 * TMRcvQuery(rm)      TransactionManager.tmRcvQuery(tx,rm)   needs Query sent; answer not yet sent
 * RMCrash(rm)         ResourceManager.rmCrash()              volatile state lost; shown as its log's image
 * RMRecover(rm)       ResourceManager.rmRecover(records)     state from the log, no record = aborted
 * TMCrash             TransactionManager.tmCrash()           tmPrepared lost
 * TMRecover           TransactionManager.tmRecover(records)  commit record = committed, else aborted
 * </pre>
 * Spec variables: {@code rmState} = {@code ResourceManager.state(tx)}, {@code tmState} =
 * {@code TransactionManager.state(tx)}, {@code tmPrepared} = {@code TransactionManager.prepared(tx)}, {@code msgs} =
 * the simulator's {@code Network}, {@code rmLog}/{@code tmLog} = the last record for tx in the node's log,
 * {@code rmUp}/{@code tmUp} = {@code isUp()}, {@code crashes} = {@code CommitSimulation.crashes()}.
 */
package ddm.commit;
