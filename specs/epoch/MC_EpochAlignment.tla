------------------------- MODULE MC_EpochAlignment -------------------------
(* Models of EpochAlignment: the DAGs (a TLC cfg cannot write tuples, so   *)
(* the edges are defined here and substituted with <-), and a witness.    *)
EXTENDS EpochAlignment

(* Fan-in: two sources feed one operator, which feeds a sink.             *)
(*    s1 --\                                                               *)
(*          op --> sink                                                    *)
(*    s2 --/                                                               *)
FanInSources == {"s1", "s2"}
FanInOperators == {"op"}
FanInSinks == {"sink"}
FanInEdges == {<<"s1", "op">>, <<"s2", "op">>, <<"op", "sink">>}

(* Diamond: one source, two operators, joined at the sink, which thus      *)
(* receives every record twice and aligns two channels.                   *)
(*    src --> a --\                                                        *)
(*       \--> b --> sink                                                   *)
DiamondSources == {"src"}
DiamondOperators == {"a", "b"}
DiamondSinks == {"sink"}
DiamondEdges == {<<"src", "a">>, <<"src", "b">>, <<"a", "sink">>, <<"b", "sink">>}

(* Large diamond: two sources, a fan-in operator, a diamond behind it and  *)
(* a join operator before the sink.                                        *)
(*    s1 --\       /--> a --\                                              *)
(*          m ----<          j --> sink                                    *)
(*    s2 --/       \--> b --/                                              *)
BigSources == {"s1", "s2"}
BigOperators == {"m", "a", "b", "j"}
BigSinks == {"sink"}
BigEdges == {<<"s1", "m">>, <<"s2", "m">>, <<"m", "a">>, <<"m", "b">>,
             <<"a", "j">>, <<"b", "j">>, <<"j", "sink">>}

(* Witness: two epochs in flight at once, a task having recorded epoch     *)
(* e + 1 while epoch e is not complete yet. The model that checks         *)
(* NotTwoEpochsInFlight is expected to FAIL: its counterexample is the     *)
(* witness that the state is reachable.                                    *)
TwoEpochsInFlight ==
    \E e \in Epochs : e + 1 \in Epochs /\ e \notin completed
                      /\ \E t \in Tasks : recorded[t] >= e + 1
NotTwoEpochsInFlight == ~TwoEpochsInFlight
=============================================================================
