---------------------------- MODULE MC_PaxosCommit ----------------------------
(* Models of PaxosCommit. RMs and acceptors are model values (r1, r2, a1,  *)
(* a2, a3), so traces name them as the Java code will.                     *)
EXTENDS PaxosCommit, TLC

(* Quorums: the majorities of the acceptors (every two intersect).         *)
Majorities == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) > Cardinality(Acceptor)}

(* The negative model's quorums: single acceptors, which need not          *)
(* intersect, so two ballots can choose different values.                  *)
Singletons == {{a} : a \in Acceptor}

(* Symmetry: acceptors are interchangeable, and so are RMs (each RM owns   *)
(* its instance; nothing in the spec names one). The group is every pair   *)
(* of a permutation of acceptors and one of RMs (3! * 2! = 12 for the CI   *)
(* model). Safety-only models use it: TLC's symmetry is unsound for        *)
(* liveness.                                                               *)
Symmetry == {p @@ q : p \in Permutations(Acceptor), q \in Permutations(RM)}

(* A view for the CI model. Once every RM has committed or aborted, no     *)
(* action changes rmState again, and the CI model checks only properties   *)
(* of rmState (Consistency, refinement of TransactionCommit): the rest of  *)
(* such a state (late acceptor traffic) cannot matter, so all of them are  *)
(* one state.                                                              *)
Finished == \A r \in RM : rmState[r] \in {"committed", "aborted"}
DoneView == IF Finished THEN << rmState >> ELSE vars
=============================================================================
