--------------------- MODULE MC_ReplicatedParticipant ----------------------
(* Models of ReplicatedParticipant. Replica is a set of model values.     *)
EXTENDS ReplicatedParticipant, TLC

(* Replicas are interchangeable (the properties quantify over all of      *)
(* them), so states equal up to renaming replicas are checked once.       *)
ReplicaSymmetry == Permutations(Replica)
=============================================================================
