/**
 * Validation, code to spec: record runs of the Java code on threads and check that each recorded step is a step of
 * the spec's state graph.
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
 *       {@code EpochRuntime}, against EpochAlignment-FanIn.
 *   <li>{@link ddm.conformance.validate.Validator}: every step an edge of the graph, or a stutter; the first step
 *       that is neither is reported with the actions the spec allowed.
 *   <li>{@link ddm.conformance.validate.ValidateRuns}: N runs (or files) validated, with coverage.
 * </ul>
 *
 * Not built yet: checking a recorded trace with TLC for models too large to enumerate. Paxos Commit has no threaded
 * runtime to record. Of the runtimes only the 2PC one crashes and recovers nodes (up to the model's MaxCrashes per
 * run); the Chandy–Lamport and epoch runtimes have no crashes, and epoch recovery is reached only by replay.
 */
package ddm.conformance.validate;
