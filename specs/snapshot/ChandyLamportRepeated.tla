------------------------ MODULE ChandyLamportRepeated -----------------------
(***************************************************************************)
(* Successive Chandy-Lamport snapshots, numbered 1, 2, ..., MaxSnapshots,  *)
(* of the same bank as ChandyLamport (read that module first: this one     *)
(* only adds snapshot ids).                                                *)
(*                                                                         *)
(* A marker carries the id s of its snapshot. A process that has recorded  *)
(* snapshots up to s - 1 may initiate snapshot s; several may initiate the *)
(* same s. A process records snapshot s on initiating it or on its first   *)
(* marker of s, and then sends a marker of s on every outgoing channel, in *)
(* the same step. It records channel p->q for snapshot s from then until   *)
(* p's marker of s arrives. Snapshots may overlap: a transfer can belong   *)
(* to the recorded state of p->q for several snapshots at once.            *)
(*                                                                         *)
(* Why a marker of s never finds its receiver before s - 1 (so no         *)
(* snapshot is skipped): the sender recorded s - 1 before s, so on the     *)
(* FIFO channel its marker of s - 1 came first and made the receiver      *)
(* record s - 1. Invariant NoSnapshotSkipped checks it.                    *)
(*                                                                         *)
(* Each snapshot is checked as in ChandyLamport: its recorded state is the  *)
(* state of a consistent cut of the history, its money is the total, and   *)
(* every process and channel is eventually recorded for every snapshot     *)
(* that some process initiated.                                            *)
(*                                                                         *)
(* Vocabulary: as in ChandyLamport, with                                  *)
(*   recorded[p]         the last snapshot p recorded (0: none)            *)
(*   procSnap[s][p]      the balance p recorded for snapshot s             *)
(*   chanSnap[s][<<p,q>>] the recorded state of p->q in snapshot s         *)
(*   chanDone[s]         channels whose marker of s has arrived            *)
(*   cut[s][p]           history: Len(hist[p]) when p recorded s           *)
(*   markers are [type |-> "marker", amount |-> 0, id |-> s]               *)
(*   Initiate(p) starts snapshot recorded[p] + 1 at p.                     *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, ConsistentCut

CONSTANTS
    \* @type: Set(Str);
    Proc,           \* the processes
    \* @type: Set(<<Str, Str>>);
    Edges,          \* the channels: <<p, q>> is the channel p->q
    \* @type: Int;
    InitBalance,    \* the money each process holds initially
    \* @type: Int;
    MaxTransfers,   \* the number of transfers a run may send
    \* @type: Int;
    MaxSnapshots    \* the number of snapshots a run may take

VARIABLES
    \* @type: Str -> Int;
    balance,        \* balance[p]: the money p holds now
    \* @type: <<Str, Str>> -> Seq({ type: Str, amount: Int, id: Int });
    chan,           \* chan[<<p, q>>]: messages in flight on p->q, FIFO
    \* @type: Str -> Int;
    recorded,       \* recorded[p]: the last snapshot p recorded
    \* @type: Int -> (Str -> Int);
    procSnap,       \* procSnap[s][p]: the balance p recorded in snapshot s
    \* @type: Int -> (<<Str, Str>> -> Seq({ type: Str, amount: Int, id: Int }));
    chanSnap,       \* chanSnap[s][<<p, q>>]: recorded state of p->q in s
    \* @type: Int -> Set(<<Str, Str>>);
    chanDone,       \* chanDone[s]: channels whose state in s is final
    \* @type: Str -> Seq({ kind: Str, peer: Str, id: Int, amount: Int });
    hist,           \* history: hist[p] is p's events, in order
    \* @type: Int -> (Str -> Int);
    cut             \* history: cut[s][p] is Len(hist[p]) when p recorded s

vars == << balance, chan, recorded, procSnap, chanSnap, chanDone, hist, cut >>

Snaps == 1..MaxSnapshots

(* q is reachable from p in at most n steps along channels.               *)
ReachIn[n \in 0..Cardinality(Proc)] ==
    IF n = 0 THEN { << p, p >> : p \in Proc }
    ELSE ReachIn[n - 1] \cup
         { r \in Proc \X Proc :
             \E m \in Proc : << r[1], m >> \in ReachIn[n - 1] /\ << m, r[2] >> \in Edges }

(* Strongly connected, as in ChandyLamport (termination needs it).         *)
ASSUME
    /\ Edges \subseteq Proc \X Proc
    /\ \A e \in Edges : e[1] # e[2]
    /\ Proc \X Proc \subseteq ReachIn[Cardinality(Proc)]
    /\ InitBalance \in Nat \ {0}
    /\ MaxTransfers \in Nat
    /\ MaxSnapshots \in Nat \ {0}

TotalMoney == InitBalance * Cardinality(Proc)

Amounts == 1..TotalMoney

Marker(s) == [type |-> "marker", amount |-> 0, id |-> s]

Transfer(amount, n) == [type |-> "transfer", amount |-> amount, id |-> n]

Msgs == [type : {"marker"}, amount : {0}, id : Snaps]
        \cup [type : {"transfer"}, amount : Amounts, id : Nat]

Events == [kind : {"send", "recv"}, peer : Proc, id : Nat, amount : Amounts]

TypeOK ==
    /\ balance \in [Proc -> 0..TotalMoney]
    /\ chan \in [Edges -> Seq(Msgs)]
    /\ recorded \in [Proc -> 0..MaxSnapshots]
    /\ procSnap \in [Snaps -> [Proc -> 0..TotalMoney]]
    /\ chanSnap \in [Snaps -> [Edges -> Seq(Msgs)]]
    /\ chanDone \in [Snaps -> SUBSET Edges]
    /\ hist \in [Proc -> Seq(Events)]
    /\ cut \in [Snaps -> [Proc -> Nat]]

Init ==
    /\ balance = [p \in Proc |-> InitBalance]
    /\ chan = [e \in Edges |-> << >>]
    /\ recorded = [p \in Proc |-> 0]
    /\ procSnap = [s \in Snaps |-> [p \in Proc |-> 0]]
    /\ chanSnap = [s \in Snaps |-> [e \in Edges |-> << >>]]
    /\ chanDone = [s \in Snaps |-> {}]
    /\ hist = [p \in Proc |-> << >>]
    /\ cut = [s \in Snaps |-> [p \in Proc |-> 0]]

-----------------------------------------------------------------------------
(* Helpers.                                                                *)

(* q records channel p->q for snapshot s.                                  *)
Recording(s, p, q) == recorded[q] >= s /\ << p, q >> \notin chanDone[s]

SentOn(p, q) ==
    Cardinality({ i \in 1..Len(hist[p]) : hist[p][i].kind = "send" /\ hist[p][i].peer = q })

TransfersSent ==
    Cardinality(UNION { { << p, i >> : i \in { j \in 1..Len(hist[p]) : hist[p][j].kind = "send" } }
                        : p \in Proc })

(* p records its state for snapshot s and sends a marker of s on each      *)
(* outgoing channel, appending it to the channels c.                       *)
RecordState(p, s, c) ==
    /\ recorded' = [recorded EXCEPT ![p] = s]
    /\ procSnap' = [procSnap EXCEPT ![s][p] = balance[p]]
    /\ cut' = [cut EXCEPT ![s][p] = Len(hist[p])]
    /\ chan' = [e \in Edges |-> IF e[1] = p THEN Append(c[e], Marker(s)) ELSE c[e]]

-----------------------------------------------------------------------------
(* Snapshot actions.                                                       *)

(* Process p initiates the next snapshot it has not recorded.             *)
Initiate(p) ==
    /\ recorded[p] < MaxSnapshots
    /\ RecordState(p, recorded[p] + 1, chan)
    /\ UNCHANGED << balance, chanSnap, chanDone, hist >>

(* Process q receives a marker of snapshot s on p->q: the state of p->q in *)
(* s is final; on q's first marker of s, q records s and sends its markers. *)
RcvMarker(p, q) ==
    /\ << p, q >> \in Edges
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "marker"
    /\ LET s == Head(chan[<< p, q >>]).id
           rest == [chan EXCEPT ![<< p, q >>] = Tail(@)]
       IN  /\ IF recorded[q] >= s
                THEN /\ chan' = rest
                     /\ UNCHANGED << recorded, procSnap, cut >>
                ELSE RecordState(q, s, rest)
           /\ chanDone' = [chanDone EXCEPT ![s] = @ \cup { << p, q >> }]
    /\ UNCHANGED << balance, chanSnap, hist >>

-----------------------------------------------------------------------------
(* Bank actions.                                                           *)

(* Process p sends amount of its money to q.                              *)
SendTransfer(p, q, amount) ==
    /\ << p, q >> \in Edges
    /\ amount \in 1..balance[p]
    /\ TransfersSent < MaxTransfers
    /\ balance' = [balance EXCEPT ![p] = @ - amount]
    /\ chan' = [chan EXCEPT ![<< p, q >>] = Append(@, Transfer(amount, SentOn(p, q) + 1))]
    /\ hist' = [hist EXCEPT ![p] =
                  Append(@, [kind |-> "send", peer |-> q, id |-> SentOn(p, q) + 1,
                             amount |-> amount])]
    /\ UNCHANGED << recorded, procSnap, chanSnap, chanDone, cut >>

(* Process q receives the transfer at the head of p->q; it joins the       *)
(* recorded state of p->q in every snapshot that is recording p->q.       *)
RcvTransfer(p, q) ==
    /\ << p, q >> \in Edges
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "transfer"
    /\ LET m == Head(chan[<< p, q >>]) IN
       /\ balance' = [balance EXCEPT ![q] = @ + m.amount]
       /\ chan' = [chan EXCEPT ![<< p, q >>] = Tail(@)]
       /\ chanSnap' = [s \in Snaps |->
                         IF Recording(s, p, q)
                           THEN [chanSnap[s] EXCEPT ![<< p, q >>] = Append(@, m)]
                           ELSE chanSnap[s]]
       /\ hist' = [hist EXCEPT ![q] =
                     Append(@, [kind |-> "recv", peer |-> p, id |-> m.id,
                                amount |-> m.amount])]
    /\ UNCHANGED << recorded, procSnap, chanDone, cut >>

