------------------------ MODULE MC_ChandyLamport ----------------------------
(* Models of ChandyLamport. The processes are model values (p1, p2, ...),  *)
(* so traces name them as the Java code does; the graphs are defined here  *)
(* because a cfg cannot write a set of tuples of model values.             *)
EXTENDS ChandyLamport

CONSTANTS p1, p2, p3, p4

(* Three processes on a directed ring p1 -> p2 -> p3 -> p1.                *)
Ring3 == { << p1, p2 >>, << p2, p3 >>, << p3, p1 >> }

(* Three processes, a channel each way between every two.                  *)
Complete3 == { << p, q >> \in {p1, p2, p3} \X {p1, p2, p3} : p # q }

(* Four processes on a directed ring.                                      *)
Ring4 == { << p1, p2 >>, << p2, p3 >>, << p3, p4 >>, << p4, p1 >> }

(* Four processes, a channel each way between every two.                   *)
Complete4 == { << p, q >> \in {p1, p2, p3, p4} \X {p1, p2, p3, p4} : p # q }
=============================================================================
