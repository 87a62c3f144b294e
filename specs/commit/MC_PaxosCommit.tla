---------------------------- MODULE MC_PaxosCommit ----------------------------
(* Models of PaxosCommit. RMs and acceptors are model values (r1, r2, a1,  *)
(* a2, a3), so traces name them as the Java code will.                     *)
EXTENDS PaxosCommit, TLC

(* Quorums: the majorities of the acceptors (every two intersect).         *)
Majorities == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) > Cardinality(Acceptor)}

(* The negative model's quorums: single acceptors, which need not          *)
(* intersect, so two ballots can choose different values.                  *)
Singletons == {{a} : a \in Acceptor}
=============================================================================
