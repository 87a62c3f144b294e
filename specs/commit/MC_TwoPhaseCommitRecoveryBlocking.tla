----------------- MODULE MC_TwoPhaseCommitRecoveryBlocking -----------------
(* A teaching model of 2PC's known weakness, blocking. The TM fails in its *)
(* worst moment, after every RM prepared and before it decided, and never  *)
(* recovers. The prepared RMs may not abort on their own (they voted), and *)
(* asking the TM gets no answer, so they wait forever: Termination fails   *)
(* (TLC exit 13, liveness), whatever fairness the RMs get. PaxosCommit.tla *)
(* is the protocol that does not block here.                               *)
(*                                                                         *)
(* Two changes to TwoPhaseCommitRecovery, both to the TM:                 *)
(* TMCrashAfterVotes replaces TMCrash (the crash happens in the blocking   *)
(* window only, so the counterexample TLC prints is the textbook one),     *)
(* and TMRecover is gone from the next-state relation and from fairness.   *)
EXTENDS TwoPhaseCommitRecovery

(* The TM crashes after it received every vote and before it decided.     *)
TMCrashAfterVotes ==
    /\ tmPrepared = RM
    /\ tmState = "init"
    /\ TMCrash

NextBlocking ==
    \/ TMCommit
    \/ TMAbort
    \/ TMCrashAfterVotes
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

(* FairSpec's fairness, less the TM's recovery, which no longer exists.   *)
FairSpecBlocking ==
    /\ Init /\ [][NextBlocking]_vars
    /\ WF_vars(TMCommit)
    /\ WF_vars(TMAbort)
    /\ \A r \in RM :
        /\ WF_vars(TMRcvPrepared(r))
        /\ WF_vars(TMRcvQuery(r))
        /\ WF_vars(RMPrepare(r) \/ RMChooseToAbort(r))
        /\ WF_vars(RMRcvCommitMsg(r))
        /\ WF_vars(RMRcvAbortMsg(r))
        /\ WF_vars(RMAskOutcome(r))
        /\ WF_vars(RMRecover(r))
=============================================================================
