-------------------- MODULE MC_TwoPhaseCommitRecoveryBugs --------------------
(* Negative models: TwoPhaseCommitRecovery with its logging discipline     *)
(* broken, one rule at a time. Each shows why its rule is there: with it   *)
(* broken, a crash makes a node forget what others already acted on, and   *)
(* TLC finds Consistency violated (exit 12, safety).                       *)
EXTENDS TwoPhaseCommitRecovery, TLC

RMSymmetry == Permutations(RM)

(* Bug: resource manager r sends Prepared without forcing its prepare     *)
(* record. If it crashes, it recovers with no record, hence aborted,      *)
(* while the TM may already have counted its vote and committed.          *)
RMPrepareNoForce(r) ==
    /\ rmUp[r]
    /\ rmState[r] = "working"
    /\ rmState' = [rmState EXCEPT ![r] = "prepared"]
    /\ Send([type |-> "Prepared", rm |-> r])
    /\ UNCHANGED << tmState, tmPrepared, rmLog, tmLog, rmUp, tmUp, crashes >>

(* Bug: the TM broadcasts Commit without forcing its Commit record. If it *)
(* crashes, it recovers with no record, presumes abort and answers a      *)
(* query with Abort, while some RM may already have committed.            *)
TMCommitNoForce ==
    /\ tmUp
    /\ tmState = "init"
    /\ tmPrepared = RM
    /\ tmState' = "committed"
    /\ Send([type |-> "Commit"])
    /\ UNCHANGED << rmState, tmPrepared, rmLog, tmLog, rmUp, tmUp, crashes >>

NextRMNoForce ==
    \/ TMCommit
    \/ TMAbort
    \/ TMCrash
    \/ TMRecover
    \/ \E r \in RM :
        \/ TMRcvPrepared(r)
        \/ TMRcvQuery(r)
        \/ RMPrepareNoForce(r)
        \/ RMChooseToAbort(r)
        \/ RMRcvCommitMsg(r)
        \/ RMRcvAbortMsg(r)
        \/ RMAskOutcome(r)
        \/ RMCrash(r)
        \/ RMRecover(r)

NextTMNoForce ==
    \/ TMCommitNoForce
    \/ TMAbort
    \/ TMCrash
    \/ TMRecover
    \/ \E r \in RM :
        \/ TMRcvPrepared(r)
        \/ TMRcvQuery(r)
        \/ RMPrepare(r)
        \/ RMChooseToAbort(r)
        \/ RMRcvCommitMsg(r)
        \/ RMRcvAbortMsg(r)
        \/ RMAskOutcome(r)
        \/ RMCrash(r)
        \/ RMRecover(r)

SpecRMNoForce == Init /\ [][NextRMNoForce]_vars
SpecTMNoForce == Init /\ [][NextTMNoForce]_vars
=============================================================================
