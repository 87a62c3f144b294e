-------------------------- MODULE MC_ForwardFirst --------------------------
(* Negative model: the barrier is forwarded before the state is recorded.  *)
(* Once aligned, a task forwards barrier e and unblocks its inputs, and    *)
(* records its snapshot of e only in a later step, so it may first         *)
(* consume records that follow the barrier. Expected: Consistency is       *)
(* violated (the snapshot contains records of epoch e + 1).                *)
EXTENDS MC_EpochAlignment

VARIABLE
    \* @type: Str -> Int;
    forwarded       \* forwarded[t]: last epoch whose barrier t forwarded

(* Aligned on epoch e, task t forwards barrier e and unblocks its inputs,  *)
(* without recording its state.                                            *)
ForwardBarrier(t) ==
    LET e == recorded[t] + 1 IN
    /\ forwarded[t] < e
    /\ Ins(t) \subseteq blocked
    /\ forwarded' = [forwarded EXCEPT ![t] = e]
    /\ chan' = Broadcast(t, Barrier(e))
    /\ blocked' = blocked \ Ins(t)
    /\ UNCHANGED << emitted, count, recorded, snap, offset, started,
                    completed, acked, failures >>

(* Task t, having forwarded barrier e, records its state for e and         *)
(* acknowledges it.                                                        *)
RecordLate(t) ==
    LET e == recorded[t] + 1 IN
    /\ forwarded[t] = e
    /\ recorded' = [recorded EXCEPT ![t] = e]
    /\ snap' = [snap EXCEPT ![t][e] = count[t]]
    /\ acked' = [acked EXCEPT ![t] = e]
    /\ UNCHANGED << chan, blocked, emitted, count, offset, started, completed,
                    failures, forwarded >>

InitForwardFirst == Init /\ forwarded = [t \in Tasks |-> 0]

NextForwardFirst ==
    \/ \E e \in Epochs : StartEpoch(e) /\ UNCHANGED forwarded
    \/ \E e \in Epochs : CompleteEpoch(e) /\ UNCHANGED forwarded
    \/ \E s \in Sources : SourceEmit(s) /\ UNCHANGED forwarded
    \/ \E s \in Sources : InjectBarrier(s) /\ UNCHANGED forwarded
    \/ \E t \in Tasks, c \in Edges : Process(t, c) /\ UNCHANGED forwarded
    \/ \E t \in Tasks, c \in Edges : RcvBarrier(t, c) /\ UNCHANGED forwarded
    \/ \E t \in Tasks : ForwardBarrier(t)
    \/ \E t \in Tasks : RecordLate(t)

SpecForwardFirst ==
    InitForwardFirst /\ [][NextForwardFirst]_<< vars, forwarded >>
=============================================================================
