--------------------------- MODULE TwoPhaseCommit ---------------------------
(***************************************************************************)
(* Two-phase commit (2PC) with a coordinator, the transaction manager     *)
(* (TM), and the participants, the resource managers (RMs).               *)
(*                                                                         *)
(* Phase 1: each RM that can commit its part prepares and tells the TM    *)
(* (a Prepared message); an RM that cannot commit aborts on its own.      *)
(* Phase 2: once every RM is prepared, the TM decides to commit and       *)
(* broadcasts Commit; it may instead decide to abort at any time before   *)
(* that (say, on a timeout) and broadcasts Abort. Each RM applies the     *)
(* decision it receives.                                                   *)
(*                                                                         *)
(* What is modelled. One transaction. The network is the set msgs of all  *)
(* messages ever sent: a message is never removed, so it may be received  *)
(* any number of times and in any order. That models duplication and      *)
(* reordering at no cost; loss needs no modelling for safety, since a     *)
(* lost message is one that is never received. No node crashes here:     *)
(* TwoPhaseCommitRecovery.tla adds crashes and durable logs.              *)
(*                                                                         *)
(* Vocabulary (the Java code in impl/.../ddm/commit uses the same names)   *)
(*   rmState[r]   "working" | "prepared" | "committed" | "aborted"         *)
(*   tmState      "init" | "committed" | "aborted"                         *)
(*   tmPrepared   the RMs from which the TM has received Prepared          *)
(*   msgs         [type |-> "Prepared", rm |-> r], [type |-> "Commit"],    *)
(*                [type |-> "Abort"]                                       *)
(*   RMPrepare(rm) RMChooseToAbort(rm) RMRcvCommitMsg(rm)                  *)
(*   RMRcvAbortMsg(rm) TMRcvPrepared(rm) TMCommit TMAbort                  *)
(*                                                                         *)
(* Every action changes the state: a receive whose effect has already     *)
(* happened is not a step. So each edge of the state graph is one         *)
(* observable protocol step, which is what the conformance harness        *)
(* replays against the code.                                               *)
(***************************************************************************)
CONSTANT
    \* @type: Set(Str);
    RM              \* the resource managers

VARIABLES
    \* @type: Str -> Str;
    rmState,        \* rmState[r] is the state of resource manager r
    \* @type: Str;
    tmState,        \* the transaction manager's state
    \* @type: Set(Str);
    tmPrepared,     \* the RMs from which the TM has received Prepared
    \* @type: Set({ type: Str, rm: Str });
    msgs            \* every message sent so far

vars == << rmState, tmState, tmPrepared, msgs >>

(* Commit and Abort carry no rm field in the classic vocabulary; Apalache  *)
(* wants one record type per set, which the annotation above states with  *)
(* rm, and TLC does not mind the difference.                               *)
Messages ==
    [type : {"Prepared"}, rm : RM] \cup [type : {"Commit", "Abort"}]

(* Written with \in so that TLC can enumerate it (the inductive-invariant  *)
(* model starts from every state that satisfies Inv, which includes it).  *)
TypeOK ==
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ tmState \in {"init", "committed", "aborted"}
    /\ tmPrepared \in SUBSET RM
    /\ msgs \in SUBSET Messages

Init ==
    /\ rmState = [r \in RM |-> "working"]
    /\ tmState = "init"
    /\ tmPrepared = {}
    /\ msgs = {}

Send(m) == msgs' = msgs \cup {m}

-----------------------------------------------------------------------------
(***************************************************************************)
(* TM actions                                                              *)
(***************************************************************************)

(* The TM receives a Prepared message from resource manager rm.            *)
TMRcvPrepared(rm) ==
    /\ tmState = "init"
    /\ [type |-> "Prepared", rm |-> rm] \in msgs
    /\ rm \notin tmPrepared
    /\ tmPrepared' = tmPrepared \cup {rm}
    /\ UNCHANGED << rmState, tmState, msgs >>

(* The TM commits, every RM having prepared, and broadcasts Commit.       *)
TMCommit ==
    /\ tmState = "init"
    /\ tmPrepared = RM
    /\ tmState' = "committed"
    /\ Send([type |-> "Commit"])
    /\ UNCHANGED << rmState, tmPrepared >>

