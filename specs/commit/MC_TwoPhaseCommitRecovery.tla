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
(* IInit is TypeOK /\ Inv, written so that TLC can enumerate it fast. TLC *)
(* binds variables conjunct by conjunct, and TypeOK alone has about 10^9  *)
(* states for three RMs (the 256 subsets of Messages multiply the rest),  *)
(* so IInit first repeats some of Inv's conjuncts right after the         *)
(* variables they constrain (a node's state against its log), and builds  *)
(* msgs only from the messages Inv allows in the state chosen so far      *)
(* (Prepared and Query from RMs with a record, Commit only from a         *)
(* committed TM, Abort only from an aborted one). Every pruning conjunct  *)
(* is implied by Inv, and TypeOK /\ Inv closes the list, so the initial   *)
(* states are exactly the states satisfying TypeOK /\ Inv. (Checked once  *)
(* for two RMs: this IInit and the plain TypeOK /\ Inv both give 4,122    *)
(* initial states. Whoever weakens Inv must drop the matching pruning.)   *)
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
    /\ \E voted \in SUBSET {r \in RM : rmLog[r] # "none"},
          asked \in SUBSET {r \in RM : rmLog[r] # "none"},
          decided \in SUBSET {d \in {"Commit", "Abort"} :
                                /\ d = "Commit" => tmState = "committed"
                                /\ d = "Abort" => tmState = "aborted"} :
           msgs = {[type |-> "Prepared", rm |-> r] : r \in voted}
                  \cup {[type |-> "Query", rm |-> r] : r \in asked}
                  \cup {[type |-> d] : d \in decided}
    /\ tmPrepared \in SUBSET {r \in RM : [type |-> "Prepared", rm |-> r] \in msgs}
    /\ crashes \in 0 .. MaxCrashes
    /\ TypeOK
    /\ Inv

OneStep == TLCGet("level") < 2
=============================================================================
