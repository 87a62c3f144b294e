/**
 * Paxos Commit (Gray and Lamport), following {@code specs/commit/PaxosCommit.tla} action by action: one Paxos instance
 * per RM choosing "prepared" or "aborted", 2F+1 {@link ddm.commit.paxos.Acceptor}s, a {@link ddm.commit.paxos.Leader}
 * per ballot b > 0, RMs ({@link ddm.commit.paxos.PaxosRm}, 2PC's states and records) that vote in ballot 0 of their own
 * instance and learn every outcome from a quorum of acceptors ({@link ddm.commit.paxos.Learner}). Nodes are
 * deterministic and return {@link ddm.commit.paxos.Output}; {@link ddm.commit.paxos.PaxosCommitSimulation} drives them
 * one event at a time, {@link ddm.commit.paxos.PaxosCommitRuntime} on one thread per node (it lives here, beside its
 * nodes, as the snapshot and epoch runtimes do; {@code ddm.runtime} holds 2PC's); {@link ddm.commit.paxos.PaxosCommitSystem}
 * is the conformance view.
 *
 * <pre>
 * RMPrepare(rm)       PaxosRm.rmPrepare(tx)            force prepare record, send 2a (ballot 0, prepared)
 * RMChooseToAbort(rm) PaxosRm.rmChooseToAbort(tx)      send 2a (ballot 0, aborted), no record (presumed abort)
 * RMRcvCommitMsg(rm)  PaxosRm.rmRcvCommitMsg(tx, 2bs)  every instance chosen prepared by a quorum; force commit
 * RMRcvAbortMsg(rm)   PaxosRm.rmRcvAbortMsg(tx, 2bs)   some instance chosen aborted; force abort if prepared
 * Phase1a(b, rm)      Leader.phase1a(tx, r)            once per instance, while not stopped
 * Phase1b(a)          Acceptor.phase1b(1a)             the 1a message is the event's choice; force promise, send 1b
 * Phase2a(b, rm)      Leader.phase2a(tx, r, Q, 1bs)    the quorum Q is the event's choice
 * Phase2b(a)          Acceptor.phase2b(2a)             the 2a message is the event's choice; force vote, send 2b
 * AcceptorCrash(a)    Acceptor.crash()                 (not in the spec: Acceptor.recover(records) from its log)
 * LeaderStop(b)       Leader.stop()
 * </pre>
 * Spec variables: {@code rmState} = {@code PaxosRm.state(tx)}, {@code aState[r][a]} = {@code Acceptor.state(tx, r)}
 * (for a down acceptor, its log's image), {@code p1a..p2b} = the simulator's network, {@code down},
 * {@code stopped} = the simulator's.
 */
package ddm.commit.paxos;
