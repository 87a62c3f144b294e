--------------------------- MODULE MC_EpochCyclic ---------------------------
(* Models of EpochCyclic: the loop (a TLC cfg cannot write tuples, so the  *)
(* edges are defined here and substituted with <-), and two bugs.         *)
EXTENDS EpochCyclic

(* A loop, as an iteration: records enter at the head, go round through   *)
(* the body and back, and leave from the body to the sink.                *)
(*    src --> head --> body --> sink                                       *)
(*             ^        |                                                  *)
(*             \--------/   (the back-edge)                                *)
LoopSources == {"src"}
LoopOperators == {"head", "body"}
LoopSinks == {"sink"}
LoopEdges == {<<"src", "head">>, <<"head", "body">>, <<"body", "head">>, <<"body", "sink">>}
LoopBackEdges == {<<"body", "head">>}

(* The same loop with a second source feeding the body directly: the body *)
(* aligns the barriers of the head and of the side source.                *)
SideSources == {"src", "side"}
SideEdges == LoopEdges \cup {<<"side", "body">>}

(* Bug: the back-edge is aligned like any input. The head then waits for  *)
(* barrier e on its back-edge, which only comes after it forwarded e.     *)
(* Expected: Termination is violated (the first epoch never completes).   *)
RcvBarrierAll(t, c) ==
    /\ c \in Ins(t)
    /\ c \notin blocked
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "bar"
    /\ blocked' = blocked \cup {c}
    /\ chan' = [chan EXCEPT ![c] = Tail(@)]
    /\ UNCHANGED << emitted, count, recorded, snap, offset, started,
                    completed, logging, logged >>

AlignedSnapshotAll(t) ==
    /\ Ins(t) \subseteq blocked
    /\ AlignedSnapshot(t)

NextAlignAll ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : Process(t, c)
    \/ \E t \in Tasks, c \in Edges : RcvBarrierAll(t, c)
    \/ \E t \in Tasks : AlignedSnapshotAll(t)

FairSpecAlignAll ==
    /\ Init /\ [][NextAlignAll]_vars
    /\ \A e \in Epochs : WF_vars(StartEpoch(e)) /\ WF_vars(CompleteEpoch(e))
    /\ \A s \in Sources : WF_vars(SourceEmit(s)) /\ WF_vars(InjectBarrier(s))
    /\ \A t \in Tasks : WF_vars(AlignedSnapshotAll(t))
    /\ \A t \in Tasks, c \in Edges : WF_vars(Process(t, c)) /\ WF_vars(RcvBarrierAll(t, c))

(* Bug: the back-edge is not logged. The records sent round the loop      *)
(* before the barrier, which reach the head after its snapshot, are in no *)
(* snapshot. Expected: Consistency is violated.                           *)
AlignedSnapshotNoLog(t) ==
    LET e == recorded[t] + 1 IN
    /\ RegularIns(t) \subseteq blocked
    /\ recorded' = [recorded EXCEPT ![t] = e]
    /\ snap' = [snap EXCEPT ![t][e] = count[t]]
    /\ chan' = SendOn(Outs(t), Barrier(e))
    /\ blocked' = blocked \ Ins(t)
    /\ UNCHANGED << emitted, count, offset, started, completed, logging, logged >>

NextNoLog ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : Process(t, c)
    \/ \E t \in Tasks, c \in Edges : RcvBarrier(t, c)
    \/ \E t \in Tasks : AlignedSnapshotNoLog(t)
    \/ \E t \in Tasks, c \in Edges : RcvBackBarrier(t, c)

SpecNoLog == Init /\ [][NextNoLog]_vars
=============================================================================
