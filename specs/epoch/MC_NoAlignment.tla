-------------------------- MODULE MC_NoAlignment --------------------------
(* Negative model: no alignment. A task records its state on the FIRST     *)
(* barrier of an epoch, forwards it at once and never blocks a channel;    *)
(* the later barriers of an epoch it has recorded are dropped. Expected:   *)
(* Consistency is violated (the snapshot lacks the records still waiting   *)
(* ahead of the barrier on the other channels).                            *)
EXTENDS MC_EpochAlignment

(* Task t takes the barrier at the head of c; if it is the barrier of the  *)
(* next epoch e, t records e, acknowledges it and forwards the barrier     *)
(* without aligning.                                                       *)
RcvBarrierNoAlign(t, c) ==
    /\ c \in Ins(t)
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "bar"
    /\ LET e == Head(chan[c]).epoch IN
       IF e = recorded[t] + 1
       THEN /\ recorded' = [recorded EXCEPT ![t] = e]
            /\ snap' = [snap EXCEPT ![t][e] = count[t]]
            /\ acked' = [acked EXCEPT ![t] = e]
            /\ chan' = [d \in Edges |->
                          IF d = c THEN Tail(chan[d])
                          ELSE IF d[1] = t THEN Append(chan[d], Barrier(e))
                          ELSE chan[d]]
       ELSE /\ chan' = [chan EXCEPT ![c] = Tail(@)]
            /\ UNCHANGED << recorded, snap, acked >>
    /\ UNCHANGED << blocked, emitted, count, offset, started, completed,
                    failures >>

NextNoAlign ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : Process(t, c)
    \/ \E t \in Tasks, c \in Edges : RcvBarrierNoAlign(t, c)
    \/ Recover

SpecNoAlign == Init /\ [][NextNoAlign]_vars
=============================================================================
