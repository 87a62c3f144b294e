--------------------- MODULE MC_ChandyLamportBugs ---------------------------
(* Negative models: ChandyLamport with one deliberate bug each, added to   *)
(* Next as one more action. A model that uses a bug is expected to fail,   *)
(* for the reason its entry in models.part.json names.                     *)
EXTENDS MC_ChandyLamport

(* Bug: channels that are not FIFO. The network lets the message at        *)
(* position i + 1 of p->q overtake the one at position i, so a transfer    *)
(* sent after p recorded can reach q before p's marker.                    *)
(* Expected: CutConsistent is violated (q records a receive whose send     *)
(* lies after p's cut).                                                    *)
Overtake(p, q, i) ==
    /\ << p, q >> \in Edges
    /\ i \in 1..(Len(chan[<< p, q >>]) - 1)
    /\ LET c == chan[<< p, q >>] IN
       chan' = [chan EXCEPT ![<< p, q >>] = [c EXCEPT ![i] = c[i + 1], ![i + 1] = c[i]]]
    /\ UNCHANGED << balance, recorded, procSnap, chanSnap, chanDone, hist, cut >>

NextNonFifo ==
    \/ Next
    \/ \E e \in Edges : \E i \in 1..MaxTransfers : Overtake(e[1], e[2], i)

SpecNonFifo == Init /\ [][NextNonFifo]_vars

(* Bug: a process that does not record in-flight messages: q receives a    *)
(* transfer on p->q while recording that channel and leaves it out of the *)
(* channel's recorded state.                                               *)
(* Expected: ChannelStatesMatchCut is violated (the transfer was in        *)
(* transit at the cut).                                                    *)
RcvTransferUnrecorded(p, q) ==
    /\ << p, q >> \in Edges
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "transfer"
    /\ LET m == Head(chan[<< p, q >>]) IN
       /\ balance' = [balance EXCEPT ![q] = @ + m.amount]
       /\ chan' = [chan EXCEPT ![<< p, q >>] = Tail(@)]
       /\ hist' = [hist EXCEPT ![q] =
                     Append(@, [kind |-> "recv", peer |-> p, id |-> m.id,
                                amount |-> m.amount])]
    /\ UNCHANGED << recorded, procSnap, chanSnap, chanDone, cut >>

NextNoInFlight ==
    \/ Next
    \/ \E e \in Edges : RcvTransferUnrecorded(e[1], e[2])

SpecNoInFlight == Init /\ [][NextNoInFlight]_vars

(* Bug: a process that sends an application message before its markers:   *)
(* p initiates, records its state, and then sends a transfer to q ahead of *)
(* the markers on its outgoing channels.                                   *)
(* Expected: CutConsistent is violated (q receives the transfer before the *)
(* marker, so before its own cut, though p sent it after p's cut).         *)
InitiateTransferFirst(p, q, amount) ==
    /\ p \notin recorded
    /\ << p, q >> \in Edges
    /\ amount \in 1..balance[p]
    /\ TransfersSent < MaxTransfers
    /\ RecordState(p, [chan EXCEPT ![<< p, q >>] =
                         Append(@, Transfer(amount, SentOn(p, q) + 1))])
    /\ balance' = [balance EXCEPT ![p] = @ - amount]
    /\ hist' = [hist EXCEPT ![p] =
                  Append(@, [kind |-> "send", peer |-> q, id |-> SentOn(p, q) + 1,
                             amount |-> amount])]
    /\ UNCHANGED << chanSnap, chanDone >>

NextTransferFirst ==
    \/ Next
    \/ \E e \in Edges : \E a \in Amounts : InitiateTransferFirst(e[1], e[2], a)

SpecTransferFirst == Init /\ [][NextTransferFirst]_vars

(* Bug: a process that records the marker as part of the channel state:    *)
(* q, recording p->q, appends p's marker to the recorded state of p->q.    *)
(* Expected: NoMarkerRecorded is violated.                                 *)
RcvMarkerRecorded(p, q) ==
    /\ Recording(p, q)
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "marker"
    /\ chan' = [chan EXCEPT ![<< p, q >>] = Tail(@)]
    /\ chanSnap' = [chanSnap EXCEPT ![<< p, q >>] = Append(@, Marker)]
    /\ chanDone' = chanDone \cup { << p, q >> }
    /\ UNCHANGED << balance, recorded, procSnap, hist, cut >>

NextMarkerRecorded ==
    \/ Next
    \/ \E e \in Edges : RcvMarkerRecorded(e[1], e[2])

SpecMarkerRecorded == Init /\ [][NextMarkerRecorded]_vars

(* Bug: a process that sends its markers again on every marker it          *)
(* receives, not only on the first.                                        *)
(* Expected: AtMostOneMarker is violated (a second marker on a channel).  *)
RcvMarkerResend(p, q) ==
    /\ << p, q >> \in Edges
    /\ q \in recorded
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "marker"
    /\ chan' = [e \in Edges |->
                  IF e = << p, q >> THEN Tail(chan[e])
                  ELSE IF e[1] = q THEN Append(chan[e], Marker)
                  ELSE chan[e]]
    /\ chanDone' = chanDone \cup { << p, q >> }
    /\ UNCHANGED << balance, recorded, procSnap, chanSnap, hist, cut >>

NextMarkerResend ==
    \/ Next
    \/ \E e \in Edges : RcvMarkerResend(e[1], e[2])

SpecMarkerResend == Init /\ [][NextMarkerResend]_vars
=============================================================================
