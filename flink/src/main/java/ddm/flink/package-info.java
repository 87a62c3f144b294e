/**
 * Apache Flink's aligned checkpoints held to {@code specs/epoch/EpochAlignment.tla} (issue #18), with no change to
 * Flink's code.
 *
 * <p>Why Flink itself: our own dataflow (impl's {@code ddm.epoch}) was written from the spec; Flink is the engine
 * that made barrier alignment standard and was not. Holding its real checkpointing to the same spec shows that the
 * harness checks code it was not written for, and its history has the bugs such a check is for (FLINK-17568: data
 * after a barrier consumed before the checkpoint; FLINK-23201: an alignment that ends before it starts). Flink 2.3.0
 * from Maven Central: {@code flink-streaming-java} (the DataStream API), {@code flink-clients} (the local
 * environment, which starts an in-process MiniCluster for the job and shuts it down when it ends),
 * {@code flink-runtime} (since Flink 2 it holds {@code org.apache.flink.streaming.runtime.*}, the classes advised)
 * and {@code flink-connector-datagen} (a rate-limited unbounded source: a finishing input sends barriers the spec
 * does not have).
 *
 * <p>Why Byte Buddy: its advice is inlined into Flink's classes as they load (or are retransformed), so the recorder
 * sees Flink's own steps on Flink's own threads while Flink's jars stay as published; it is already in the build
 * (conformance records the Java runtimes with it). The advised methods are listed in {@link ddm.flink.FlinkAdvice}.
 * No lock is shared by the task threads (one taken inside them can deadlock Flink): each subtask logs its own events
 * ({@link ddm.flink.FlinkSteps}), message edges come from FIFO channel numbering, and the per-node search
 * ({@code ddm.conformance.events}) orders the logs.
 *
 * <p>The map, for the job's dataflow ({@code specs/epoch/MC_Flink.tla}: sources s0, s1; counters c0, c1; sum):
 * <ul>
 *   <li>{@code CheckpointCoordinator.triggerTasks}: {@code StartEpoch(e)}, e the checkpoint's position in the run;
 *   <li>a source's {@code checkpointState}: {@code InjectBarrier(s)};
 *   <li>a source's first record of an epoch ({@code RecordWriterOutput.pushToRecordWriter}): {@code SourceEmit(s)};
 *   <li>a task's first record from channel c in an epoch ({@code AbstractStreamTaskNetworkInput.processElement},
 *       field {@code lastChannel}): {@code Process(t, c)};
 *   <li>a barrier on channel c ({@code SingleCheckpointBarrierHandler.processBarrier}): {@code Process(t, c)} for
 *       each abstract record still before it on c (whose Flink records went to the other subtask), then
 *       {@code RcvBarrier(t, c)};
 *   <li>a task's {@code checkpointState}: {@code AlignedSnapshot(t)}. Flink forwards the barrier, takes the
 *       synchronous snapshot and only then resumes the blocked channels, all in one mailbox action with no record
 *       taken in between: one {@code AlignedSnapshot}, not the spec's forward-first bug;
 *   <li>{@code CheckpointCoordinator.completePendingCheckpoint}, returning normally: {@code CompleteEpoch(e)};
 *   <li>a subtask's {@code processElement} ending by an exception (the job's seeded record throws): {@code Fail}, a
 *       marker on that node, no spec step: the spec's failure is part of its {@code Recover};
 *   <li>{@code CheckpointCoordinator.restoreLatestCheckpointedStateInternal} after a failure, returning the id of
 *       the checkpoint it restored (the scheduler's {@code restoreState} goes through it, by
 *       {@code restoreLatestCheckpointedStateToSubtasks} in a region failover and
 *       {@code restoreLatestCheckpointedStateToAll} in a global one): {@code Recover}, with the epoch restored
 *       logged as {@code started} and every node's {@code recorded}, which the spec sets to its last completed
 *       epoch. A global step: Flink cancels every subtask attempt of the region (here the whole job, whose keyBy
 *       and global edges make it one pipelined region) and restores only once all have ended, and the new attempts
 *       start after it; their channels start empty, so messages are numbered anew, and the epochs after the one
 *       restored are started again with the same numbers, as the spec reuses them.
 * </ul>
 * The spec broadcasts every record; Flink partitions by key. So one abstract record per node and epoch stands for
 * the node's Flink records of that epoch, and the logs are validated at the PARAMS level (actions and parameters):
 * the spec's counts of abstract records stand for no Flink state. What the spec checks is the protocol: barriers in
 * FIFO order behind the records, no record taken from a channel blocked for alignment, a snapshot only once every
 * input's barrier is in, epochs started, recorded and completed in order, completion only after every task's
 * snapshot, and a restore of the last completed checkpoint after a failure. Validated against
 * {@code MC_FlinkRecovery.cfg} (MC_Flink with up to 2 failures), which a run without failures follows as well.
 * Unaligned checkpoints are recorded with the same map, and refused: the spec they follow is EpochUnaligned.
 */
package ddm.flink;