-----------------------------------------------------------------------------
(* As in ChandyLamport, a finished run has no next step (deadlock check    *)
(* off in the models).                                                     *)
Next ==
    \/ \E p \in Proc : Initiate(p)
    \/ \E e \in Edges : RcvMarker(e[1], e[2])
    \/ \E e \in Edges : \E a \in Amounts : SendTransfer(e[1], e[2], a)
    \/ \E e \in Edges : RcvTransfer(e[1], e[2])

Spec == Init /\ [][Next]_vars

FairSpec ==
    /\ Spec
    /\ \A e \in Edges : WF_vars(RcvMarker(e[1], e[2]))
    /\ \A e \in Edges : WF_vars(RcvTransfer(e[1], e[2]))

-----------------------------------------------------------------------------
(* Sums, as in ChandyLamport (invariants only).                            *)

RECURSIVE SumFun(_, _)
SumFun(f, S) ==
    IF S = {} THEN 0
    ELSE LET x == CHOOSE y \in S : TRUE IN f[x] + SumFun(f, S \ {x})

RECURSIVE SumAmounts(_)
SumAmounts(s) ==
    IF s = << >> THEN 0 ELSE Head(s).amount + SumAmounts(Tail(s))

RECURSIVE Net(_)
Net(s) ==
    IF s = << >> THEN 0
    ELSE (IF Head(s).kind = "recv" THEN Head(s).amount ELSE 0 - Head(s).amount)
         + Net(Tail(s))

