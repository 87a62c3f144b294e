------------------------- MODULE MC_ReplicatedShards -------------------------
(* Models of ReplicatedShards. RMs, the TM's group and the data centres   *)
(* and the slots are model values (r1, r2, tm, d1, d2, d3, s1, s2, s3),    *)
(* so traces name them as the Java code does.                              *)
EXTENDS ReplicatedShards, TLC

CONSTANTS r1, d1, d2, d3, s1, s2, s3

(* The placement the design asks for: slot si of every group in data      *)
(* centre di, so a data centre holds one replica of each group.           *)
OnePerDC == [g \in Group |-> (s1 :> d1 @@ s2 :> d2 @@ s3 :> d3)]

(* The bad placement: every replica of shard r1 in data centre d1.        *)
ShardInOneDC == [g \in Group |-> IF g = r1 THEN [s \in Slot |-> d1]
                                 ELSE OnePerDC[g]]

(* With OnePerDC the RMs are interchangeable, and so are the followers'    *)
(* data centres d2 and d3 together with their slots (the leaders start in *)
(* s1, in d1): the symmetry group is RM permutations times that swap.     *)
(* Safety-only models use it: TLC's symmetry is unsound for liveness.     *)
FollowerSwap == {s2 :> s2 @@ s3 :> s3 @@ d2 :> d2 @@ d3 :> d3,
                 s2 :> s3 @@ s3 :> s2 @@ d2 :> d3 @@ d3 :> d2}
Symmetry == {p @@ q : p \in FollowerSwap, q \in Permutations(RM)}
=============================================================================
