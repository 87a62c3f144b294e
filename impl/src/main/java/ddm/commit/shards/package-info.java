/**
 * Two-phase commit over replicated shards, following {@code specs/commit/ReplicatedShards.tla}: every RM is a shard,
 * a group of replicas with one replica in each data centre, and so is the TM; each group's log is replicated by
 * MicroRaft, and each group's leader runs the unchanged 2PC node of {@code ddm.commit} ({@code ResourceManager},
 * {@code TransactionManager}, their {@code RmStates}) with the replicated log as its durable log.
 *
 * <p>Why MicroRaft (io.microraft:microraft 0.7) and not Apache Ratis: MicroRaft takes its executor, clock, random
 * source, transport, store and state machine from its builder and has no threads, timers or sockets of its own, so
 * one thread can drive a whole system of groups deterministically ({@link ddm.commit.shards.SimRaft}: tasks run when
 * the simulator says, time moves only on its ticks, messages wait in queues it chooses from), and the same nodes run
 * on threads with ordinary executors. Ratis brings its own gRPC or Netty transport and thread pools, which a
 * deterministic simulator cannot step. MicroRaft's 0.7 POM lists a Maven plugin as a compile dependency; the parent
 * POM excludes it. Its SLF4J logging goes to slf4j-nop.
 *
 * <p>Spec action to code:
 * <pre>
 * RMPrepare(rm) ... TMRcvQuery(rm)  GroupLeader.step(CommitEvent): the 2PC node's method; its record goes to
 *                                    RaftNode.replicate, and its messages wait for the entry to commit
 * LeaderAct(g)                      GroupLeader.act (the replicate future completes: a majority holds the entry);
 *                                    after a new-term entry, GroupLeader.recover (rmRecover / tmRecover from the
 *                                    committed records, then act on what was recovered)
 * ReplicaAppend(g, s, k)            MicroRaft's AppendEntries handled by replica s (its ReplicaStore changes)
 * ElectLeader(g, s)                 MicroRaft's election won by s (s persists its new-term entry)
 * LoseDataCentre(d)                 ShardsSimulation.loseDataCentre(d): every replica the Placement put in d
 * </pre>
 * Spec variables: {@code rmState}/{@code tmState} = what each group's leaders acted on (GroupLeader.Outbox.acted),
 * {@code tmPrepared} = the TM leader's {@code TransactionManager.prepared}, {@code msgs} = the 2PC network,
 * {@code replicaLog[g][s]} = replica s's {@link ddm.commit.shards.ReplicaStore} after the transaction began,
 * {@code leader}, {@code term} = {@link ddm.commit.shards.Group}'s leaders by term, {@code pending} = the leader's
 * record not yet committed (or its new-term entry, before it recovers), {@code lost}/{@code down} = the data centres
 * lost and the replicas placed there. {@link ddm.commit.shards.ShardsSimulation#abstraction} computes them.
 *
 * <p>Runs: {@link ddm.commit.shards.ShardsSimulation} steps everything from one thread ({@link ddm.commit.shards.SimRaft});
 * {@link ddm.commit.shards.ShardsRuntime} runs each replica on its own thread ({@link ddm.commit.shards.ThreadRaft}),
 * with the same groups, leaders and placement. In both, MicroRaft's timers run on virtual time that moves only for a
 * group that waits on it (no live leader, or a record replicating) and only when its replicas have nothing queued, and
 * a follower suspects its leader only after ten heartbeat periods: so a live leader is never deposed, as the spec
 * assumes, and a lost one is replaced. Data centres are the sets of replicas a {@link ddm.commit.shards.Placement}
 * puts together; losing one stops all of them at once.
 */
package ddm.commit.shards;
