---------------------------- MODULE MC_NonFIFO ----------------------------
(* Negative model: channels are not FIFO. A task may take any message     *)
(* from an unblocked input channel, so a barrier can overtake the records *)
(* sent before it. Expected: Consistency is violated (the snapshot of e   *)
(* lacks a record emitted before barrier e).                              *)
EXTENDS MC_EpochAlignment

(* chan[c] without its i-th message. *)
Remove(c, i) == SubSeq(chan[c], 1, i - 1) \o SubSeq(chan[c], i + 1, Len(chan[c]))

(* Task t consumes the record at position i of channel c. *)
ProcessAny(t, c, i) ==
    /\ c \in Ins(t)
    /\ c \notin blocked
    /\ chan[c][i].kind = "rec"
    /\ LET m == chan[c][i] IN
       /\ count' = [count EXCEPT ![t][m.origin] = @ + 1]
       /\ chan' = [d \in Edges |->
                     IF d = c THEN Remove(c, i)
                     ELSE IF d[1] = t THEN Append(chan[d], Rec(m.origin, recorded[t] + 1))
                     ELSE chan[d]]
    /\ UNCHANGED << blocked, emitted, recorded, snap, offset, started,
                    completed, acked, failures >>

(* Task t consumes the barrier at position i of channel c and blocks c. *)
RcvBarrierAny(t, c, i) ==
    /\ c \in Ins(t)
    /\ c \notin blocked
    /\ chan[c][i].kind = "bar"
    /\ blocked' = blocked \cup {c}
    /\ chan' = [chan EXCEPT ![c] = Remove(c, i)]
    /\ UNCHANGED << emitted, count, recorded, snap, offset, started,
                    completed, acked, failures >>

NextNonFIFO ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : \E i \in 1 .. Len(chan[c]) : ProcessAny(t, c, i)
    \/ \E t \in Tasks, c \in Edges : \E i \in 1 .. Len(chan[c]) : RcvBarrierAny(t, c, i)
    \/ \E t \in Tasks : AlignedSnapshot(t)
    \/ Recover

SpecNonFIFO == Init /\ [][NextNonFIFO]_vars
=============================================================================
