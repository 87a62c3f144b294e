--------------------------- MODULE ReplicatedShards ---------------------------
(***************************************************************************)
(* Two-phase commit over shards that are replicated state machines, one    *)
(* replica of every shard in every data centre: the middle rows of the     *)
(* seed notes, and the design of Spanner-like systems (2PC across shards,  *)
(* each shard a consensus group spread over data centres).                 *)
(*                                                                         *)
(* The protocol is TwoPhaseCommitRecovery's: the same seven 2PC actions,   *)
(* presumed abort, and the query a prepared RM asks. What changes is the   *)
(* log. Each RM is a shard, a group of replicas, and so is the TM (the     *)
(* notes' last step: "replicate the coordinator in the same way"). A       *)
(* group's leader writes each record to the group's replicated log (Raft,  *)
(* as MicroRaft does it in impl/) and acts on it (sends the vote, applies  *)
(* or broadcasts the outcome) only once a majority of the group holds it.  *)
(* A leader fails with its replica; a new leader, elected by a majority,   *)
(* recovers the group's state from the log, which by Raft's election rule  *)
(* holds everything a majority held. Where TwoPhaseCommitRecovery's node   *)
(* crashes and reads its own disk, a group here loses its leader and a new *)
(* one reads what the surviving majority holds.                            *)
(*                                                                         *)
(* Failures by placement. Replica s of group g lives in data centre        *)
(* Place[g][s]. Losing a data centre (LoseDataCentre) loses every replica  *)
(* placed there at once, disk and all: with one replica of each group per  *)
(* data centre, one replica of every group. A majority of every group      *)
(* survives the loss of a minority of data centres, so no vote or          *)
(* decision is lost and every transaction terminates. Lose a majority of   *)
(* data centres and a vote can be lost (the survivors never got it). Put   *)
(* every replica of a shard in one data centre and that one loss takes the *)
(* shard's whole log: the notes' "replicated cluster failure will cause   *)
(* loss of entire log".                                                    *)
(*                                                                         *)
(* What is modelled of Raft. Each replica's log is a sequence of entries   *)
(* [rec, term]: 2PC records ("prepared", "committed", "aborted") and the   *)
(* "noop" a new leader appends in its term (MicroRaft's new-term          *)
(* operation). A follower's log becomes a prefix of its leader's           *)
(* (ReplicaAppend: Raft's AppendEntries, which truncates a conflicting     *)
(* tail). An entry counts once a majority's logs extend the leader's log   *)
(* (LeaderAct); a lost replica's log is frozen, and an acknowledgement it  *)
(* gave before the loss still counts, as the leader may have received it.  *)
(* A leader is elected (ElectLeader) by a majority of live replicas whose  *)
(* logs are no more up to date than its own (Raft's election restriction), *)
(* in a new term; its noop, once a majority holds it, commits everything   *)
(* before it, and only then does the new leader act: it recovers the       *)
(* group's state from its log as TwoPhaseCommitRecovery's node does from   *)
(* its disk (no record: aborted). Not modelled: a deposed leader that is   *)
(* still running (leaders fail only with their replica, so two leaders     *)
(* never write at once; Raft's terms fence one in the implementation),    *)
(* votes, heartbeats and timeouts (an election may start whenever the      *)
(* leader is gone), snapshots and membership changes. The TM's votes are   *)
(* its leader's volatile state, lost with it; a new TM leader without a    *)
(* commit record is aborted, so the votes are never needed again.          *)
(*                                                                         *)
(* One record in flight per group: a leader takes its next 2PC step only   *)
(* after it acted on its last entry (pending is FALSE). The Java driver    *)
(* does the same, queueing inputs while a record replicates.               *)
(*                                                                         *)
(* Vocabulary (variables)                                                  *)
(*   rmState[r], tmState, tmPrepared, msgs   as in TwoPhaseCommitRecovery: *)
(*                   what each group's leaders have acted on               *)
(*   replicaLog[g][s]  the log of replica s of group g                     *)
(*   leader[g]       the slot of g's leader (its replica may be lost)      *)
(*   term[g]         g's current term (elections so far, plus one)        *)
(*   pending[g]      g's leader has not yet acted on its last entry        *)
(*   lost            the data centres lost; down the replicas lost         *)
(* Vocabulary (actions)                                                    *)
(*   2PC:    RMPrepare(rm) RMChooseToAbort(rm) RMRcvCommitMsg(rm)          *)
(*           RMRcvAbortMsg(rm) RMAskOutcome(rm) TMRcvPrepared(rm) TMCommit *)
(*           TMAbort TMRcvQuery(rm)                                        *)
(*   Raft:   ReplicaAppend(g, s, k) LeaderAct(g) ElectLeader(g, s)         *)
(*   faults: LoseDataCentre(d)                                             *)
(*                                                                         *)
(* Shown by TLC (MC_ReplicatedShards.tla and the cfgs beside it; counts    *)
(* with -workers 1; seconds on this 2-core machine, busy)                 *)
(*   1         one shard and the TM, one data centre lost: TypeOK,         *)
(*             NoLostVoteOrDecision, refinement, Termination (3,934      *)
(*             states, about 30 s; the conformance model)                 *)
(*   1LoseTwo  (negative) two data centres lost: NoLostVoteOrDecision     *)
(*             violated at depth 6 (the vote was on the two lost replicas) *)
(*   1OneDC    (negative) shard r1 wholly in d1: NoLostVoteOrDecision     *)
(*             violated at depth 5 (d1 lost after r1 voted)                *)
(*   1Blocks   (negative, large tier) two lost: Termination violated      *)
(*             (10,762 states; no group keeps a majority to elect with)    *)
(*   2Sym      two shards, symmetry over RMs and the followers' data      *)
(*             centres: Consistency too (111,143 states, 5 min; large)    *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* @type: Set(Str);
    RM,             \* the resource managers, each a shard
    \* @type: Str;
    TM,             \* the transaction manager's group
    \* @type: Set(Str);
    DC,             \* the data centres
    \* @type: Set(Str);
    Slot,           \* the replica slots of every group
    \* @type: Str;
    FirstLeader,    \* the slot of every group's leader at the start
    \* @type: Str -> (Str -> Str);
    Place,          \* Place[g][s] is the data centre of replica s of g
    \* @type: Int;
    MaxLost         \* how many data centres may be lost

Group == RM \cup {TM}

ASSUME /\ TM \notin RM
       /\ FirstLeader \in Slot
       /\ Place \in [Group -> [Slot -> DC]]
       /\ MaxLost \in Nat

VARIABLES
    \* @type: Str -> Str;
    rmState,        \* what each RM's shard has acted on
    \* @type: Str;
    tmState,        \* what the TM's group has acted on
    \* @type: Set(Str);
    tmPrepared,     \* the votes the TM's current leader has received
    \* @type: Set({ type: Str, rm: Str });
    msgs,           \* every 2PC message sent so far
    \* @type: Str -> (Str -> Seq({ rec: Str, term: Int }));
    replicaLog,     \* replicaLog[g][s] is the log of replica s of g
    \* @type: Str -> Str;
    leader,         \* the slot of each group's leader
    \* @type: Str -> Int;
    term,           \* each group's current term
    \* @type: Str -> Bool;
    pending,        \* the leader has an entry it has not acted on
    \* @type: Set(Str);
    lost,           \* the data centres lost so far
    \* @type: Str -> Set(Str);
    down            \* down[g] is the set of g's slots whose replica is lost

vars == << rmState, tmState, tmPrepared, msgs, replicaLog, leader, term,
           pending, lost, down >>

Messages ==
    [type : {"Prepared", "Query"}, rm : RM] \cup [type : {"Commit", "Abort"}]

Records == {"prepared", "committed", "aborted", "noop"}

Entries == [rec : Records, term : Nat]

(* No log grows longer than this: a shard writes at most two records (its  *)
(* vote and its outcome), the TM one, and a group elects at most one new   *)
(* leader per data centre lost, each appending one noop. A bound on        *)
(* ReplicaAppend's k that does not depend on the state, so that TLC names  *)
(* the action and its parameters in the state graph.                       *)
MaxLen == 2 + MaxLost

(* The majorities of a group's slots: every two of them intersect.        *)
Majority == {Q \in SUBSET Slot : 2 * Cardinality(Q) > Cardinality(Slot)}

TypeOK ==
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ tmState \in {"init", "committed", "aborted"}
    /\ tmPrepared \subseteq RM
    /\ msgs \subseteq Messages
    /\ replicaLog \in [Group -> [Slot -> Seq(Entries)]]
    /\ leader \in [Group -> Slot]
    /\ term \in [Group -> Nat \ {0}]
    /\ pending \in [Group -> BOOLEAN]
    /\ lost \subseteq DC
    /\ down \in [Group -> SUBSET Slot]

(* Every group starts with its leader in slot FirstLeader (elected before *)
(* the transaction began, in term 1) and empty logs.                       *)
Init ==
    /\ rmState = [r \in RM |-> "working"]
    /\ tmState = "init"
    /\ tmPrepared = {}
    /\ msgs = {}
    /\ replicaLog = [g \in Group |-> [s \in Slot |-> << >>]]
    /\ leader = [g \in Group |-> FirstLeader]
    /\ term = [g \in Group |-> 1]
    /\ pending = [g \in Group |-> FALSE]
    /\ lost = {}
    /\ down = [g \in Group |-> {}]

Send(m) == msgs' = msgs \cup {m}

Leads(g) == replicaLog[g][leader[g]]

(* g's leader is up and has acted on everything it wrote: it may take its *)
(* next 2PC step.                                                          *)
Ready(g) == leader[g] \notin down[g] /\ ~ pending[g]

(* The leader of g writes record rec to its own log, in its term.         *)
Write(g, rec) ==
    /\ replicaLog' = [replicaLog EXCEPT ![g][leader[g]] =
                          Append(@, [rec |-> rec, term |-> term[g]])]
    /\ pending' = [pending EXCEPT ![g] = TRUE]

IsPrefix(a, b) == Len(a) <= Len(b) /\ SubSeq(b, 1, Len(a)) = a

LastTerm(l) == IF l = << >> THEN 0 ELSE l[Len(l)].term

(* Raft's "at least as up to date": the later last term, or the same one  *)
(* and at least as long.                                                   *)
UpToDate(a, b) ==
    \/ LastTerm(a) > LastTerm(b)
    \/ LastTerm(a) = LastTerm(b) /\ Len(a) >= Len(b)

(* The last 2PC record of a log ("none" if it has none).                  *)
LastRec(l) ==
    LET recs == {i \in 1 .. Len(l) : l[i].rec # "noop"}
    IN  IF recs = {} THEN "none"
        ELSE l[CHOOSE i \in recs : \A j \in recs : j <= i].rec

(* The state a group recovers to from a log: TwoPhaseCommitRecovery's     *)
(* RMImage and TMImage (presumed abort: no record means aborted).         *)
RMImage(l) == IF LastRec(l) = "none" THEN "aborted" ELSE LastRec(l)
TMImage(l) == IF LastRec(l) = "committed" THEN "committed" ELSE "aborted"

UNCHANGED2PC == UNCHANGED << rmState, tmState, tmPrepared, msgs >>
UNCHANGEDRaft == UNCHANGED << replicaLog, leader, term, pending, lost, down >>

-----------------------------------------------------------------------------
(***************************************************************************)
(* TM actions (taken by the TM group's leader)                             *)
(***************************************************************************)

(* The TM receives a Prepared message from resource manager rm.           *)
TMRcvPrepared(rm) ==
    /\ Ready(TM)
    /\ tmState = "init"
    /\ [type |-> "Prepared", rm |-> rm] \in msgs
    /\ rm \notin tmPrepared
    /\ tmPrepared' = tmPrepared \cup {rm}
    /\ UNCHANGED << rmState, tmState, msgs >>
    /\ UNCHANGEDRaft

(* Every RM having prepared, the TM writes its commit record; it          *)
(* broadcasts Commit once a majority of its group holds the record.       *)
TMCommit ==
    /\ Ready(TM)
    /\ tmState = "init"
    /\ tmPrepared = RM
    /\ Write(TM, "committed")
    /\ UNCHANGED << leader, term, lost, down >>
    /\ UNCHANGED2PC

(* The TM aborts (on a timeout, say) and broadcasts Abort; presumed abort *)
(* needs no record of it.                                                  *)
TMAbort ==
    /\ Ready(TM)
    /\ tmState = "init"
    /\ tmState' = "aborted"
    /\ Send([type |-> "Abort"])
    /\ UNCHANGED << rmState, tmPrepared >>
    /\ UNCHANGEDRaft

(* The TM answers resource manager rm's query from its decision.          *)
TMRcvQuery(rm) ==
    /\ Ready(TM)
    /\ tmState \in {"committed", "aborted"}
    /\ [type |-> "Query", rm |-> rm] \in msgs
    /\ LET answer == [type |-> IF tmState = "committed" THEN "Commit" ELSE "Abort"]
       IN  /\ answer \notin msgs
           /\ Send(answer)
    /\ UNCHANGED << rmState, tmState, tmPrepared >>
    /\ UNCHANGEDRaft

-----------------------------------------------------------------------------
(***************************************************************************)
(* RM actions (taken by the leader of rm's shard)                          *)
(***************************************************************************)

(* Working resource manager rm prepares: it writes its prepare record; it *)
(* sends Prepared once a majority of its shard holds the record.          *)
RMPrepare(rm) ==
    /\ Ready(rm)
    /\ rmState[rm] = "working"
    /\ Write(rm, "prepared")
    /\ UNCHANGED << leader, term, lost, down >>
    /\ UNCHANGED2PC

(* Working resource manager rm aborts on its own; it tells nobody and     *)
(* records nothing (presumed abort).                                       *)
RMChooseToAbort(rm) ==
    /\ Ready(rm)
    /\ rmState[rm] = "working"
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ UNCHANGED << tmState, tmPrepared, msgs >>
    /\ UNCHANGEDRaft

(* Prepared resource manager rm receives Commit and writes its commit     *)
(* record; it commits once a majority of its shard holds the record.      *)
RMRcvCommitMsg(rm) ==
    /\ Ready(rm)
    /\ rmState[rm] = "prepared"
    /\ [type |-> "Commit"] \in msgs
    /\ Write(rm, "committed")
    /\ UNCHANGED << leader, term, lost, down >>
    /\ UNCHANGED2PC

(* Undecided resource manager rm receives Abort. Working, it aborts at    *)
(* once; prepared, it writes its abort record and aborts once a majority  *)
(* of its shard holds the record.                                          *)
RMRcvAbortMsg(rm) ==
    /\ Ready(rm)
    /\ rmState[rm] \in {"working", "prepared"}
    /\ [type |-> "Abort"] \in msgs
    /\ IF rmState[rm] = "prepared"
       THEN /\ Write(rm, "aborted")
            /\ UNCHANGED << rmState, leader, term, lost, down >>
       ELSE /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
            /\ UNCHANGEDRaft
    /\ UNCHANGED << tmState, tmPrepared, msgs >>

(* Prepared resource manager rm, having heard no outcome, asks the TM.    *)
RMAskOutcome(rm) ==
    /\ Ready(rm)
    /\ rmState[rm] = "prepared"
    /\ [type |-> "Query", rm |-> rm] \notin msgs
    /\ Send([type |-> "Query", rm |-> rm])
    /\ UNCHANGED << rmState, tmState, tmPrepared >>
    /\ UNCHANGEDRaft

-----------------------------------------------------------------------------
(***************************************************************************)
(* The replicated log of each group (Raft)                                 *)
(***************************************************************************)

(* Live follower s of group g makes its log the first k entries of its    *)
(* leader's (truncating a conflicting tail): a step only if it did not     *)
(* hold them already. The leader may be lost: what it sent before the loss *)
(* may still be received, as its 2PC messages may. (A follower that voted  *)
(* for a newer leader refuses an older one's entries; with three replicas *)
(* and one loss every survivor votes, so ElectLeader ends these steps.)    *)
ReplicaAppend(g, s, k) ==
    /\ s # leader[g]
    /\ s \notin down[g]
    /\ k \in 1 .. Len(Leads(g))
    /\ ~ IsPrefix(SubSeq(Leads(g), 1, k), replicaLog[g][s])
    /\ replicaLog' = [replicaLog EXCEPT ![g][s] = SubSeq(Leads(g), 1, k)]
    /\ UNCHANGED << leader, term, pending, lost, down >>
    /\ UNCHANGED2PC

(* A majority of g's logs (a lost replica's as it was) extends the        *)
(* leader's, so its last entry is committed, and the leader acts on it:   *)
(* an RM's shard takes the state its log records (and sends its vote if   *)
(* prepared), the TM's broadcasts Commit if committed. After a noop (a    *)
(* new leader's first entry) this is the recovery: the state the log      *)
(* implies, no record meaning aborted.                                     *)
LeaderAct(g) ==
    /\ leader[g] \notin down[g]
    /\ pending[g]
    /\ \E Q \in Majority : \A q \in Q : IsPrefix(Leads(g), replicaLog[g][q])
    /\ pending' = [pending EXCEPT ![g] = FALSE]
    /\ IF g = TM
       THEN /\ tmState' = TMImage(Leads(g))
            /\ IF tmState' = "committed" THEN Send([type |-> "Commit"])
                                         ELSE UNCHANGED msgs
            /\ UNCHANGED rmState
       ELSE /\ rmState' = [rmState EXCEPT ![g] = RMImage(Leads(g))]
            /\ IF rmState'[g] = "prepared"
               THEN Send([type |-> "Prepared", rm |-> g])
               ELSE UNCHANGED msgs
            /\ UNCHANGED tmState
    /\ UNCHANGED << tmPrepared, replicaLog, leader, term, lost, down >>

(* Group g's leader is lost; live replica s, whose log is at least as up  *)
(* to date as those of a live majority that votes for it, becomes leader  *)
(* in a new term and appends its noop. A new TM leader has no votes.      *)
ElectLeader(g, s) ==
    /\ leader[g] \in down[g]
    /\ s \notin down[g]
    /\ \E Q \in Majority :
           /\ s \in Q
           /\ Q \cap down[g] = {}
           /\ \A q \in Q : UpToDate(replicaLog[g][s], replicaLog[g][q])
    /\ leader' = [leader EXCEPT ![g] = s]
    /\ term' = [term EXCEPT ![g] = @ + 1]
    /\ replicaLog' = [replicaLog EXCEPT ![g][s] =
                          Append(@, [rec |-> "noop", term |-> term'[g]])]
    /\ pending' = [pending EXCEPT ![g] = TRUE]
    /\ tmPrepared' = IF g = TM THEN {} ELSE tmPrepared
    /\ UNCHANGED << rmState, tmState, msgs, lost, down >>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Faults                                                                  *)
(***************************************************************************)

(* Data centre d is lost, and with it every replica placed there.         *)
LoseDataCentre(d) ==
    /\ d \notin lost
    /\ Cardinality(lost) < MaxLost
    /\ lost' = lost \cup {d}
    /\ down' = [g \in Group |-> down[g] \cup {s \in Slot : Place[g][s] = d}]
    /\ UNCHANGED << replicaLog, leader, term, pending >>
    /\ UNCHANGED2PC

-----------------------------------------------------------------------------
Next ==
    \/ TMCommit
    \/ TMAbort
    \/ \E rm \in RM :
        \/ TMRcvPrepared(rm)
        \/ TMRcvQuery(rm)
        \/ RMPrepare(rm)
        \/ RMChooseToAbort(rm)
        \/ RMRcvCommitMsg(rm)
        \/ RMRcvAbortMsg(rm)
        \/ RMAskOutcome(rm)
    \/ \E g \in Group :
        \/ LeaderAct(g)
        \/ \E s \in Slot :
            \/ ElectLeader(g, s)
            \/ \E k \in 1 .. MaxLen : ReplicaAppend(g, s, k)
    \/ \E d \in DC : LoseDataCentre(d)

Spec == Init /\ [][Next]_vars

(* Fairness for liveness: TwoPhaseCommitRecovery's for the 2PC steps, and *)
(* for replication, acting and elections. Losses are not fair (nothing    *)
(* forces one) and bounded, so every fair behaviour ends with losses       *)
(* stopped; with a live majority in every group, it then terminates.      *)
FairSpec ==
    /\ Spec
    /\ WF_vars(TMCommit)
    /\ WF_vars(TMAbort)
    /\ \A rm \in RM :
        /\ WF_vars(TMRcvPrepared(rm))
        /\ WF_vars(TMRcvQuery(rm))
        /\ WF_vars(RMPrepare(rm) \/ RMChooseToAbort(rm))
        /\ WF_vars(RMRcvCommitMsg(rm))
        /\ WF_vars(RMRcvAbortMsg(rm))
        /\ WF_vars(RMAskOutcome(rm))
    /\ \A g \in Group :
        /\ WF_vars(LeaderAct(g))
        /\ WF_vars(\E s \in Slot : ElectLeader(g, s))
        /\ \A s \in Slot : WF_vars(\E k \in 1 .. MaxLen : ReplicaAppend(g, s, k))

-----------------------------------------------------------------------------
(***************************************************************************)
(* Properties                                                              *)
(***************************************************************************)

(* No resource manager commits while another aborts.                      *)
Consistency ==
    \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                         /\ rmState[r2] = "committed"

Live(g) == Slot \ down[g]

(* What the groups acted on survives on a live replica: a vote that was   *)
(* sent, the outcome a voter applied, the TM's commit.                    *)
NoLostVoteOrDecision ==
    /\ \A r \in RM : [type |-> "Prepared", rm |-> r] \in msgs =>
           /\ \E s \in Live(r) : LastRec(replicaLog[r][s]) # "none"
           /\ rmState[r] \in {"committed", "aborted"} =>
                  \E s \in Live(r) : LastRec(replicaLog[r][s]) = rmState[r]
    /\ tmState = "committed" =>
           \E s \in Live(TM) : LastRec(replicaLog[TM][s]) = "committed"

(* Every resource manager eventually has committed or aborted, for good.  *)
Termination ==
    <>[](\A r \in RM : rmState[r] \in {"committed", "aborted"})

-----------------------------------------------------------------------------
(* 2PC over replicated shards implements TransactionCommit: every step of  *)
(* rmState is a step (or a stutter) of the abstract spec, whatever is lost.*)
Abs == INSTANCE TransactionCommit
AbsSpec == Abs!Spec
=============================================================================
