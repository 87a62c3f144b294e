---------------------------- MODULE EpochCyclic ----------------------------
(***************************************************************************)
(* Epoch alignment on a dataflow with a cycle: the asynchronous barrier   *)
(* snapshots of Carbone et al. (2015), section 3.3, for iterations.       *)
(*                                                                         *)
(* On a DAG (EpochAlignment.tla) a task aligns the barriers of all its    *)
(* inputs. In a cycle that cannot work: the head of a loop would wait for *)
(* barrier e on its back-edge, which only arrives after the head itself   *)
(* forwarded e around the loop, so the epoch never completes (the model  *)
(* MC_LoopAlignAll.cfg shows it).                                         *)
(* So the back-edges are known (a constant), and a task aligns on its     *)
(* regular inputs only. Once barrier e arrived on all of them it records  *)
(* its state, forwards e on every output, back-edges included, and logs   *)
(* every record that reaches it on a back-edge until barrier e comes back *)
(* on that back-edge. Those records were sent around the loop before the  *)
(* barrier but reached the head after its snapshot: they are the back-    *)
(* edge's channel state, and the snapshot of e is the task states plus    *)
(* the logged records, which a restart feeds to the head again. Without  *)
(* the log the snapshot loses them (MC_LoopNoLog.cfg shows it).           *)
(*                                                                         *)
(* Records leave a loop by a bound on rounds: a task with a back-edge     *)
(* output (the tail of a loop) sends a record round the loop again while  *)
(* it has gone round fewer than Rounds times, and on its regular outputs  *)
(* otherwise; crossing a back-edge adds one to a record's round. Every    *)
(* other node broadcasts on its outputs, as in EpochAlignment.            *)
(*                                                                         *)
(* Consistency compares the snapshot of each complete epoch e with the    *)
(* state every task has if exactly the records each source emitted before *)
(* barrier e have been processed to the end: each record of source s      *)
(* visits task t Visits[s][0][t] times over all its rounds.               *)
(*                                                                         *)
(* Why a barrier never comes back to a head that has not recorded its     *)
(* epoch: a back-edge <<b, h>> closes a cycle whose other edges are        *)
(* regular, so b aligns on a path from h and records e only after h did;  *)
(* so barrier e reaches h round the loop only after h recorded e.         *)
(* BackBarrierAfterSnapshot checks it. The regular edges must form a DAG  *)
(* and each back-edge must close such a cycle; the recursion in Visits    *)
(* relies on the first.                                                    *)
(*                                                                         *)
(* Not modelled: failures and recovery (EpochAlignment has them; here the *)
(* point is the snapshot), record values, partitioning.                  *)
(*                                                                         *)
(* Vocabulary, as in EpochAlignment where the names are shared            *)
(*   BackEdges      the back-edges of the cycles, a subset of Edges        *)
(*   chan[c]        FIFO queue on c: records [kind |-> "rec", origin |-> s,*)
(*                  round |-> r] and barriers [kind |-> "bar", origin |->  *)
(*                  NoOrigin, round |-> 0, epoch |-> e] (records carry     *)
(*                  epoch 0: no ghost tag is needed here)                  *)
(*   logging        pairs <<c, e>>: back-edge c is logged for epoch e      *)
(*   logged[e][c][s][r] records of origin s and round r logged as the     *)
(*                  state of back-edge c in the snapshot of e              *)
(*   RcvBarrier(t, c)       as in EpochAlignment, on regular inputs only   *)
(*   AlignedSnapshot(t)     barrier on every regular input: record,        *)
(*                          forward (back-edges too), log the back-edges   *)
(*   RcvBackBarrier(t, c)   barrier e back on back-edge c: stop logging    *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* @type: Set(Str);
    Sources,
    \* @type: Set(Str);
    Operators,
    \* @type: Set(Str);
    Sinks,
    \* @type: Set(<<Str, Str>>);
    Edges,          \* the channels <<from, to>>
    \* @type: Set(<<Str, Str>>);
    BackEdges,      \* the edges that close a cycle; the others form a DAG
    \* @type: Int;
    Rounds,         \* a record goes round a loop at most Rounds times
    \* @type: Int;
    MaxRecords,
    \* @type: Int;
    MaxEpoch

Nodes == Sources \cup Operators \cup Sinks
Tasks == Operators \cup Sinks
Epochs == 1 .. MaxEpoch
RoundNo == 0 .. Rounds
NoOrigin == "-"

Ins(n) == {c \in Edges : c[2] = n}
RegularIns(n) == Ins(n) \ BackEdges
BackIns(n) == Ins(n) \cap BackEdges
Outs(n) == {c \in Edges : c[1] = n}
RegularOuts(n) == Outs(n) \ BackEdges
BackOuts(n) == Outs(n) \cap BackEdges

ASSUME
    /\ Sources \cap Operators = {} /\ Sources \cap Sinks = {} /\ Operators \cap Sinks = {}
    /\ NoOrigin \notin Nodes
    /\ Edges \subseteq (Sources \cup Operators) \X Tasks
    /\ BackEdges \subseteq Edges
    /\ \A c \in BackEdges : c[1] \in Operators /\ c[2] \in Operators
    /\ \A t \in Tasks : RegularIns(t) # {}
    /\ \A o \in Operators : RegularOuts(o) # {}
    /\ Rounds \in Nat /\ MaxRecords \in Nat /\ MaxEpoch \in Nat

(* Where a record of round r goes after node n handled it: the channels   *)
(* it is sent on. The tail of a loop sends it round again while it has    *)
(* gone round fewer than Rounds times, and on its way otherwise.          *)
Route(n, r) ==
    IF BackOuts(n) # {} /\ r < Rounds THEN BackOuts(n) ELSE RegularOuts(n)

(* The round of a record of round r once it has crossed channel c. *)
Crossed(c, r) == IF c \in BackEdges THEN r + 1 ELSE r

RECURSIVE SumOver(_, _)
SumOver(f, S) ==
    IF S = {} THEN 0
    ELSE LET x == CHOOSE y \in S : TRUE IN f[x] + SumOver(f, S \ {x})

(* How many times a record of round r at node n (handled there, if n is a *)
(* task) visits task t from then on, n included. Each step follows a      *)
(* regular edge (the regular edges form a DAG) or a back-edge (which adds *)
(* one to the round, at most Rounds times), so the recursion ends.        *)
RECURSIVE VisitsFrom(_, _, _)
VisitsFrom(n, r, t) ==
    (IF n = t THEN 1 ELSE 0)
      + SumOver([c \in Route(n, r) |-> VisitsFrom(c[2], Crossed(c, r), t)], Route(n, r))

(* A constant: TLC computes it once, before the search. *)
Visits == [n \in Nodes |-> [r \in RoundNo |-> [t \in Tasks |-> VisitsFrom(n, r, t)]]]

Rec(s, r) == [kind |-> "rec", origin |-> s, round |-> r, epoch |-> 0]
Barrier(e) == [kind |-> "bar", origin |-> NoOrigin, round |-> 0, epoch |-> e]
Msgs ==
    [kind : {"rec"}, origin : Sources, round : RoundNo, epoch : {0}]
        \cup [kind : {"bar"}, origin : {NoOrigin}, round : {0}, epoch : Epochs]

Zero == [s \in Sources |-> 0]
NoneLogged == [s \in Sources |-> [r \in RoundNo |-> 0]]

VARIABLES
    \* @type: <<Str, Str>> -> Seq({ kind: Str, origin: Str, round: Int, epoch: Int });
    chan,
    \* @type: Set(<<Str, Str>>);
    blocked,        \* regular inputs blocked by alignment
    \* @type: Str -> Int;
    emitted,
    \* @type: Str -> (Str -> Int);
    count,          \* count[t][s]: records of origin s task t consumed
    \* @type: Str -> Int;
    recorded,
    \* @type: Str -> (Int -> (Str -> Int));
    snap,
    \* @type: Str -> (Int -> Int);
    offset,
    \* @type: Int;
    started,
    \* @type: Set(Int);
    completed,
    \* @type: Set(<<<<Str, Str>>, Int>>);
    logging,
    \* @type: Int -> (<<Str, Str>> -> (Str -> (Int -> Int)));
    logged

vars == << chan, blocked, emitted, count, recorded, snap, offset, started,
           completed, logging, logged >>

TypeOK ==
    /\ chan \in [Edges -> Seq(Msgs)]
    /\ blocked \subseteq Edges \ BackEdges
    /\ emitted \in [Sources -> 0 .. MaxRecords]
    /\ count \in [Tasks -> [Sources -> Nat]]
    /\ recorded \in [Nodes -> 0 .. MaxEpoch]
    /\ snap \in [Tasks -> [Epochs -> [Sources -> Nat]]]
    /\ offset \in [Sources -> [Epochs -> 0 .. MaxRecords]]
    /\ started \in 0 .. MaxEpoch
    /\ completed \subseteq Epochs
    /\ logging \subseteq BackEdges \X Epochs
    /\ logged \in [Epochs -> [BackEdges -> [Sources -> [RoundNo -> Nat]]]]

Init ==
    /\ chan = [c \in Edges |-> << >>]
    /\ blocked = {}
    /\ emitted = [s \in Sources |-> 0]
    /\ count = [t \in Tasks |-> Zero]
    /\ recorded = [n \in Nodes |-> 0]
    /\ snap = [t \in Tasks |-> [e \in Epochs |-> Zero]]
    /\ offset = [s \in Sources |-> [e \in Epochs |-> 0]]
    /\ started = 0
    /\ completed = {}
    /\ logging = {}
    /\ logged = [e \in Epochs |-> [c \in BackEdges |-> NoneLogged]]

(* chan after node n sent m on each channel of out. *)
SendOn(out, m) == [c \in Edges |-> IF c \in out THEN Append(chan[c], m) ELSE chan[c]]

LastCompleted ==
    IF completed = {} THEN 0
    ELSE CHOOSE e \in completed : \A d \in completed : d <= e

-----------------------------------------------------------------------------
(* Coordinator and source actions, as in EpochAlignment *)

(* The coordinator starts the next epoch. *)
StartEpoch(e) ==
    /\ e = started + 1
    /\ started' = e
    /\ UNCHANGED << chan, blocked, emitted, count, recorded, snap, offset,
                    completed, logging, logged >>

(* The coordinator learns that every task recorded e and that every       *)
(* back-edge's state for e is logged.                                     *)
CompleteEpoch(e) ==
    /\ e <= started
    /\ e = LastCompleted + 1
    /\ \A t \in Tasks : recorded[t] >= e
    /\ \A c \in BackEdges : <<c, e>> \notin logging
    /\ completed' = completed \cup {e}
    /\ UNCHANGED << chan, blocked, emitted, count, recorded, snap, offset,
                    started, logging, logged >>

(* Source s emits its next record, round 0, on every output. *)
SourceEmit(s) ==
    /\ emitted[s] < MaxRecords
    /\ emitted' = [emitted EXCEPT ![s] = @ + 1]
    /\ chan' = SendOn(Outs(s), Rec(s, 0))
    /\ UNCHANGED << blocked, count, recorded, snap, offset, started,
                    completed, logging, logged >>

(* Source s records its position and injects the barrier of the started  *)
(* epoch it has not injected yet.                                         *)
InjectBarrier(s) ==
    LET e == recorded[s] + 1 IN
    /\ e <= started
    /\ recorded' = [recorded EXCEPT ![s] = e]
    /\ offset' = [offset EXCEPT ![s][e] = emitted[s]]
    /\ chan' = SendOn(Outs(s), Barrier(e))
    /\ UNCHANGED << blocked, emitted, count, snap, started, completed,
                    logging, logged >>

-----------------------------------------------------------------------------
(* Task actions *)

(* Task t consumes the record at the head of its unblocked input c,       *)
(* counts it, and sends it on as Route says. A record that arrives on a   *)
(* back-edge being logged for some epochs is logged for each of them.     *)
Process(t, c) ==
    /\ c \in Ins(t)
    /\ c \notin blocked
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "rec"
    /\ LET m == Head(chan[c])
           out == Route(t, m.round) IN
       /\ count' = [count EXCEPT ![t][m.origin] = @ + 1]
       /\ chan' = [d \in Edges |->
                     IF d = c THEN Tail(chan[d])
                     ELSE IF d \in out THEN Append(chan[d], Rec(m.origin, Crossed(d, m.round)))
                     ELSE chan[d]]
       /\ logged' = [e \in Epochs |->
                       IF <<c, e>> \in logging
                       THEN [logged[e] EXCEPT ![c][m.origin][m.round] = @ + 1]
                       ELSE logged[e]]
    /\ UNCHANGED << blocked, emitted, recorded, snap, offset, started,
                    completed, logging >>

(* Task t consumes the barrier at the head of regular input c and blocks  *)
(* c until the barrier arrived on every regular input.                    *)
RcvBarrier(t, c) ==
    /\ c \in RegularIns(t)
    /\ c \notin blocked
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "bar"
    /\ blocked' = blocked \cup {c}
    /\ chan' = [chan EXCEPT ![c] = Tail(@)]
    /\ UNCHANGED << emitted, count, recorded, snap, offset, started,
                    completed, logging, logged >>

(* The barrier of t's next epoch e arrived on every regular input: t       *)
(* records its state, forwards barrier e on every output (back-edges too), *)
(* unblocks its inputs, and starts logging its back-edges for e.          *)
AlignedSnapshot(t) ==
    LET e == recorded[t] + 1 IN
    /\ RegularIns(t) \subseteq blocked
    /\ recorded' = [recorded EXCEPT ![t] = e]
    /\ snap' = [snap EXCEPT ![t][e] = count[t]]
    /\ chan' = SendOn(Outs(t), Barrier(e))
    /\ blocked' = blocked \ Ins(t)
    /\ logging' = logging \cup {<<c, e>> : c \in BackIns(t)}
    /\ UNCHANGED << emitted, count, offset, started, completed, logged >>

(* Barrier e comes back to t on back-edge c: every record sent round the  *)
(* loop before it has been logged, so t stops logging c for e.            *)
RcvBackBarrier(t, c) ==
    /\ c \in BackIns(t)
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "bar"
    /\ logging' = logging \ {<<c, Head(chan[c]).epoch>>}
    /\ chan' = [chan EXCEPT ![c] = Tail(@)]
    /\ UNCHANGED << blocked, emitted, count, recorded, snap, offset, started,
                    completed, logged >>

-----------------------------------------------------------------------------
Next ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : Process(t, c)
    \/ \E t \in Tasks, c \in Edges : RcvBarrier(t, c)
    \/ \E t \in Tasks : AlignedSnapshot(t)
    \/ \E t \in Tasks, c \in Edges : RcvBackBarrier(t, c)

Spec == Init /\ [][Next]_vars

FairSpec ==
    /\ Spec
    /\ \A e \in Epochs : WF_vars(StartEpoch(e)) /\ WF_vars(CompleteEpoch(e))
    /\ \A s \in Sources : WF_vars(SourceEmit(s)) /\ WF_vars(InjectBarrier(s))
    /\ \A t \in Tasks : WF_vars(AlignedSnapshot(t))
    /\ \A t \in Tasks, c \in Edges :
          WF_vars(Process(t, c)) /\ WF_vars(RcvBarrier(t, c)) /\ WF_vars(RcvBackBarrier(t, c))

-----------------------------------------------------------------------------
(* Invariants *)

(* The state of every task had exactly the records each source emitted    *)
(* before barrier e been processed to the end, over all their rounds.     *)
Reference(e) ==
    [t \in Tasks |-> [s \in Sources |-> Visits[s][0][t] * offset[s][e]]]

(* What the logged state of back-edges for e adds at task t once a        *)
(* restart feeds it to the loop heads again: a logged record of round r   *)
(* on c visits t as often as any record of round r arriving at c[2].      *)
LoggedEffect(e, t, s) ==
    SumOver([c \in BackEdges |->
                SumOver([r \in RoundNo |-> logged[e][c][s][r] * Visits[c[2]][r][t]], RoundNo)],
            BackEdges)

(* Consistency, the point of the protocol: for every complete epoch e,    *)
(* the task states of e plus the effect of the logged back-edge records   *)
(* are the reference state of e.                                           *)
Consistency ==
    \A e \in completed : \A t \in Tasks, s \in Sources :
        snap[t][e][s] + LoggedEffect(e, t, s) = Reference(e)[t][s]

(* Records of origin s and round r waiting in channel c. *)
Waiting(c, s, r) ==
    Cardinality({i \in 1 .. Len(chan[c]) :
                    chan[c][i].kind = "rec" /\ chan[c][i].origin = s /\ chan[c][i].round = r})

(* Exactly-once processing, as in EpochAlignment: every emitted record    *)
(* has had its effect on t, or is on its way there, each visit once.      *)
ExactlyOnce ==
    \A t \in Tasks, s \in Sources :
        count[t][s]
          + SumOver([c \in Edges |-> SumOver([r \in RoundNo |-> Waiting(c, s, r) * Visits[c[2]][r][t]], RoundNo)],
                    Edges)
        = Visits[s][0][t] * emitted[s]

EpochsCompleteInOrder ==
    \A e \in completed : \A d \in 1 .. e : d \in completed

(* A barrier only comes back on a back-edge to a task that sent it round:  *)
(* the head of the loop has recorded its epoch, so it is logging for it.  *)
BackBarrierAfterSnapshot ==
    \A c \in BackEdges : \A i \in 1 .. Len(chan[c]) :
        chan[c][i].kind = "bar" => chan[c][i].epoch <= recorded[c[2]]

Quiescent ==
    /\ completed = Epochs
    /\ \A s \in Sources : emitted[s] = MaxRecords
    /\ \A c \in Edges : chan[c] = << >>

(* Temporal properties, checked under FairSpec *)
Termination == \A e \in Epochs : (started >= e) ~> (e \in completed)
Drains == <>Quiescent

=============================================================================
