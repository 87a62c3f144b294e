------------------------- MODULE MC_UnalignedNoLog -------------------------
(* Negative model of the unaligned variant: the barrier overtakes records  *)
(* but they are not logged as channel state. Expected: ConsistencyU is    *)
(* violated (the snapshot lacks the overtaken records).                   *)
EXTENDS MC_EpochUnaligned

(* As UnalignedSnapshot, but logs nothing for c. *)
UnalignedSnapshotNoLog(t, c, i) ==
    LET e == recorded[t] + 1 IN
    /\ c \in Ins(t)
    /\ i = FirstBarrier(c)
    /\ i > 0
    /\ chan[c][i].epoch = e
    /\ recorded' = [recorded EXCEPT ![t] = e]
    /\ snap' = [snap EXCEPT ![t][e] = count[t]]
    /\ acked' = [acked EXCEPT ![t] = e]
    /\ logging' = logging \cup {<<d, e>> : d \in Ins(t) \ {c}}
    /\ chan' = [d \in Edges |->
                  IF d = c THEN Drop(c, i)
                  ELSE IF d[1] = t THEN Append(chan[d], Barrier(e))
                  ELSE chan[d]]
    /\ UNCHANGED << blocked, emitted, count, offset, started, completed,
                    failures, logged >>

NextNoLog ==
    \/ \E e \in Epochs : StartEpoch(e) /\ UNCHANGED << logging, logged >>
    \/ \E e \in Epochs : CompleteEpochU(e)
    \/ \E s \in Sources : SourceEmit(s) /\ UNCHANGED << logging, logged >>
    \/ \E s \in Sources : InjectBarrier(s) /\ UNCHANGED << logging, logged >>
    \/ \E t \in Tasks, c \in Edges : ProcessU(t, c)
    \/ \E t \in Tasks, c \in Edges : \E i \in 1 .. Len(chan[c]) : UnalignedSnapshotNoLog(t, c, i)
    \/ \E t \in Tasks, c \in Edges : \E i \in 1 .. Len(chan[c]) : RcvLateBarrier(t, c, i)

SpecNoLog == InitU /\ [][NextNoLog]_uvars
=============================================================================
