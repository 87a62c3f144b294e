----------------------- MODULE TwoPhaseCommitRecovery -----------------------
(***************************************************************************)
(* Two-phase commit whose nodes crash and recover, keeping what they      *)
(* forced to a durable log (presumed-abort 2PC).                          *)
(*                                                                         *)
(* The protocol is TwoPhaseCommit.tla's, with the same variables and the  *)
(* same seven actions, plus crashes. A node's volatile state is lost when *)
(* it crashes; its log survives. The logging discipline:                  *)
(*   - an RM forces its prepare record before it sends Prepared, so an    *)
(*     RM that voted still knows it after a crash and may not abort on    *)
(*     its own; once prepared, it also records the outcome it applies;    *)
(*   - the TM forces its Commit record before it broadcasts Commit;       *)
(*   - presumed abort: nobody forces an abort. A TM that recovers without *)
(*     a decision record treats the transaction as aborted and answers    *)
(*     Abort; an RM that crashes before voting has lost its work, so it   *)
(*     too is aborted.                                                    *)
(* A prepared RM that hears nothing asks the TM (RMAskOutcome), and the   *)
(* TM answers from its decision (TMRcvQuery).                             *)
(* MC_TwoPhaseCommitRecoveryBugs breaks each forcing rule in turn, and    *)
(* TLC finds Consistency violated; MC_TwoPhaseCommitRecoveryBlocking      *)
(* shows 2PC blocking when the TM dies after the votes.                   *)
(*                                                                         *)
(* What is modelled. One transaction. Each step is atomic, so "force the  *)
(* record, then send" is one step that does both: a crash falls before or *)
(* after it, never between. The network is, as in TwoPhaseCommit, the set *)
(* msgs of every message sent: never removed, so duplicated, reordered    *)
(* and delayed at will. Loss is not modelled separately: for safety a     *)
(* lost message is one never received, and for liveness the fairness      *)
(* below stands for retransmission. Asking is nonetheless needed, and not *)
(* only as a retry: a TM that recovers with no decision record is aborted *)
(* without ever having broadcast Abort (presumed abort), so a prepared RM *)
(* learns the outcome only by asking. Crashes are bounded (MaxCrashes,    *)
(* counted in crashes) so that "once crashes stop" is a fact TLC can use  *)
(* for liveness; safety is checked with every crash pattern within the    *)
(* bound. Not modelled: the log's own mechanics (records are atomic and   *)
(* durable once written; impl/.../ddm/log does the real thing), garbage   *)
(* collection of the TM's log (the TM remembers a Commit forever), and    *)
(* the RMs' work before voting.                                           *)
(*                                                                         *)
(* What a crashed node "is". While a node is down, its rmState (or        *)
(* tmState) is the state its log implies, the one it will recover to:     *)
(* an RM with no record is "aborted", an RM with a record is in the state *)
(* recorded; a TM with no Commit record is "aborted". So a crash itself   *)
(* moves the state to the durable image, and a recovery only brings the   *)
(* node back up. The Java abstraction function maps a down node the same  *)
(* way.                                                                   *)
(*                                                                         *)
(* Vocabulary (the Java code in impl/.../ddm/commit uses the same names)   *)
(*   rmState[r]   "working" | "prepared" | "committed" | "aborted"         *)
(*   tmState      "init" | "committed" | "aborted"                         *)
(*   tmPrepared   the RMs from which the TM has received Prepared          *)
(*                (volatile: emptied by a TM crash)                        *)
(*   msgs         [type |-> "Prepared", rm |-> r], [type |-> "Commit"],    *)
(*                [type |-> "Abort"], [type |-> "Query", rm |-> r]         *)
(*   rmLog[r]     r's last durable record: "none" | "prepared" |           *)
(*                "committed" | "aborted"                                  *)
(*   tmLog        the TM's durable record: "none" | "committed"            *)
(*   rmUp[r], tmUp   whether the node is running                          *)
(*   crashes      crashes so far, all nodes together (a model bound, not  *)
(*                protocol state)                                          *)
(*   2PC:   RMPrepare(rm) RMChooseToAbort(rm) RMRcvCommitMsg(rm)           *)
(*          RMRcvAbortMsg(rm) TMRcvPrepared(rm) TMCommit TMAbort           *)
(*   added: RMCrash(rm) RMRecover(rm) TMCrash TMRecover RMAskOutcome(rm)   *)
(*          TMRcvQuery(rm)                                                 *)
(*                                                                         *)
(* As in TwoPhaseCommit, every action changes the state, so each edge of  *)
(* the state graph is one observable protocol step.                       *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS
    \* @type: Set(Str);
    RM,             \* the resource managers
    \* @type: Int;
    MaxCrashes      \* how many crashes (RM and TM together) may happen

VARIABLES
    \* @type: Str -> Str;
    rmState,        \* rmState[r] is the state of resource manager r
    \* @type: Str;
    tmState,        \* the transaction manager's state
    \* @type: Set(Str);
    tmPrepared,     \* the RMs from which the TM has received Prepared
    \* @type: Set({ type: Str, rm: Str });
    msgs,           \* every message sent so far
    \* @type: Str -> Str;
    rmLog,          \* rmLog[r] is r's last durable record
    \* @type: Str;
    tmLog,          \* the TM's durable record
    \* @type: Str -> Bool;
    rmUp,           \* rmUp[r] iff resource manager r is running
    \* @type: Bool;
    tmUp,           \* whether the transaction manager is running
    \* @type: Int;
    crashes         \* the number of crashes so far (bounds the model)

vars == << rmState, tmState, tmPrepared, msgs, rmLog, tmLog, rmUp, tmUp, crashes >>

(* As in TwoPhaseCommit, Commit and Abort have no rm field; the           *)
(* annotation's rm is there for Apalache's one-record-type-per-set rule.  *)
Messages ==
    [type : {"Prepared", "Query"}, rm : RM] \cup [type : {"Commit", "Abort"}]

RMRecords == {"none", "prepared", "committed", "aborted"}
TMRecords == {"none", "committed"}

TypeOK ==
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ tmState \in {"init", "committed", "aborted"}
    /\ tmPrepared \in SUBSET RM
    /\ msgs \in SUBSET Messages
    /\ rmLog \in [RM -> RMRecords]
    /\ tmLog \in TMRecords
    /\ rmUp \in [RM -> BOOLEAN]
    /\ tmUp \in BOOLEAN
    /\ crashes \in 0 .. MaxCrashes

Init ==
    /\ rmState = [r \in RM |-> "working"]
    /\ tmState = "init"
    /\ tmPrepared = {}
    /\ msgs = {}
    /\ rmLog = [r \in RM |-> "none"]
    /\ tmLog = "none"
    /\ rmUp = [r \in RM |-> TRUE]
    /\ tmUp = TRUE
    /\ crashes = 0

Send(m) == msgs' = msgs \cup {m}

(* The state a node recovers to, from its log alone (presumed abort: no   *)
(* record means aborted).                                                  *)
RMImage(r) == IF rmLog[r] = "none" THEN "aborted" ELSE rmLog[r]
TMImage == IF tmLog = "committed" THEN "committed" ELSE "aborted"

-----------------------------------------------------------------------------
(***************************************************************************)
(* TM actions                                                              *)
(***************************************************************************)

(* The TM receives a Prepared message from resource manager rm.           *)
TMRcvPrepared(rm) ==
    /\ tmUp
    /\ tmState = "init"
    /\ [type |-> "Prepared", rm |-> rm] \in msgs
    /\ rm \notin tmPrepared
    /\ tmPrepared' = tmPrepared \cup {rm}
    /\ UNCHANGED << rmState, tmState, msgs, rmLog, tmLog, rmUp, tmUp, crashes >>

(* The TM commits, every RM having prepared: it forces its Commit record, *)
(* then broadcasts Commit.                                                 *)
TMCommit ==
    /\ tmUp
    /\ tmState = "init"
    /\ tmPrepared = RM
    /\ tmLog' = "committed"
    /\ tmState' = "committed"
    /\ Send([type |-> "Commit"])
    /\ UNCHANGED << rmState, tmPrepared, rmLog, rmUp, tmUp, crashes >>

(* The TM aborts (on a timeout, say) and broadcasts Abort; presumed abort *)
(* needs no record of it.                                                  *)
TMAbort ==
    /\ tmUp
    /\ tmState = "init"
    /\ tmState' = "aborted"
    /\ Send([type |-> "Abort"])
    /\ UNCHANGED << rmState, tmPrepared, rmLog, tmLog, rmUp, tmUp, crashes >>

(* The TM answers resource manager rm's query from its decision; having   *)
(* none yet, it does not answer (it will decide: TMAbort is fair).        *)
TMRcvQuery(rm) ==
    /\ tmUp
    /\ tmState \in {"committed", "aborted"}
    /\ [type |-> "Query", rm |-> rm] \in msgs
    /\ LET answer == [type |-> IF tmState = "committed" THEN "Commit" ELSE "Abort"]
       IN  /\ answer \notin msgs
           /\ Send(answer)
    /\ UNCHANGED << rmState, tmState, tmPrepared, rmLog, tmLog, rmUp, tmUp, crashes >>

(* The TM crashes: it loses tmPrepared and its undecided state; what it   *)
(* will recover to is its log's image.                                     *)
TMCrash ==
    /\ tmUp
    /\ crashes < MaxCrashes
    /\ tmUp' = FALSE
    /\ tmState' = TMImage
    /\ tmPrepared' = {}
    /\ crashes' = crashes + 1
    /\ UNCHANGED << rmState, msgs, rmLog, tmLog, rmUp >>

(* The TM recovers from its log: with a Commit record it is committed,    *)
(* without one it is aborted (presumed abort).                             *)
TMRecover ==
    /\ ~ tmUp
    /\ tmUp' = TRUE
    /\ UNCHANGED << rmState, tmState, tmPrepared, msgs, rmLog, tmLog, rmUp, crashes >>

-----------------------------------------------------------------------------
(***************************************************************************)
(* RM actions                                                              *)
(***************************************************************************)

(* Working resource manager rm prepares: it forces its prepare record,    *)
(* then sends Prepared to the TM.                                          *)
RMPrepare(rm) ==
    /\ rmUp[rm]
    /\ rmState[rm] = "working"
    /\ rmLog' = [rmLog EXCEPT ![rm] = "prepared"]
    /\ rmState' = [rmState EXCEPT ![rm] = "prepared"]
    /\ Send([type |-> "Prepared", rm |-> rm])
    /\ UNCHANGED << tmState, tmPrepared, tmLog, rmUp, tmUp, crashes >>

(* Working resource manager rm aborts on its own; it tells nobody and     *)
(* records nothing (presumed abort).                                       *)
RMChooseToAbort(rm) ==
    /\ rmUp[rm]
    /\ rmState[rm] = "working"
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ UNCHANGED << tmState, tmPrepared, msgs, rmLog, tmLog, rmUp, tmUp, crashes >>

(* Prepared resource manager rm receives Commit, records it and commits.  *)
RMRcvCommitMsg(rm) ==
    /\ rmUp[rm]
    /\ rmState[rm] = "prepared"
    /\ [type |-> "Commit"] \in msgs
    /\ rmLog' = [rmLog EXCEPT ![rm] = "committed"]
    /\ rmState' = [rmState EXCEPT ![rm] = "committed"]
    /\ UNCHANGED << tmState, tmPrepared, msgs, tmLog, rmUp, tmUp, crashes >>

(* Undecided resource manager rm receives Abort and aborts; if it had     *)
(* voted, it records the abort over its prepare record.                    *)
RMRcvAbortMsg(rm) ==
    /\ rmUp[rm]
    /\ rmState[rm] \in {"working", "prepared"}
    /\ [type |-> "Abort"] \in msgs
    /\ rmLog' = IF rmState[rm] = "prepared"
                THEN [rmLog EXCEPT ![rm] = "aborted"]
                ELSE rmLog
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ UNCHANGED << tmState, tmPrepared, msgs, tmLog, rmUp, tmUp, crashes >>

(* Prepared resource manager rm, having heard no outcome, asks the TM.    *)
RMAskOutcome(rm) ==
    /\ rmUp[rm]
    /\ rmState[rm] = "prepared"
    /\ [type |-> "Query", rm |-> rm] \notin msgs
    /\ Send([type |-> "Query", rm |-> rm])
    /\ UNCHANGED << rmState, tmState, tmPrepared, rmLog, tmLog, rmUp, tmUp, crashes >>

(* Resource manager rm crashes: its volatile state is lost and it is what *)
(* its log says (no record: aborted, its unvoted work being gone).        *)
RMCrash(rm) ==
    /\ rmUp[rm]
    /\ crashes < MaxCrashes
    /\ rmUp' = [rmUp EXCEPT ![rm] = FALSE]
    /\ rmState' = [rmState EXCEPT ![rm] = RMImage(rm)]
    /\ crashes' = crashes + 1
    /\ UNCHANGED << tmState, tmPrepared, msgs, rmLog, tmLog, tmUp >>

(* Resource manager rm recovers from its log; if the log holds only its   *)
(* prepare record, it is prepared and will ask the TM.                     *)
RMRecover(rm) ==
    /\ ~ rmUp[rm]
    /\ rmUp' = [rmUp EXCEPT ![rm] = TRUE]
    /\ UNCHANGED << rmState, tmState, tmPrepared, msgs, rmLog, tmLog, tmUp, crashes >>

-----------------------------------------------------------------------------
Next ==
    \/ TMCommit
    \/ TMAbort
    \/ TMCrash
    \/ TMRecover
    \/ \E rm \in RM :
        \/ TMRcvPrepared(rm)
        \/ TMRcvQuery(rm)
        \/ RMPrepare(rm)
        \/ RMChooseToAbort(rm)
        \/ RMRcvCommitMsg(rm)
        \/ RMRcvAbortMsg(rm)
        \/ RMAskOutcome(rm)
        \/ RMCrash(rm)
        \/ RMRecover(rm)

Spec == Init /\ [][Next]_vars

(* Fairness for liveness: TwoPhaseCommit's, plus recovery, asking and     *)
(* answering. Crashes are not fair (nothing forces a crash), and there    *)
(* are at most MaxCrashes of them, so every fair behaviour ends with all  *)
(* nodes up and crashes stopped.                                           *)
FairSpec ==
    /\ Spec
    /\ WF_vars(TMCommit)
    /\ WF_vars(TMAbort)
    /\ WF_vars(TMRecover)
    /\ \A rm \in RM :
        /\ WF_vars(TMRcvPrepared(rm))
        /\ WF_vars(TMRcvQuery(rm))
        /\ WF_vars(RMPrepare(rm) \/ RMChooseToAbort(rm))
        /\ WF_vars(RMRcvCommitMsg(rm))
        /\ WF_vars(RMRcvAbortMsg(rm))
        /\ WF_vars(RMAskOutcome(rm))
        /\ WF_vars(RMRecover(rm))

-----------------------------------------------------------------------------
(***************************************************************************)
(* Properties                                                              *)
(***************************************************************************)

(* No resource manager commits while another aborts.                      *)
Consistency ==
    \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                         /\ rmState[r2] = "committed"

(* Every resource manager eventually is up, and has committed or aborted, *)
(* for good.                                                               *)
Termination ==
    <>[](\A r \in RM : rmUp[r] /\ rmState[r] \in {"committed", "aborted"})

(* An inductive invariant that implies Consistency (checked in one step   *)
(* from every state satisfying it by MC_TwoPhaseCommitRecovery's IInit).  *)
(* Its first lines say the logs are right: a node's state agrees with its *)
(* durable image, and a vote or a Commit exists only with its record.     *)
Inv ==
    /\ TypeOK
    /\ \A r \in RM :
        /\ rmLog[r] = "none" => rmState[r] \in {"working", "aborted"}
        /\ rmLog[r] # "none" => rmState[r] = rmLog[r]
        /\ ~ rmUp[r] => rmState[r] # "working"
    /\ tmState = "committed" <=> tmLog = "committed"
    /\ ~ tmUp => tmState # "init" /\ tmPrepared = {}
    /\ \A r \in tmPrepared : [type |-> "Prepared", rm |-> r] \in msgs
    /\ \A r \in RM :
        /\ [type |-> "Prepared", rm |-> r] \in msgs => rmLog[r] # "none"
        /\ [type |-> "Query", rm |-> r] \in msgs => rmLog[r] # "none"
        /\ rmLog[r] = "aborted" => [type |-> "Abort"] \in msgs
        /\ rmLog[r] = "committed" => [type |-> "Commit"] \in msgs
    /\ [type |-> "Commit"] \in msgs => tmState = "committed"
    /\ [type |-> "Abort"] \in msgs => tmState = "aborted"
    /\ tmState = "committed" =>
           \A r \in RM : [type |-> "Prepared", rm |-> r] \in msgs

-----------------------------------------------------------------------------
(* Crash-recovery 2PC implements TransactionCommit: every step of rmState *)
(* is a step (or a stutter) of the abstract spec, whatever the crashes.   *)
(* A crash of a working RM is the abstract TCDecideAbort.                 *)
Abs == INSTANCE TransactionCommit
AbsSpec == Abs!Spec
=============================================================================