BalanceAfter(p, k) == InitBalance + Net(SubSeq(hist[p], 1, k))

(* The processes that have recorded snapshot s.                           *)
RecordedIn(s) == { p \in Proc : recorded[p] >= s }

TransitMsgs(s, p, q) ==
    LET t == InTransit(hist, cut[s], p, q)
    IN  [i \in 1..Len(t) |-> Transfer(t[i].amount, t[i].id)]

Complete(s) == RecordedIn(s) = Proc /\ chanDone[s] = Edges

-----------------------------------------------------------------------------
(* Invariants, one per snapshot s.                                         *)

(* Snapshot s's recorded state is the state of a consistent cut.           *)
Validity ==
    \A s \in Snaps :
        /\ IsCut(hist, cut[s], RecordedIn(s))
        /\ IsConsistentCut(hist, cut[s],
                           { e \in Edges : e[1] \in RecordedIn(s) /\ e[2] \in RecordedIn(s) })
        /\ \A p \in RecordedIn(s) : procSnap[s][p] = BalanceAfter(p, cut[s][p])
        /\ \A e \in chanDone[s] :
              /\ e[1] \in RecordedIn(s) /\ e[2] \in RecordedIn(s)
              /\ chanSnap[s][e] = TransitMsgs(s, e[1], e[2])

(* Successive snapshots are ordered: each process records them in order,   *)
(* so the cut of s + 1 is no earlier than the cut of s.                    *)
CutsOrdered ==
    \A s \in Snaps \ {MaxSnapshots} :
        \A p \in RecordedIn(s + 1) : cut[s][p] <= cut[s + 1][p]

RecordedMoneyIsTotal ==
    \A s \in Snaps :
        Complete(s) =>
            SumFun(procSnap[s], Proc)
              + SumFun([e \in Edges |-> SumAmounts(chanSnap[s][e])], Edges)
            = TotalMoney

NoMarkerRecorded ==
    \A s \in Snaps : \A e \in Edges :
        \A i \in 1..Len(chanSnap[s][e]) : chanSnap[s][e][i].type = "transfer"

(* A marker of s at the head of a channel (the next to be received) goes  *)
(* to a process that has recorded s - 1.                                   *)
NoSnapshotSkipped ==
    \A e \in Edges :
        chan[e] # << >> /\ Head(chan[e]).type = "marker"
            => recorded[e[2]] >= Head(chan[e]).id - 1

(* At most one marker of each snapshot on each channel.                    *)
AtMostOneMarker ==
    \A s \in Snaps : \A e \in Edges :
        Cardinality({ i \in 1..Len(chan[e]) : chan[e][i] = Marker(s) })
          + (IF e \in chanDone[s] THEN 1 ELSE 0) <= 1

-----------------------------------------------------------------------------
(* Termination of every snapshot that some process initiated.              *)
Termination ==
    \A s \in Snaps : (RecordedIn(s) # {}) ~> Complete(s)
=============================================================================
