------------------------------ MODULE MC_Flink ------------------------------
(* The dataflow of the Flink job that flink/ holds to EpochAlignment: two  *)
(* source subtasks, each with a channel to each of two keyed counters      *)
(* (keyBy), which both feed one sum (chained with its sink). A model for  *)
(* validating recorded runs through TLC's next-state relation, one step   *)
(* at a time, never for enumeration: its bounds are those of a run of     *)
(* about 20 checkpoints (one abstract record per source and epoch, see    *)
(* flink/.../package-info.java), far beyond what TLC could count.         *)
(*    s0 --\ /--> c0 --\                                                   *)
(*          X           sum                                                *)
(*    s1 --/ \--> c1 --/                                                   *)
EXTENDS EpochAlignment

FlinkSources == {"s0", "s1"}
FlinkOperators == {"c0", "c1"}
FlinkSinks == {"sum"}
FlinkEdges == {<<"s0", "c0">>, <<"s0", "c1">>, <<"s1", "c0">>, <<"s1", "c1">>,
               <<"c0", "sum">>, <<"c1", "sum">>}
=============================================================================
