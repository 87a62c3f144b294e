/**
 * Validation, code to spec: record runs of the Java code on threads and check that each recorded step is a step of
 * the spec: an edge of the model's state graph, in process, or, for a model too large to enumerate, a step of TLC's
 * next-state relation.
 *
 * <ul>
 *   <li>{@link ddm.conformance.validate.Recording}: Byte Buddy advice on the spec-named action methods, installed
 *       at run time (the protocol classes are not edited); one lock from method entry to exit linearizes the steps.
 *   <li>{@link ddm.conformance.validate.CommitRecorder}: the 2PC recorder (method to action table, abstraction per
 *       transaction as TwoPhaseCommitRecovery.tla's variables, one ITF trace per transaction; a node's crash or
 *       recovery is a step of every transaction).
 *   <li>{@link ddm.conformance.validate.CommitRuns}: random threaded runs of {@code ddm.runtime.CommitRuntime}.
 *   <li>{@link ddm.conformance.validate.SnapshotRecorder} and {@link ddm.conformance.validate.SnapshotRuns}: the
 *       same for Chandy–Lamport's {@code SnapshotRuntime} (channels rebuilt from recorded sends and receives, the
 *       history variables in step order), against ChandyLamport-Ring3.
 *   <li>{@link ddm.conformance.validate.EpochRecorder} and {@link ddm.conformance.validate.EpochRuns}: the same for
 *       {@code EpochRuntime}, against EpochAlignment-FanIn, and with failures against EpochAlignment-FanIn-Recovery
 *       (the whole restore is one {@code Recover} step).
 *   <li>{@link ddm.conformance.validate.PaxosRecorder} and {@link ddm.conformance.validate.PaxosRuns}: the same for
 *       {@code ddm.commit.paxos.PaxosCommitRuntime}, against PaxosCommit-Live-1x3 (acceptor crashes included).
 *   <li>{@link ddm.conformance.validate.ShardsRecorder} and {@link ddm.conformance.validate.ShardsRuns}: seeded runs
 *       of {@code ddm.commit.shards.ShardsSimulation} (MicroRaft stepped by the simulator, a data centre lost), against
 *       ReplicatedShards-1; no advice and no lock (the simulator is single-threaded), each event's label read off
 *       what it changed.
 *   <li>{@link ddm.conformance.validate.Validator}: every step an edge of the graph, or a stutter; the first step
 *       that is neither is reported with the actions the spec allowed.
 *   <li>{@link ddm.conformance.validate.TlcValidator}: the same check through TLC, which follows each trace with the
 *       spec's next-state relation in a child JVM ({@code ddm.conformance.graph.TraceFollower}); both are
 *       {@link ddm.conformance.validate.TraceChecker}s and report a failure alike.
 *   <li>{@link ddm.conformance.validate.ValidateRuns}: N runs (or files) validated, with coverage.
 * </ul>
 *
 * Of the runtimes, the 2PC one crashes and recovers nodes (up to the model's MaxCrashes per run) and the Paxos Commit
 * one crashes acceptors (up to MaxDown, for good, as its model does); the epoch runtime fails as a whole job and
 * recovers from the last completed checkpoint (up to the model's MaxFailures per run); the Chandy–Lamport runtime
 * has no crashes.
 */
package ddm.conformance.validate;
