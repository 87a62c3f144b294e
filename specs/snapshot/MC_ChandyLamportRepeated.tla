-------------------- MODULE MC_ChandyLamportRepeated ------------------------
(* Models of ChandyLamportRepeated: processes are model values; graphs as  *)
(* in MC_ChandyLamport.                                                    *)
EXTENDS ChandyLamportRepeated

CONSTANTS p1, p2, p3

(* Three processes on a directed ring p1 -> p2 -> p3 -> p1.                *)
Ring3 == { << p1, p2 >>, << p2, p3 >>, << p3, p1 >> }

(* Negative model. Bug: with overlapping snapshots, q adds a received      *)
(* transfer to the recorded state of p->q only for the latest snapshot it  *)
(* recorded, not for every snapshot still recording p->q.                  *)
(* Expected: Validity is violated (an older snapshot misses a transfer     *)
(* that was in transit at its cut).                                        *)
RcvTransferLatestOnly(p, q) ==
    /\ << p, q >> \in Edges
    /\ chan[<< p, q >>] # << >>
    /\ Head(chan[<< p, q >>]).type = "transfer"
    /\ LET m == Head(chan[<< p, q >>]) IN
       /\ balance' = [balance EXCEPT ![q] = @ + m.amount]
       /\ chan' = [chan EXCEPT ![<< p, q >>] = Tail(@)]
       /\ chanSnap' = [s \in Snaps |->
                         IF s = recorded[q] /\ Recording(s, p, q)
                           THEN [chanSnap[s] EXCEPT ![<< p, q >>] = Append(@, m)]
                           ELSE chanSnap[s]]
       /\ hist' = [hist EXCEPT ![q] =
                     Append(@, [kind |-> "recv", peer |-> p, id |-> m.id,
                                amount |-> m.amount])]
    /\ UNCHANGED << recorded, procSnap, chanDone, cut >>

NextLatestOnly ==
    \/ Next
    \/ \E e \in Edges : RcvTransferLatestOnly(e[1], e[2])

SpecLatestOnly == Init /\ [][NextLatestOnly]_vars
=============================================================================
