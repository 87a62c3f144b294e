---------------------------- MODULE MC_PaxosCommit ----------------------------
(* Models of PaxosCommit. RMs and acceptors are model values (r1, r2, a1,  *)
(* a2, a3), so traces name them as the Java code will.                     *)
EXTENDS PaxosCommit, TLC

(* Quorums: the majorities of the acceptors (every two intersect).         *)
Majorities == {Q \in SUBSET Acceptor : 2 * Cardinality(Q) > Cardinality(Acceptor)}

(* The negative model's quorums: single acceptors, which need not          *)
(* intersect, so two ballots can choose different values.                  *)
Singletons == {{a} : a \in Acceptor}

(* Symmetry: acceptors are interchangeable, and so are RMs (each RM owns   *)
(* its instance; nothing in the spec names one). The group is every pair   *)
(* of a permutation of acceptors and one of RMs (3! * 2! = 12 for the CI   *)
(* model). Safety-only models use it: TLC's symmetry is unsound for        *)
(* liveness.                                                               *)
Symmetry == {p @@ q : p \in Permutations(Acceptor), q \in Permutations(RM)}

(* A view for the CI model: it drops what no future step and no checked   *)
(* property can read, so states that differ only there are one state.      *)
(*   - Once every RM has committed or aborted, no action changes rmState   *)
(*     again, and the CI model checks properties of rmState only           *)
(*     (Consistency, refinement) besides TypeOK and ChosenUnique, which    *)
(*     Inv implies: the rest of such a state is late acceptor traffic.      *)
(*   - A phase 1b message for ballot b of instance r is read only by       *)
(*     Phase2a(b, r), which is disabled for good once ballot b of r has a  *)
(*     proposal; such late reports are inert.                              *)
Finished == \A r \in RM : rmState[r] \in {"committed", "aborted"}
LiveP1b == {m \in p1b : ~ \E p \in p2a : p.ins = m.ins /\ p.bal = m.bal}
DoneView ==
    IF Finished THEN << rmState >>
    ELSE << rmState, aState, p1a, LiveP1b, p2a, p2b, down, stopped >>

(* The inductive-invariant model. TLC starts from every state satisfying   *)
(* IInit and takes one step (CONSTRAINT OneStep); Inv must hold after it.  *)
(* TypeOK's sets of message sets are far too big to enumerate, so IInit    *)
(* enumerates a smaller set, IBounded, that still holds every state in    *)
(* which TypeOK /\ Inv holds (each restriction below follows from Inv):    *)
(*   - proposals (p2a) are unique per instance and ballot;                 *)
(*   - votes (p2b) are for proposals in p2a;                               *)
(*   - a phase 1b report for ballot b is the acceptor's highest vote below *)
(*     b (Inv: the reported vote was cast, and none between it and b);     *)
(*   - an acceptor's bal/val is its highest vote in p2b (Inv: its vote is  *)
(*     in p2b, and no vote in p2b is above it), so only mbal is free, and  *)
(*     mbal is at least bal and every ballot it reported in phase 1b.      *)
(* Faults are off (down = stopped = {}): they only disable actions.       *)
HighestVote(a, r, below) ==
    LET mine == {m \in p2b : m.acc = a /\ m.ins = r /\ m.bal < below}
        top  == IF mine = {} THEN NoBallot
                ELSE CHOOSE b \in {m.bal : m \in mine} :
                         \A m \in mine : m.bal <= b
    IN  [bal |-> top,
         val |-> IF top = NoBallot THEN NoValue
                 ELSE (CHOOSE m \in mine : m.bal = top).val]

IBounded ==
    /\ down = {}
    /\ stopped = {}
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ p1a \in SUBSET P1a
    /\ p2a \in {S \in SUBSET P2a :
                  \A m1, m2 \in S : m1.ins = m2.ins /\ m1.bal = m2.bal => m1 = m2}
    /\ p2b \in SUBSET {m \in P2b :
                        [ins |-> m.ins, bal |-> m.bal, val |-> m.val] \in p2a}
    /\ p1b \in SUBSET {[acc |-> a, ins |-> r, bal |-> b,
                        vbal |-> HighestVote(a, r, b).bal,
                        vval |-> HighestVote(a, r, b).val] :
                        a \in Acceptor, r \in RM, b \in Ballot \ {0}}
    /\ \E mb \in [RM -> [Acceptor -> Ballot \cup {NoBallot}]] :
        /\ \A r \in RM, a \in Acceptor :
              /\ mb[r][a] >= HighestVote(a, r, MaxBallot + 1).bal
              /\ \A m \in p1b : m.acc = a /\ m.ins = r => mb[r][a] >= m.bal
        /\ aState = [r \in RM |-> [a \in Acceptor |->
                        [mbal |-> mb[r][a]] @@ HighestVote(a, r, MaxBallot + 1)]]

IInit == IBounded /\ Inv
OneStep == TLCGet("level") < 2
=============================================================================
