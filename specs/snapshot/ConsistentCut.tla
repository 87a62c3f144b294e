--------------------------- MODULE ConsistentCut ---------------------------
(***************************************************************************)
(* Consistent cuts of a message-passing run, defined once, so that every   *)
(* snapshot spec (ChandyLamport here, the epoch spec elsewhere) states its *)
(* correctness against the same definition.                                *)
(*                                                                         *)
(* A run is given by its history: hist[p] is the sequence of application   *)
(* events of process p, in the order p performed them. An event is a       *)
(* record                                                                  *)
(*   [kind |-> "send", peer |-> q, id |-> n, amount |-> v]  p sent to q    *)
(*   [kind |-> "recv", peer |-> q, id |-> n, amount |-> v]  p got from q   *)
(* where id numbers the messages of one channel (1, 2, ... in the order    *)
(* the sender sent them), so that a receive names the send it matches     *)
(* even when a channel reorders, and amount is the message's payload.      *)
(* Control messages of a snapshot algorithm (markers) are not events.      *)
(*                                                                         *)
(* A cut picks a prefix of every local history: cut[p] is the number of    *)
(* p's events inside the cut. The cut is CONSISTENT when no message        *)
(* received inside the cut was sent outside it. Its channel state p->q is  *)
(* the messages that p sent inside the cut and q did not receive inside    *)
(* it (in send order): those in transit when each process is at its cut.   *)
(*                                                                         *)
(* Why this is the right notion: the events of a consistent cut are closed *)
(* under happened-before (every receive's send is in it, and each local    *)
(* history is cut at a prefix), so they can be executed first, in an order *)
(* that respects happened-before, and the rest after. That reordered run   *)
(* is a run of the same system, equivalent for every process, and it       *)
(* passes through the cut's global state: each process in its state after *)
(* its cut[p] events, each channel holding the cut's channel state. So a   *)
(* recorded state that equals the state of a consistent cut is a state the *)
(* system could have passed through.                                       *)
(*                                                                         *)
(* Operators take hist and cut as arguments, so a spec EXTENDS this module  *)
(* and applies them to its own history variable.                           *)
(***************************************************************************)
EXTENDS Naturals, Sequences

(* Type aliases for Apalache: an event of a local history.                 *)
(* @typeAlias: event = { kind: Str, peer: Str, id: Int, amount: Int };     *)
ConsistentCut_aliases == TRUE

(* The indices of p's events inside the cut that are sends to q.           *)
\* @type: (Str -> Seq($event), Str -> Int, Str, Str) => Set(Int);
SendIdxInCut(hist, cut, p, q) ==
    { i \in 1..cut[p] : hist[p][i].kind = "send" /\ hist[p][i].peer = q }

(* The ids of the messages p sent to q inside the cut.                     *)
\* @type: (Str -> Seq($event), Str -> Int, Str, Str) => Set(Int);
SentInCut(hist, cut, p, q) ==
    { hist[p][i].id : i \in SendIdxInCut(hist, cut, p, q) }

(* The ids of the messages from p that q received inside the cut.          *)
\* @type: (Str -> Seq($event), Str -> Int, Str, Str) => Set(Int);
RcvdInCut(hist, cut, p, q) ==
    { hist[q][i].id :
        i \in { j \in 1..cut[q] : hist[q][j].kind = "recv" /\ hist[q][j].peer = p } }

(* cut picks a prefix of each local history of the processes in P.         *)
\* @type: (Str -> Seq($event), Str -> Int, Set(Str)) => Bool;
IsCut(hist, cut, P) ==
    \A p \in P : cut[p] \in 0..Len(hist[p])

(* No message received inside the cut on a channel of Chans was sent       *)
(* outside it.                                                             *)
\* @type: (Str -> Seq($event), Str -> Int, Set(<<Str, Str>>)) => Bool;
IsConsistentCut(hist, cut, Chans) ==
    \A e \in Chans :
        RcvdInCut(hist, cut, e[1], e[2]) \subseteq SentInCut(hist, cut, e[1], e[2])

(* The channel state of p->q at the cut: p's send events to q inside the   *)
(* cut whose message q did not receive inside the cut, in send order.      *)
\* @type: (Str -> Seq($event), Str -> Int, Str, Str) => Seq($event);
InTransit(hist, cut, p, q) ==
    LET rcvd == RcvdInCut(hist, cut, p, q)
        \* @type: $event => Bool;
        Pending(ev) == ev.kind = "send" /\ ev.peer = q /\ ev.id \notin rcvd
    IN  SelectSeq(SubSeq(hist[p], 1, cut[p]), Pending)
=============================================================================
