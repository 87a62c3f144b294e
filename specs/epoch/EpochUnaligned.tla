--------------------------- MODULE EpochUnaligned ---------------------------
(***************************************************************************)
(* The unaligned variant of epoch snapshots (Flink's unaligned             *)
(* checkpoints): no channel is ever blocked. The first barrier of epoch e  *)
(* to reach a task, from any input channel, makes the task record its      *)
(* state at once and forward barrier e; the barrier may overtake the       *)
(* records queued ahead of it in its channel, and those records become     *)
(* part of the snapshot (logged channel state). On every other input       *)
(* channel the task logs, for e, each record it consumes before barrier e  *)
(* arrives there, and the records barrier e overtakes when it does. The    *)
(* snapshot of e is then the task states plus the logged records, as in    *)
(* Chandy and Lamport's algorithm: alignment is traded for in-flight data  *)
(* in the snapshot, so NoInFlightRecords of EpochAlignment fails here      *)
(* (a model shows it) while consistency holds.                             *)
(*                                                                         *)
(* It reuses EpochAlignment's dataflow, variables and the source and       *)
(* coordinator actions; only the task side differs. Not modelled: the      *)
(* barrier overtaking a task's output buffers (here it is appended to      *)
(* the output channels, behind what the task has sent); recovery.          *)
(*                                                                         *)
(* Vocabulary, in addition to EpochAlignment's                             *)
(*   logging        pairs <<c, e>>: task c[2] recorded e before barrier e  *)
(*                  arrived on its input c, so it logs c's records for e   *)
(*   logged[e][c][s] records of origin s logged as channel state of c in   *)
(*                  the snapshot of e                                      *)
(*   ProcessU(t, c)           t consumes a record from c (and logs it)     *)
(*   UnalignedSnapshot(t, c, i) the barrier of t's next epoch, at position *)
(*                  i of c, overtakes the records ahead of it: t records   *)
(*                  its state, logs them, forwards the barrier             *)
(*   RcvLateBarrier(t, c, i)  a barrier of an epoch t already recorded,    *)
(*                  at position i of c: t logs the records it overtakes    *)
(*                  and stops logging c for that epoch                     *)
(***************************************************************************)
EXTENDS EpochAlignment

VARIABLES
    \* @type: Set(<<<<Str, Str>>, Int>>);
    logging,        \* <<c, e>>: channel c is being logged for epoch e
    \* @type: Int -> (<<Str, Str>> -> (Str -> Int));
    logged          \* logged[e][c][s]: records of s in c's state for e

uvars == << vars, logging, logged >>

TypeOKU ==
    /\ TypeOK
    /\ logging \subseteq Edges \X Epochs
    /\ logged \in [Epochs -> [Edges -> [Sources -> Nat]]]

InitU ==
    /\ Init
    /\ logging = {}
    /\ logged = [e \in Epochs |-> [c \in Edges |-> Zero]]

(* The position of the first barrier in channel c (0 if none).             *)
FirstBarrier(c) ==
    LET B == {i \in 1 .. Len(chan[c]) : chan[c][i].kind = "bar"} IN
    IF B = {} THEN 0 ELSE CHOOSE i \in B : \A j \in B : i <= j

(* Records of origin s at positions 1 .. i - 1 of channel c.               *)
Ahead(c, i, s) ==
    Cardinality({j \in 1 .. i - 1 : chan[c][j].kind = "rec" /\ chan[c][j].origin = s})

(* chan[c] without its i-th message.                                       *)
Drop(c, i) == SubSeq(chan[c], 1, i - 1) \o SubSeq(chan[c], i + 1, Len(chan[c]))

-----------------------------------------------------------------------------
(* Task actions                                                            *)

(* Task t consumes the record at the head of input c, sends it on, and     *)
(* logs it for every epoch for which c is being logged.                    *)
ProcessU(t, c) ==
    /\ c \in Ins(t)
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "rec"
    /\ LET m == Head(chan[c]) IN
       /\ count' = [count EXCEPT ![t][m.origin] = @ + 1]
       /\ chan' = [d \in Edges |->
                     IF d = c THEN Tail(chan[d])
                     ELSE IF d[1] = t THEN Append(chan[d], Rec(m.origin, recorded[t] + 1))
                     ELSE chan[d]]
       /\ logged' = [e \in Epochs |->
                       IF <<c, e>> \in logging
                       THEN [logged[e] EXCEPT ![c][m.origin] = @ + 1]
                       ELSE logged[e]]
    /\ UNCHANGED << blocked, emitted, recorded, snap, offset, started,
                    completed, acked, failures, logging >>

(* The barrier of t's next epoch e, first barrier in input c at position   *)
(* i, overtakes the i - 1 records ahead of it: t records its state for e   *)
(* (and acknowledges it),                                                  *)
(* logs the overtaken records as c's state, starts logging its other       *)
(* inputs for e and forwards barrier e on every output.                    *)
UnalignedSnapshot(t, c, i) ==
    LET e == recorded[t] + 1 IN
    /\ c \in Ins(t)
    /\ i = FirstBarrier(c)
    /\ i > 0
    /\ chan[c][i].epoch = e
    /\ recorded' = [recorded EXCEPT ![t] = e]
    /\ snap' = [snap EXCEPT ![t][e] = count[t]]
    /\ acked' = [acked EXCEPT ![t] = e]
    /\ logged' = [logged EXCEPT ![e][c] = [s \in Sources |-> Ahead(c, i, s)]]
    /\ logging' = logging \cup {<<d, e>> : d \in Ins(t) \ {c}}
    /\ chan' = [d \in Edges |->
                  IF d = c THEN Drop(c, i)
                  ELSE IF d[1] = t THEN Append(chan[d], Barrier(e))
                  ELSE chan[d]]
    /\ UNCHANGED << blocked, emitted, count, offset, started, completed,
                    failures >>

(* The barrier of an epoch e that t has already recorded, first barrier in *)
(* input c at position i, arrives: t logs the records it overtakes as      *)
(* part of c's state for e and stops logging c for e.                      *)
RcvLateBarrier(t, c, i) ==
    LET e == chan[c][i].epoch IN
    /\ c \in Ins(t)
    /\ i = FirstBarrier(c)
    /\ i > 0
    /\ e <= recorded[t]
    /\ logged' = [logged EXCEPT ![e][c] = [s \in Sources |-> @[s] + Ahead(c, i, s)]]
    /\ logging' = logging \ {<<c, e>>}
    /\ chan' = [chan EXCEPT ![c] = Drop(c, i)]
    /\ UNCHANGED << blocked, emitted, count, recorded, snap, offset, started,
                    completed, acked, failures >>

(* The coordinator learns that every task has recorded epoch e and logged  *)
(* all of its channel state.                                               *)
CompleteEpochU(e) ==
    /\ CompleteEpoch(e)
    /\ \A c \in Edges : <<c, e>> \notin logging
    /\ UNCHANGED << logging, logged >>

NextU ==
    \/ \E e \in Epochs : StartEpoch(e) /\ UNCHANGED << logging, logged >>
    \/ \E e \in Epochs : CompleteEpochU(e)
    \/ \E s \in Sources : SourceEmit(s) /\ UNCHANGED << logging, logged >>
    \/ \E s \in Sources : InjectBarrier(s) /\ UNCHANGED << logging, logged >>
    \/ \E t \in Tasks, c \in Edges : ProcessU(t, c)
    \/ \E t \in Tasks, c \in Edges : \E i \in 1 .. Len(chan[c]) : UnalignedSnapshot(t, c, i)
    \/ \E t \in Tasks, c \in Edges : \E i \in 1 .. Len(chan[c]) : RcvLateBarrier(t, c, i)

SpecU == InitU /\ [][NextU]_uvars

FairSpecU ==
    /\ SpecU
    /\ \A e \in Epochs : WF_uvars(StartEpoch(e) /\ UNCHANGED << logging, logged >>)
    /\ \A e \in Epochs : WF_uvars(CompleteEpochU(e))
    /\ \A s \in Sources : WF_uvars(SourceEmit(s) /\ UNCHANGED << logging, logged >>)
    /\ \A s \in Sources : WF_uvars(InjectBarrier(s) /\ UNCHANGED << logging, logged >>)
    /\ \A t \in Tasks, c \in Edges : WF_uvars(ProcessU(t, c))
    /\ \A t \in Tasks, c \in Edges :
          WF_uvars(\E i \in 1 .. Len(chan[c]) : UnalignedSnapshot(t, c, i) \/ RcvLateBarrier(t, c, i))

-----------------------------------------------------------------------------
(* Invariants                                                              *)

(* The records of origin s logged for e on all inputs of task u.           *)
LoggedAt(e, u, s) == SumOver([c \in Ins(u) |-> logged[e][c][s]], Ins(u))

(* Consistency of a complete epoch e: restoring the task states of e and   *)
(* processing the logged records to the end gives every task the           *)
(* reference state of e. A logged record at u reaches t along every path   *)
(* from u to t.                                                            *)
ConsistencyU ==
    \A e \in completed : \A t \in Tasks, s \in Sources :
        snap[t][e][s] + SumOver([u \in Tasks |-> LoggedAt(e, u, s) * PathCount[u][t]], Tasks)
            = Reference(e)[t][s]

(* Termination and draining as in EpochAlignment.                          *)
=============================================================================
