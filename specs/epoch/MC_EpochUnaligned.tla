------------------------- MODULE MC_EpochUnaligned -------------------------
(* Models of the unaligned variant, on the DAGs of MC_EpochAlignment.      *)
EXTENDS MC_EpochAlignment, EpochUnaligned
=============================================================================
