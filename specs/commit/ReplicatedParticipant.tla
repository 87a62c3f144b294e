------------------------ MODULE ReplicatedParticipant ------------------------
(***************************************************************************)
(* A 2PC participant (RM) whose log is replicated within its shard.       *)
(*                                                                         *)
(* In TwoPhaseCommitRecovery an RM's log is one disk: if the disk is lost, *)
(* so is the RM's vote, and a lost vote breaks 2PC (the RM could abort     *)
(* after the TM counted its Prepared). The fix in the seed notes is a      *)
(* replicated state machine within the shard: the RM's records go to a    *)
(* set of replicas, and a record counts as durable once a majority holds  *)
(* it. Then losing a minority of the replicas loses nothing the RM has    *)
(* acted on, because every majority (in particular, the surviving         *)
(* replicas, which are one) meets the majority that holds the record.     *)
(* Losing a majority can lose it: the survivors may all be replicas that  *)
(* never received the record.                                              *)
(*                                                                         *)
(* What is modelled, as an abstraction of a replicated log (Raft or       *)
(* Multi-Paxos in the shard, not modelled here): one RM leader that never *)
(* fails, which decides its next record (proposed), copies it to replicas *)
(* (ReplicaAppend), and acts on it (sends its vote, or applies the        *)
(* outcome: RMActOnRecord) only once a majority holds it. An RM's records  *)
(* form a chain, none < prepared < committed or aborted, so each replica  *)
(* holds just the latest record it received. The TM is not modelled: the  *)
(* outcome arrives nondeterministically (RMRcvDecision). A lost replica   *)
(* (LoseReplica) is gone for good, disk and all; at most MaxLost replicas  *)
(* are lost. Gone for good matters: a replica that came back with an      *)
(* empty disk and voted as before could form a majority that knows        *)
(* nothing (a real system must rebuild it, or reconfigure, first).        *)
(*                                                                         *)
(* The property. NoLostVoteOrDecision: what the RM has acted on (rmState) *)
(* is still held by a surviving replica, so a new leader that reads the   *)
(* survivors recovers it. RecoverableFromAnyQuorum: a new leader reading  *)
(* any majority of survivors finds it (the stronger form a real recovery  *)
(* needs). Both hold for MaxLost a minority; NoLostVoteOrDecision fails   *)
(* for MaxLost a majority (the negative model).                            *)
(*                                                                         *)
(* Vocabulary                                                              *)
(*   rmState     what the RM has acted on: "working" | "prepared" (vote   *)
(*               sent) | "committed" | "aborted" (outcome applied)         *)
(*   proposed    the RM leader's latest record: "none" | "prepared" |      *)
(*               "committed" | "aborted"                                   *)
(*   repLog[p]   the latest record replica p holds                         *)
(*   lost        the replicas lost so far                                  *)
(*   RMPrepare  RMRcvDecision(d)  ReplicaAppend(p)  RMActOnRecord          *)
(*   LoseReplica(p)                                                        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    \* @type: Set(Str);
    Replica,        \* the replicas of the RM's shard
    \* @type: Int;
    MaxLost         \* how many replicas may be lost

VARIABLES
    \* @type: Str;
    rmState,        \* what the RM has acted on
    \* @type: Str;
    proposed,       \* the RM leader's latest record
    \* @type: Str -> Str;
    repLog,         \* repLog[p] is the latest record replica p holds
    \* @type: Set(Str);
    lost            \* the replicas lost so far

vars == << rmState, proposed, repLog, lost >>

Records == {"none", "prepared", "committed", "aborted"}

(* A majority of all the replicas, lost or not.                           *)
Quorums == {Q \in SUBSET Replica : 2 * Cardinality(Q) > Cardinality(Replica)}

Survivors == Replica \ lost

TypeOK ==
    /\ rmState \in {"working", "prepared", "committed", "aborted"}
    /\ proposed \in Records
    /\ repLog \in [Replica -> Records]
    /\ lost \in SUBSET Replica

Init ==
    /\ rmState = "working"
    /\ proposed = "none"
    /\ repLog = [p \in Replica |-> "none"]
    /\ lost = {}

(* Replica p's record covers state s: it is s, or (for the vote) later.   *)
Covers(p, s) ==
    \/ s = "working"
    \/ s = "prepared" /\ repLog[p] # "none"
    \/ s \in {"committed", "aborted"} /\ repLog[p] = s

-----------------------------------------------------------------------------
(***************************************************************************)
(* RM leader actions                                                       *)
(***************************************************************************)

(* The working RM decides to vote Prepared; the record must be durable    *)
(* before the vote is sent.                                                *)
RMPrepare ==
    /\ rmState = "working"
    /\ proposed = "none"
    /\ proposed' = "prepared"
    /\ UNCHANGED << rmState, repLog, lost >>

(* The prepared RM hears the outcome d; it records it before applying it. *)
RMRcvDecision(d) ==
    /\ rmState = "prepared"
    /\ proposed = "prepared"
    /\ proposed' = d
    /\ UNCHANGED << rmState, repLog, lost >>

(* Surviving replica p receives the leader's latest record.               *)
ReplicaAppend(p) ==
    /\ p \notin lost
    /\ repLog[p] # proposed
    /\ repLog' = [repLog EXCEPT ![p] = proposed]
    /\ UNCHANGED << rmState, proposed, lost >>

(* Once a majority holds the latest record, the RM acts on it: it sends   *)
(* its vote, or applies the outcome.                                       *)
RMActOnRecord ==
    /\ proposed # "none"
    /\ rmState # proposed
    /\ \E Q \in Quorums : \A p \in Q : repLog[p] = proposed
    /\ rmState' = proposed
    /\ UNCHANGED << proposed, repLog, lost >>

(* Replica p is lost, its disk with it.                                   *)
LoseReplica(p) ==
    /\ p \notin lost
    /\ Cardinality(lost) < MaxLost
    /\ lost' = lost \cup {p}
    /\ UNCHANGED << rmState, proposed, repLog >>

-----------------------------------------------------------------------------
Next ==
    \/ RMPrepare
    \/ RMActOnRecord
    \/ \E d \in {"committed", "aborted"} : RMRcvDecision(d)
    \/ \E p \in Replica :
        \/ ReplicaAppend(p)
        \/ LoseReplica(p)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(***************************************************************************)
(* Properties                                                              *)
(***************************************************************************)

(* What the RM acted on survives on some surviving replica.               *)
NoLostVoteOrDecision == \E p \in Survivors : Covers(p, rmState)

(* Every majority made only of survivors holds what the RM acted on, so a *)
(* new leader that reads any such majority recovers it.                    *)
RecoverableFromAnyQuorum ==
    \A Q \in Quorums : Q \subseteq Survivors => \E p \in Q : Covers(p, rmState)
=============================================================================