(* The TM aborts (spontaneously: a timeout, say) and broadcasts Abort.    *)
TMAbort ==
    /\ tmState = "init"
    /\ tmState' = "aborted"
    /\ Send([type |-> "Abort"])
    /\ UNCHANGED << rmState, tmPrepared >>

-----------------------------------------------------------------------------
(***************************************************************************)
(* RM actions                                                              *)
(***************************************************************************)

(* Working resource manager rm prepares and sends Prepared to the TM.      *)
RMPrepare(rm) ==
    /\ rmState[rm] = "working"
    /\ rmState' = [rmState EXCEPT ![rm] = "prepared"]
    /\ Send([type |-> "Prepared", rm |-> rm])
    /\ UNCHANGED << tmState, tmPrepared >>

(* Working resource manager rm aborts on its own; it tells nobody, so the  *)
(* TM, never getting its Prepared, cannot commit.                         *)
RMChooseToAbort(rm) ==
    /\ rmState[rm] = "working"
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ UNCHANGED << tmState, tmPrepared, msgs >>

(* Prepared resource manager rm receives Commit and commits.               *)
RMRcvCommitMsg(rm) ==
    /\ rmState[rm] = "prepared"
    /\ [type |-> "Commit"] \in msgs
    /\ rmState' = [rmState EXCEPT ![rm] = "committed"]
    /\ UNCHANGED << tmState, tmPrepared, msgs >>

(* Undecided resource manager rm receives Abort and aborts.                *)
RMRcvAbortMsg(rm) ==
    /\ rmState[rm] \in {"working", "prepared"}
    /\ [type |-> "Abort"] \in msgs
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ UNCHANGED << tmState, tmPrepared, msgs >>

-----------------------------------------------------------------------------
Next ==
    \/ TMCommit
    \/ TMAbort
    \/ \E rm \in RM :
        \/ TMRcvPrepared(rm)
        \/ RMPrepare(rm)
        \/ RMChooseToAbort(rm)
        \/ RMRcvCommitMsg(rm)
        \/ RMRcvAbortMsg(rm)

Spec == Init /\ [][Next]_vars

(* Fairness for liveness: every process keeps taking its enabled steps.   *)
(* The TM's abort is fair too: it stands for the timeout that ends a      *)
(* transaction some RM abandoned without telling the TM.                   *)
FairSpec ==
    /\ Spec
    /\ WF_vars(TMCommit)
    /\ WF_vars(TMAbort)
    /\ \A rm \in RM :
        /\ WF_vars(TMRcvPrepared(rm))
        /\ WF_vars(RMPrepare(rm) \/ RMChooseToAbort(rm))
        /\ WF_vars(RMRcvCommitMsg(rm))
        /\ WF_vars(RMRcvAbortMsg(rm))

-----------------------------------------------------------------------------
(***************************************************************************)
(* Properties                                                              *)
(***************************************************************************)

(* No resource manager commits while another aborts.                      *)
Consistency ==
    \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                         /\ rmState[r2] = "committed"

(* Every resource manager eventually commits or aborts.                   *)
AllDecide == <>(\A r \in RM : rmState[r] \in {"committed", "aborted"})

(* An inductive invariant that implies Consistency: checked by the model  *)
(* TwoPhase-3-inductive in one step from every state that satisfies it.   *)
Inv ==
    /\ TypeOK
    /\ \A r \in tmPrepared : [type |-> "Prepared", rm |-> r] \in msgs
    /\ \A r \in RM : [type |-> "Prepared", rm |-> r] \in msgs =>
           \/ rmState[r] \in {"prepared", "committed"}
           \/ rmState[r] = "aborted" /\ [type |-> "Abort"] \in msgs
    /\ [type |-> "Commit"] \in msgs => tmState = "committed"
    /\ [type |-> "Abort"] \in msgs => tmState = "aborted"
    /\ tmState = "committed" =>
           /\ tmPrepared = RM
           /\ \A r \in RM : rmState[r] \in {"prepared", "committed"}
    /\ \A r \in RM : rmState[r] = "committed" => [type |-> "Commit"] \in msgs

-----------------------------------------------------------------------------
(* Two-phase commit implements TransactionCommit: every step of rmState   *)
(* here is a step (or a stutter) of the abstract spec.                     *)
Abs == INSTANCE TransactionCommit
AbsSpec == Abs!Spec
=============================================================================
