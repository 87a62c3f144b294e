--------------------------- MODULE ChandyLamport ---------------------------
(***************************************************************************)
(* The Chandy-Lamport snapshot algorithm (Chandy and Lamport, "Distributed *)
(* Snapshots", 1985) recording the global state of a bank.                 *)
(*                                                                         *)
(* Processes are connected by directed FIFO channels; the graph (constant  *)
(* Edges) is any strongly connected one. The application is a bank: each   *)
(* process holds a balance and transfers money to its neighbours, so money *)
(* moves between processes and channels but is never created or lost.     *)
(*                                                                         *)
(* The algorithm. Any process may initiate the snapshot, and several may   *)
(* do so for the same snapshot: it records its own state. A process that   *)
(* has not recorded records its state when it receives its first marker.   *)
(* After recording, a process sends a marker on every outgoing channel,    *)
(* and on each channel the marker goes before any further transfer (the    *)
(* marker rule). A process records each incoming channel from the moment   *)
(* it records its own state until the marker on that channel arrives: the  *)
(* channel's state is the transfers received in between. The channel on   *)
(* which the first marker arrived is recorded as empty.                    *)
(*                                                                         *)
(* Correctness, checked with TLC (see the properties at the end).          *)
(*   Termination: once some process has initiated, eventually every        *)
(*     process and every channel state is recorded (under fairness).       *)
(*   Validity: the recorded global state is the state of a consistent cut  *)
(*     of the run's history (module ConsistentCut), hence a state the      *)
(*     system could have passed through; in particular the recorded money  *)
(*     equals the total money.                                             *)
(*   No marker is ever recorded as channel state; each channel carries at  *)
(*   most one marker.                                                      *)
(*                                                                         *)
(* What is modelled. One snapshot (ChandyLamportRepeated adds successive   *)
(* snapshots with ids). Reliable FIFO channels, no process failures. A     *)
(* process's state is its balance. The recorded states stay where they     *)
(* were recorded (procSnap, chanSnap); collecting them at one place is not *)
(* modelled. A process sends its markers in the step in which it records   *)
(* (the Java node returns them as the outputs of that step), so no         *)
(* transfer can come between; MC_ChandyLamportBugs shows what goes wrong   *)
(* when one does. The number of transfers in a run is bounded by           *)
(* MaxTransfers: the bank could run forever, which would make channels and *)
(* histories unbounded, while every case of the snapshot's correctness (a  *)
(* transfer sent and received on either side of the cut, or crossing it in *)
(* a channel, two transfers in one channel) needs only a few transfers.    *)
(*                                                                         *)
(* History. hist and cut are auxiliary (history) variables: the protocol   *)
(* never reads them, except to number the transfers of a channel (the id   *)
(* of a transfer, needed to match receives with sends) and to enforce the  *)
(* model's bound on transfers. They record what happened, so that the      *)
(* recorded state can be compared with the run.                            *)
(*                                                                         *)
(* Vocabulary (the Java code in impl/.../ddm/snapshot and the conformance  *)
(* harness use the same names). A channel <<p, q>> is p->q: p sends, q     *)
(* receives.                                                               *)
(*   balance[p]      money p holds now                                     *)
(*   chan[<<p, q>>]  messages in flight on p->q, oldest first; a message   *)
(*                   is [type |-> "transfer", amount |-> a, id |-> n] or   *)
(*                   [type |-> "marker", amount |-> 0, id |-> 0]           *)
(*   recorded        processes that have recorded their own state          *)
(*   procSnap[p]     the balance p recorded (0 until it records)           *)
(*   chanSnap[<<p, q>>] transfers q recorded as the state of p->q          *)
(*   chanDone        channels whose marker has arrived: state final        *)
(*   hist[p]         history: p's send and receive events (ConsistentCut)  *)
(*   cut[p]          history: how many events p had when it recorded       *)
(* Actions                                                                 *)
(*   Initiate(p)                p starts the snapshot: records its state   *)
(*                              and sends a marker on each outgoing channel *)
(*   SendTransfer(p, q, amount) p sends amount to q                        *)
(*   RcvTransfer(p, q)          q receives the transfer at the head of p->q *)
(*   RcvMarker(p, q)            q receives the marker at the head of p->q; *)
(*                              on its first marker q records and sends    *)
(*                              its markers, as in Initiate                *)
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
    MaxTransfers    \* the number of transfers a run may send (see header)

VARIABLES
    \* @type: Str -> Int;
    balance,        \* balance[p]: the money p holds now
    \* @type: <<Str, Str>> -> Seq({ type: Str, amount: Int, id: Int });
    chan,           \* chan[<<p, q>>]: messages in flight on p->q, FIFO
    \* @type: Set(Str);
    recorded,       \* the processes that have recorded their own state
    \* @type: Str -> Int;
    procSnap,       \* procSnap[p]: the balance p recorded
    \* @type: <<Str, Str>> -> Seq({ type: Str, amount: Int, id: Int });
    chanSnap,       \* chanSnap[<<p, q>>]: the recorded state of p->q
    \* @type: Set(<<Str, Str>>);
    chanDone,       \* channels whose recorded state is final
    \* @type: Str -> Seq({ kind: Str, peer: Str, id: Int, amount: Int });
    hist,           \* history: hist[p] is p's events, in order
    \* @type: Str -> Int;
    cut             \* history: cut[p] is Len(hist[p]) when p recorded

vars == << balance, chan, recorded, procSnap, chanSnap, chanDone, hist, cut >>

(* q is reachable from p in at most n steps along channels.               *)
ReachIn[n \in 0..Cardinality(Proc)] ==
    IF n = 0 THEN { << p, p >> : p \in Proc }
    ELSE ReachIn[n - 1] \cup
         { r \in Proc \X Proc :
             \E m \in Proc : << r[1], m >> \in ReachIn[n - 1] /\ << m, r[2] >> \in Edges }

(* The marker of an initiator reaches every process only if every process  *)
(* is reachable from every other one: termination needs strong            *)
(* connectivity.                                                           *)
ASSUME
    /\ Edges \subseteq Proc \X Proc
    /\ \A e \in Edges : e[1] # e[2]
    /\ Proc \X Proc \subseteq ReachIn[Cardinality(Proc)]
    /\ InitBalance \in Nat \ {0}
    /\ MaxTransfers \in Nat

TotalMoney == InitBalance * Cardinality(Proc)

Amounts == 1..TotalMoney

Marker == [type |-> "marker", amount |-> 0, id |-> 0]

Transfer(amount, n) == [type |-> "transfer", amount |-> amount, id |-> n]

Msgs == { Marker } \cup [type : {"transfer"}, amount : Amounts, id : Nat]

Events == [kind : {"send", "recv"}, peer : Proc, id : Nat, amount : Amounts]

TypeOK ==
    /\ balance \in [Proc -> 0..TotalMoney]
    /\ chan \in [Edges -> Seq(Msgs)]
    /\ recorded \subseteq Proc
    /\ procSnap \in [Proc -> 0..TotalMoney]
    /\ chanSnap \in [Edges -> Seq(Msgs)]
    /\ chanDone \subseteq Edges
    /\ hist \in [Proc -> Seq(Events)]
    /\ cut \in [Proc -> Nat]

Init ==
    /\ balance = [p \in Proc |-> InitBalance]
    /\ chan = [e \in Edges |-> << >>]
    /\ recorded = {}
    /\ procSnap = [p \in Proc |-> 0]
    /\ chanSnap = [e \in Edges |-> << >>]
    /\ chanDone = {}
    /\ hist = [p \in Proc |-> << >>]
    /\ cut = [p \in Proc |-> 0]

-----------------------------------------------------------------------------
(* Helpers.                                                                *)

(* q records channel p->q: q has recorded its state, p's marker has not    *)
(* arrived yet.                                                            *)
Recording(p, q) == q \in recorded /\ << p, q >> \notin chanDone

(* How many transfers p has sent to q (the id of the last one).           *)
SentOn(p, q) ==
    Cardinality({ i \in 1..Len(hist[p]) : hist[p][i].kind = "send" /\ hist[p][i].peer = q })

(* How many transfers the run has sent.                                    *)
TransfersSent ==
    Cardinality(UNION { { << p, i >> : i \in { j \in 1..Len(hist[p]) : hist[p][j].kind = "send" } }
                        : p \in Proc })

(* p records its own state and sends a marker on each outgoing channel,    *)
(* appending it to the channels c. Part of Initiate and RcvMarker.         *)
RecordState(p, c) ==
    /\ recorded' = recorded \cup {p}
    /\ procSnap' = [procSnap EXCEPT ![p] = balance[p]]
    /\ cut' = [cut EXCEPT ![p] = Len(hist[p])]
    /\ chan' = [e \in Edges |-> IF e[1] = p THEN Append(c[e], Marker) ELSE c[e]]

-----------------------------------------------------------------------------
(* Snapshot actions.                                                       *)

(* Process p initiates the snapshot: it records its own state and sends a  *)
(* marker on every outgoing channel.                                       *)
Initiate(p) ==
    /\ p \notin recorded
    /\ RecordState(p, chan)
    /\ UNCHANGED << balance, chanSnap, chanDone, hist >>

(* Process q receives the marker on p->q: the recorded state of p->q is    *)
(* now final; if it is q's first marker, q records its own state and sends *)
(* its markers (and p->q, recorded from then to now, is empty).           *)
RcvMarker(p, q) ==
    /\ << p, q >> \in Edges
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "marker"
    /\ LET rest == [chan EXCEPT ![<< p, q >>] = Tail(@)] IN
       IF q \in recorded
         THEN /\ chan' = rest
              /\ UNCHANGED << recorded, procSnap, cut >>
         ELSE RecordState(q, rest)
    /\ chanDone' = chanDone \cup { << p, q >> }
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

(* Process q receives the transfer at the head of p->q; while q records    *)
(* p->q, the transfer is also added to the channel's recorded state.       *)
RcvTransfer(p, q) ==
    /\ << p, q >> \in Edges
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "transfer"
    /\ LET m == Head(chan[<< p, q >>]) IN
       /\ balance' = [balance EXCEPT ![q] = @ + m.amount]
       /\ chan' = [chan EXCEPT ![<< p, q >>] = Tail(@)]
       /\ chanSnap' = IF Recording(p, q)
                        THEN [chanSnap EXCEPT ![<< p, q >>] = Append(@, m)]
                        ELSE chanSnap
       /\ hist' = [hist EXCEPT ![q] =
                     Append(@, [kind |-> "recv", peer |-> p, id |-> m.id,
                                amount |-> m.amount])]
    /\ UNCHANGED << recorded, procSnap, chanDone, cut >>

-----------------------------------------------------------------------------
(* A run ends when the transfers are used up, the snapshot (if one was    *)
(* initiated) is complete and the channels are empty; TLC's deadlock check *)
(* is off in the models for that reason.                                   *)
Next ==
    \/ \E p \in Proc : Initiate(p)
    \/ \E e \in Edges : RcvMarker(e[1], e[2])
    \/ \E e \in Edges : \E a \in Amounts : SendTransfer(e[1], e[2], a)
    \/ \E e \in Edges : RcvTransfer(e[1], e[2])

Spec == Init /\ [][Next]_vars

(* Every channel delivers its messages; nobody is forced to initiate or to *)
(* send transfers. Receiving transfers must be fair too: a marker waits    *)
(* behind the transfers sent before it.                                    *)
FairSpec ==
    /\ Spec
    /\ \A e \in Edges : WF_vars(RcvMarker(e[1], e[2]))
    /\ \A e \in Edges : WF_vars(RcvTransfer(e[1], e[2]))

-----------------------------------------------------------------------------
(* Sums. TLA+ has no built-in fold; these recurse over finite sets and     *)
(* sequences of bounded length, and only invariants use them (for Apalache *)
(* they would be ApaFoldSet and ApaFoldSeqLeft).                           *)

RECURSIVE SumFun(_, _)
(* The sum of f[x] over the finite set S.                                 *)
SumFun(f, S) ==
    IF S = {} THEN 0
    ELSE LET x == CHOOSE y \in S : TRUE IN f[x] + SumFun(f, S \ {x})

RECURSIVE SumAmounts(_)
(* The sum of the amounts of the transfers in the sequence s.              *)
SumAmounts(s) ==
    IF s = << >> THEN 0 ELSE Head(s).amount + SumAmounts(Tail(s))

RECURSIVE Net(_)
(* What a sequence of events did to the balance: receives add, sends       *)
(* subtract.                                                               *)
Net(s) ==
    IF s = << >> THEN 0
    ELSE (IF Head(s).kind = "recv" THEN Head(s).amount ELSE 0 - Head(s).amount)
         + Net(Tail(s))

(* p's balance after its first k events, computed from the history.       *)
BalanceAfter(p, k) == InitBalance + Net(SubSeq(hist[p], 1, k))

(* The transfers in flight on p->q at the cut, as messages.               *)
TransitMsgs(p, q) ==
    LET t == InTransit(hist, cut, p, q)
    IN  [i \in 1..Len(t) |-> Transfer(t[i].amount, t[i].id)]

SnapshotComplete == recorded = Proc /\ chanDone = Edges

-----------------------------------------------------------------------------
(* Invariants.                                                             *)

(* The history is faithful: replaying hist[p] from the initial balance     *)
(* gives p's balance (a check on the history variable itself).             *)
HistoryFaithful ==
    \A p \in Proc : balance[p] = BalanceAfter(p, Len(hist[p]))

(* Money is never created or lost: processes plus channels hold the total. *)
MoneyConserved ==
    SumFun(balance, Proc)
      + SumFun([e \in Edges |-> SumAmounts(SelectSeq(chan[e], LAMBDA m : m.type = "transfer"))],
               Edges)
    = TotalMoney

(* The cut where the processes recorded is consistent: no transfer         *)
(* received before the receiver recorded was sent after the sender         *)
(* recorded. (Only channels whose both ends recorded have a cut yet.)      *)
CutConsistent ==
    /\ IsCut(hist, cut, recorded)
    /\ IsConsistentCut(hist, cut, { e \in Edges : e[1] \in recorded /\ e[2] \in recorded })

(* Each recorded process state is the process's state at the cut, as the   *)
(* history says.                                                           *)
ProcessStatesMatchCut ==
    \A p \in recorded : procSnap[p] = BalanceAfter(p, cut[p])

(* Each final channel state is the channel's state at the cut: the         *)
(* transfers sent before the sender recorded and received after the        *)
(* receiver recorded, in order.                                            *)
ChannelStatesMatchCut ==
    \A e \in chanDone :
        /\ e[1] \in recorded /\ e[2] \in recorded
        /\ chanSnap[e] = TransitMsgs(e[1], e[2])

(* Validity: what has been recorded is the state of a consistent cut of    *)
(* the run, hence (module ConsistentCut) a global state the system could   *)
(* have passed through.                                                    *)
Validity ==
    /\ CutConsistent
    /\ ProcessStatesMatchCut
    /\ ChannelStatesMatchCut

(* The bank's check of a complete snapshot: the recorded money is all the  *)
(* money.                                                                  *)
RecordedMoneyIsTotal ==
    SnapshotComplete =>
        SumFun(procSnap, Proc) + SumFun([e \in Edges |-> SumAmounts(chanSnap[e])], Edges)
        = TotalMoney

(* A marker is never part of a recorded channel state.                     *)
NoMarkerRecorded ==
    \A e \in Edges : \A i \in 1..Len(chanSnap[e]) : chanSnap[e][i].type = "transfer"

(* Each channel carries at most one marker in the snapshot, and none      *)
(* before its sender has recorded.                                         *)
MarkersSent(e) ==
    Cardinality({ i \in 1..Len(chan[e]) : chan[e][i].type = "marker" })
      + (IF e \in chanDone THEN 1 ELSE 0)

AtMostOneMarker ==
    \A e \in Edges :
        /\ MarkersSent(e) <= 1
        /\ e[1] \notin recorded => MarkersSent(e) = 0

-----------------------------------------------------------------------------
(* Temporal properties.                                                    *)

(* Termination: once some process has initiated, every process and every  *)
(* channel state is eventually recorded.                                   *)
Termination == (recorded # {}) ~> SnapshotComplete
=============================================================================
