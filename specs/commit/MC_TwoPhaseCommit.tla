------------------------- MODULE MC_TwoPhaseCommit -------------------------
(* Models of TwoPhaseCommit. RM is a set of model values (r1, r2, ...), so  *)
(* traces name the RMs as the Java code does.                              *)
EXTENDS TwoPhaseCommit, Naturals, FiniteSets, TLC

(* The RMs are interchangeable: a permutation of a state is as good as     *)
(* the state for invariants. Used only by safety-only models (TLC's        *)
(* symmetry reduction is unsound for liveness).                            *)
RMSymmetry == Permutations(RM)

(* The inductive-invariant model: start from every state that satisfies   *)
(* Inv (TypeOK is finite here, so TLC can enumerate them) and take one     *)
(* step; the invariant must hold after it.                                 *)
IInit == Inv
OneStep == TLCGet("level") < 2
=============================================================================
