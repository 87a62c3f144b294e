----------------------- MODULE MC_RecoverUncompleted -----------------------
(* Negative model: recovery from an epoch that had not completed. After a *)
(* failure every node restores the latest epoch it recorded itself,       *)
(* whether or not the coordinator declared that epoch complete: a source  *)
(* that injected barrier e rewinds to its position at e, a task that has  *)
(* not recorded e restores an older state. Expected: ExactlyOnce is       *)
(* violated (the records between the two positions are lost).             *)
EXTENDS MC_EpochAlignment

(* The dataflow fails; each node restarts from its own latest snapshot.   *)
RecoverLatest ==
    /\ failures < MaxFailures
    /\ failures' = failures + 1
    /\ chan' = [c \in Edges |-> << >>]
    /\ blocked' = {}
    /\ count' = [t \in Tasks |-> IF recorded[t] = 0 THEN Zero ELSE snap[t][recorded[t]]]
    /\ emitted' = [s \in Sources |-> IF recorded[s] = 0 THEN 0 ELSE offset[s][recorded[s]]]
    /\ UNCHANGED << recorded, snap, offset, started, completed, acked >>

NextRecoverUncompleted ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : Process(t, c)
    \/ \E t \in Tasks, c \in Edges : RcvBarrier(t, c)
    \/ \E t \in Tasks : AlignedSnapshot(t)
    \/ RecoverLatest

SpecRecoverUncompleted == Init /\ [][NextRecoverUncompleted]_vars
=============================================================================
