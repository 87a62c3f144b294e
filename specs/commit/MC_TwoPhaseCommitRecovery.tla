--------------------- MODULE MC_TwoPhaseCommitRecovery ---------------------
(* Models of TwoPhaseCommitRecovery. RM is a set of model values (r1, r2,  *)
(* ...), so traces name the RMs as the Java code does.                     *)
EXTENDS TwoPhaseCommitRecovery, FiniteSets, TLC

(* The RMs are interchangeable: a permutation of a state is as good as     *)
(* the state for the invariants and for the refinement (TransactionCommit  *)
(* is symmetric in RM too). Used only by models without liveness (TLC's    *)
(* symmetry reduction is unsound for liveness).                            *)
RMSymmetry == Permutations(RM)

(* The inductive-invariant model: start from every state satisfying       *)
(* TypeOK /\ Inv and take one step (OneStep); Inv must hold after it.     *)
(* IInit is TypeOK /\ Inv, with some of Inv's per-node conjuncts repeated  *)
(* early: TLC enumerates conjunct by conjunct, so checking a node's state  *)
(* against its log right after both are chosen prunes the enumeration     *)
(* before msgs multiplies it (about 10^9 TypeOK states for three RMs      *)
(* would otherwise be generated and filtered). The repeated conjuncts are  *)
(* implied by Inv, so the set of initial states is exactly TypeOK /\ Inv.  *)
IInit ==
    /\ rmLog \in [RM -> RMRecords]
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ \A r \in RM :
        /\ rmLog[r] = "none" => rmState[r] \in {"working", "aborted"}
        /\ rmLog[r] # "none" => rmState[r] = rmLog[r]
    /\ rmUp \in [RM -> BOOLEAN]
    /\ \A r \in RM : ~ rmUp[r] => rmState[r] # "working"
    /\ tmLog \in TMRecords
    /\ tmState \in {"init", "committed", "aborted"}
    /\ tmState = "committed" <=> tmLog = "committed"
    /\ tmUp \in BOOLEAN
    /\ tmPrepared \in SUBSET RM
    /\ ~ tmUp => tmState # "init" /\ tmPrepared = {}
    /\ msgs \in SUBSET Messages
    /\ crashes \in 0 .. MaxCrashes
    /\ TypeOK
    /\ Inv

OneStep == TLCGet("level") < 2
=============================================================================
