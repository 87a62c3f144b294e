-------------------------- MODULE TransactionCommit --------------------------
(***************************************************************************)
(* Atomic commit, stated abstractly: what every commit protocol in this    *)
(* folder must guarantee, with no messages and no coordinator.             *)
(*                                                                         *)
(* A transaction runs on a set RM of resource managers (the shards, or     *)
(* participants). Each RM starts "working"; it may become "prepared"       *)
(* (it can commit, and promises not to abort on its own), or "aborted".    *)
(* A prepared RM may commit only once every RM is prepared or committed,   *)
(* and may abort only if no RM has committed. The single safety property   *)
(* is Consistency: no RM commits while another aborts.                     *)
(*                                                                         *)
(* Two-phase commit (TwoPhaseCommit.tla), its crash/recovery version and   *)
(* Paxos Commit each refine this spec: their rmState, projected onto this  *)
(* module's only variable, is a behaviour of Spec below.                   *)
(*                                                                         *)
(* Vocabulary                                                              *)
(*   rmState[r]      "working" | "prepared" | "committed" | "aborted"      *)
(*   TCPrepare(r)    r finishes its part and prepares                      *)
(*   TCDecideCommit(r)   a prepared r commits, all being prepared          *)
(*   TCDecideAbort(r)    r aborts, none having committed (a working r that *)
(*                       gives up on its own is one case of it)            *)
(***************************************************************************)
CONSTANT
    \* @type: Set(Str);
    RM          \* the resource managers taking part in the transaction

VARIABLE
    \* @type: Str -> Str;
    rmState     \* rmState[r] is the state of resource manager r

vars == << rmState >>

States == {"working", "prepared", "committed", "aborted"}

TypeOK == rmState \in [RM -> States]

Init == rmState = [r \in RM |-> "working"]

(* Commit is possible only when every RM is ready for it.                  *)
CanCommit == \A r \in RM : rmState[r] \in {"prepared", "committed"}

(* Abort is possible only while nobody has committed.                      *)
NotCommitted == \A r \in RM : rmState[r] # "committed"

-----------------------------------------------------------------------------
(* Resource manager r finishes its part and prepares.                      *)
TCPrepare(r) ==
    /\ rmState[r] = "working"
    /\ rmState' = [rmState EXCEPT ![r] = "prepared"]

(* Prepared resource manager r commits; every RM is prepared or committed. *)
TCDecideCommit(r) ==
    /\ rmState[r] = "prepared"
    /\ CanCommit
    /\ rmState' = [rmState EXCEPT ![r] = "committed"]

(* Resource manager r aborts; no RM has committed.                         *)
TCDecideAbort(r) ==
    /\ rmState[r] \in {"working", "prepared"}
    /\ NotCommitted
    /\ rmState' = [rmState EXCEPT ![r] = "aborted"]

Next ==
    \E r \in RM :
        \/ TCPrepare(r)
        \/ TCDecideCommit(r)
        \/ TCDecideAbort(r)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Safety: no resource manager commits while another aborts.              *)
Consistency ==
    \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                         /\ rmState[r2] = "committed"

(* Liveness, for the protocols that refine this spec under fairness:       *)
(* every resource manager eventually commits or aborts.                    *)
AllDecide == <>(\A r \in RM : rmState[r] \in {"committed", "aborted"})
=============================================================================
