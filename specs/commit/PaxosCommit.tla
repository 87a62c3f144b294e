----------------------------- MODULE PaxosCommit -----------------------------
(***************************************************************************)
(* Paxos Commit, after Gray and Lamport, "Consensus on Transaction Commit" *)
(* (ACM TODS 31(1), 2006). Two-phase commit blocks when its coordinator    *)
(* fails after the RMs prepared; Paxos Commit replaces the coordinator's   *)
(* single decision by one Paxos consensus instance per resource manager,   *)
(* each choosing "prepared" or "aborted", run by 2F+1 acceptors. The       *)
(* transaction commits iff every instance chose "prepared".                *)
(*                                                                         *)
(* How it runs here.                                                       *)
(*   - Ballot 0 of instance r belongs to RM r itself (the fast path): an   *)
(*     RM that prepares sends a phase 2a message "ballot 0, prepared" for  *)
(*     its own instance straight to the acceptors, one that gives up sends *)
(*     "ballot 0, aborted". Ballot 0 needs no phase 1: no lower ballot     *)
(*     exists whose value it would have to respect.                        *)
(*   - A ballot b > 0 is run by a leader (any process: an RM, or a spare   *)
(*     coordinator) that thinks the instance is stuck, e.g. because RM r   *)
(*     never voted or the previous leader seems dead. It runs phases 1a    *)
(*     and 2a of ordinary Paxos; when no acceptor of its phase-1 quorum    *)
(*     has voted it proposes "aborted" (the only value a leader may pick   *)
(*     on its own: only r itself can prepare r).                           *)
(*   - Acceptors run phases 1b and 2b. Their phase 2b messages go to every *)
(*     RM (the paper's optimisation), so an RM learns each instance's      *)
(*     outcome from a quorum of acceptors: there is no coordinator's       *)
(*     phase-2 broadcast and no single process whose loss blocks an RM.    *)
(*   - Each ballot b > 0 has its own leader process (a ballot number names *)
(*     its leader, as in the paper where ballots are partitioned among     *)
(*     processes). A leader may stop forever (LeaderStop); an acceptor may *)
(*     crash forever (AcceptorCrash), at most MaxDown of them.             *)
(*                                                                         *)
(* What is modelled: the messages of all phases, as sets that only grow    *)
(* (a message once sent may be received any number of times, late, or      *)
(* never: this models loss, duplication and reordering at once); acceptor  *)
(* state per instance; crashes of acceptors and leaders. What is not:      *)
(* the RM's local work and its durable log (an RM's state is taken as      *)
(* durable, as in TransactionCommit), and timeouts (a leader may start its *)
(* ballot at any time, which includes every timeout). Acceptor recovery is *)
(* modelled apart (SpecR, FairSpecR: AcceptorRecover): an acceptor whose   *)
(* state is durable and that recovers is, to everybody else, an acceptor   *)
(* that was slow, so Spec's safety covers it; what SpecR adds is that at   *)
(* most MaxDown acceptors are down at once, but any may crash and return   *)
(* any number of times, as the node processes' acceptors do.               *)
(*                                                                         *)
(* Vocabulary (variables)                                                  *)
(*   rmState[r]      "working" | "prepared" | "committed" | "aborted"      *)
(*   aState[r][a]    acceptor a's state in instance r: mbal, the highest   *)
(*                   ballot it has joined; bal and val, its latest vote    *)
(*                   (-1 and "none" before it votes)                       *)
(*   p1a, p1b, p2a, p2b  the phase 1a/1b/2a/2b messages sent so far        *)
(*   down            the acceptors that have crashed (forever)             *)
(*   stopped         the ballots whose leader has stopped (forever)        *)
(* Vocabulary (actions; the paper's names, with their parameters)          *)
(*   RMPrepare(rm)       rm prepares and votes "prepared" in ballot 0      *)
(*   RMChooseToAbort(rm) a working rm gives up and votes "aborted" there   *)
(*   RMRcvCommitMsg(rm)  rm learns that every instance chose "prepared":   *)
(*                       its "commit message" is the set of phase 2b       *)
(*                       messages of a quorum in each instance             *)
(*   RMRcvAbortMsg(rm)   rm learns that some instance chose "aborted"      *)
(*   Phase1a(b, rm)      the leader of ballot b starts it in instance rm   *)
(*   Phase1b(a)          acceptor a joins a ballot and reports its vote    *)
(*   Phase2a(b, rm)      the leader of b proposes a safe value in rm       *)
(*   Phase2b(a)          acceptor a votes for a proposed value             *)
(*   AcceptorCrash(a), LeaderStop(b)   the faults                          *)
(*   AcceptorRecover(a)  a crashed acceptor restarts from its log (SpecR)  *)
(*                                                                         *)
(* Shown by TLC (MC_PaxosCommit.tla and the cfgs beside it; all counts    *)
(* with -workers 1; seconds on this 2-core machine while others ran TLC)   *)
(*   2x3       2 RMs, 3 acceptors, ballots {0, 1}: Consistency,            *)
(*             ChosenUnique, TypeOK, refinement (PROPERTY AbsSpec),        *)
(*             exhaustive. Reductions, each sound for these properties:    *)
(*               none (2x3Plain)                 952,889 states, 350 s     *)
(*               SYMMETRY acceptors x RMs (12)    86,579 states,  93 s     *)
(*               + VIEW merging finished states   52,217 states,  80 s     *)
(*               + VIEW dropping inert 1b reports 38,175 states,  47 s     *)
(*             (the public Paxos Commit model of this size, which also     *)
(*             has a coordinator's phase-2 messages: 1,321,761 states).    *)
(*             A one-off run with Inv as an invariant also passed.         *)
(*   Inductive Inv is inductive: 1 RM, 3 acceptors, ballots {0, 1}; 9,764  *)
(*             states satisfy TypeOK /\ Inv, one step from each keeps it   *)
(*             (24 s). Two RMs would not enumerate in reasonable time.     *)
(*   Live1Small  non-blocking: the RM, leader of ballot 0, may never vote  *)
(*             (never return), one acceptor may crash for good; under      *)
(*             FairSpec the ballot-1 leader decides and the RM learns it:  *)
(*             Termination, refinement (3,908 states, 21 s).               *)
(*   Live1     the same with ballots {0, 1, 2}, and the first leader      *)
(*             (ballot 1) stopping for good: ballot 2 finishes the job     *)
(*             (344,040 states, 295 s, large tier).                        *)
(*   MinorityUp (negative) two of three acceptors crash: Termination       *)
(*             violated (TLC exit 13; 6,839 states with -lncheck final,    *)
(*             fewer and timing-dependent with TLC's periodic check).      *)
(*   NoQuorumIntersection (negative) single-acceptor quorums: Consistency  *)
(*             violated (exit 12) at depth 11.                             *)
(*   Live1Recover  Live1Small with acceptors that crash and recover any    *)
(*             number of times, at most one down at once (FairSpecR):      *)
(*             Termination, refinement, Consistency, ChosenUnique.         *)
(*   Live1RecoverWeak (negative) the same under weak fairness only:        *)
(*             Termination violated (acceptors take turns being down).     *)
(*   Large tier, uncounted (stopped after 2-3 minutes, queue growing):    *)
(*             3x3 (127,396 states at depth 14 after 2 min), 2x3Ballot2   *)
(*             (260,045 at depth 14 after 3 min), 3x3Ballot2, and Live2    *)
(*             (2 RMs, liveness, no symmetry; not run).                    *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    \* @type: Set(RM);
    RM,         \* the resource managers; one consensus instance each
    \* @type: Set(ACC);
    Acceptor,   \* the 2F+1 acceptors
    \* @type: Set(Set(ACC));
    Quorum,     \* the quorums; Paxos needs every two of them to intersect
    \* @type: Set(Int);
    Ballot,     \* the ballot numbers, a finite set of naturals holding 0
    \* @type: Int;
    MaxDown,    \* how many acceptors may crash (F for the positive models)
    \* @type: Bool;
    LeadersMayStop  \* whether the leader of a ballot below the top may stop

(* Safety needs only this; the negative model "NoQuorumIntersection"       *)
(* breaks it on purpose, so it is a definition, not an ASSUME.             *)
QuorumsIntersect == \A Q1, Q2 \in Quorum : Q1 \cap Q2 # {}

ASSUME /\ 0 \in Ballot
       /\ Ballot \subseteq Nat
       /\ \A Q \in Quorum : Q \subseteq Acceptor /\ Q # {}
       /\ MaxDown \in Nat

VARIABLES
    \* @type: RM -> Str;
    rmState,    \* rmState[r]: "working", "prepared", "committed", "aborted"
    \* @type: RM -> (ACC -> {mbal: Int, bal: Int, val: Str});
    aState,     \* aState[r][a]: acceptor a's state in r's instance
    \* @type: Set({bal: Int, ins: RM});
    p1a,        \* phase 1a messages: leader of bal starts it in instance ins
    \* @type: Set({acc: ACC, ins: RM, bal: Int, vbal: Int, vval: Str});
    p1b,        \* phase 1b: acc joined bal; its latest vote was vval in vbal
    \* @type: Set({ins: RM, bal: Int, val: Str});
    p2a,        \* phase 2a: proposal of val in ballot bal of instance ins
    \* @type: Set({acc: ACC, ins: RM, bal: Int, val: Str});
    p2b,        \* phase 2b: acc voted for val in ballot bal of instance ins
    \* @type: Set(ACC);
    down,       \* acceptors that have crashed; they never act again
    \* @type: Set(Int);
    stopped     \* ballots whose leader has stopped; it never acts again

vars == << rmState, aState, p1a, p1b, p2a, p2b, down, stopped >>

Value == {"prepared", "aborted"}       \* what an instance may choose
NoBallot == -1                          \* the bal of an acceptor not voted
NoValue == "none"                       \* the val of an acceptor not voted
MaxBallot == CHOOSE b \in Ballot : \A c \in Ballot : c <= b

AState == [mbal : Ballot \cup {NoBallot}, bal : Ballot \cup {NoBallot},
           val : Value \cup {NoValue}]
P1a == [bal : Ballot \ {0}, ins : RM]
P1b == [acc : Acceptor, ins : RM, bal : Ballot \ {0},
        vbal : Ballot \cup {NoBallot}, vval : Value \cup {NoValue}]
P2a == [ins : RM, bal : Ballot, val : Value]
P2b == [acc : Acceptor, ins : RM, bal : Ballot, val : Value]

TypeOK ==
    /\ rmState \in [RM -> {"working", "prepared", "committed", "aborted"}]
    /\ aState \in [RM -> [Acceptor -> AState]]
    /\ p1a \subseteq P1a
    /\ p1b \subseteq P1b
    /\ p2a \subseteq P2a
    /\ p2b \subseteq P2b
    /\ down \subseteq Acceptor
    /\ stopped \subseteq Ballot \ {0}

Init ==
    /\ rmState = [r \in RM |-> "working"]
    /\ aState = [r \in RM |-> [a \in Acceptor |->
                    [mbal |-> NoBallot, bal |-> NoBallot, val |-> NoValue]]]
    /\ p1a = {}
    /\ p1b = {}
    /\ p2a = {}
    /\ p2b = {}
    /\ down = {}
    /\ stopped = {}

(* Instance r chose v: a quorum voted for v in one ballot.                 *)
Chosen(r, v) ==
    \E b \in Ballot, Q \in Quorum :
        \A a \in Q : [acc |-> a, ins |-> r, bal |-> b, val |-> v] \in p2b

-----------------------------------------------------------------------------
(* RM actions *)

(* RM rm prepares and votes "prepared" in ballot 0 of its own instance.   *)
RMPrepare(rm) ==
    /\ rmState[rm] = "working"
    /\ rmState' = [rmState EXCEPT ![rm] = "prepared"]
    /\ p2a' = p2a \cup {[ins |-> rm, bal |-> 0, val |-> "prepared"]}
    /\ UNCHANGED << aState, p1a, p1b, p2b, down, stopped >>

(* Working RM rm gives up and votes "aborted" in ballot 0 of its instance. *)
RMChooseToAbort(rm) ==
    /\ rmState[rm] = "working"
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ p2a' = p2a \cup {[ins |-> rm, bal |-> 0, val |-> "aborted"]}
    /\ UNCHANGED << aState, p1a, p1b, p2b, down, stopped >>

(* Prepared RM rm learns from the acceptors that every instance chose      *)
(* "prepared", and commits.                                                *)
RMRcvCommitMsg(rm) ==
    /\ rmState[rm] = "prepared"
    /\ \A s \in RM : Chosen(s, "prepared")
    /\ rmState' = [rmState EXCEPT ![rm] = "committed"]
    /\ UNCHANGED << aState, p1a, p1b, p2a, p2b, down, stopped >>

(* RM rm learns from the acceptors that some instance chose "aborted", and *)
(* aborts (a working RM too: it need not vote any more).                   *)
RMRcvAbortMsg(rm) ==
    /\ rmState[rm] \in {"working", "prepared"}
    /\ \E s \in RM : Chosen(s, "aborted")
    /\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
    /\ UNCHANGED << aState, p1a, p1b, p2a, p2b, down, stopped >>

-----------------------------------------------------------------------------
(* Leader actions (ballots b > 0) *)

(* The leader of ballot b, thinking instance rm stuck, starts b in it.     *)
Phase1a(b, rm) ==
    /\ b # 0
    /\ b \notin stopped
    /\ [bal |-> b, ins |-> rm] \notin p1a
    /\ p1a' = p1a \cup {[bal |-> b, ins |-> rm]}
    /\ UNCHANGED << rmState, aState, p1b, p2a, p2b, down, stopped >>

(* The leader of ballot b, having phase 1b messages from a quorum, proposes *)
(* the value voted in the highest ballot they report, or "aborted" if none *)
(* of them has voted.                                                      *)
Phase2a(b, rm) ==
    /\ b # 0
    /\ b \notin stopped
    /\ ~ \E m \in p2a : m.ins = rm /\ m.bal = b
    /\ \E Q \in Quorum :
        LET Q1b == {m \in p1b : m.ins = rm /\ m.bal = b /\ m.acc \in Q}
            top == CHOOSE vb \in {m.vbal : m \in Q1b} :
                       \A m \in Q1b : m.vbal <= vb
        IN  /\ \A a \in Q : \E m \in Q1b : m.acc = a
            /\ p2a' = p2a \cup
                 {[ins |-> rm, bal |-> b,
                   val |-> IF top = NoBallot
                           THEN "aborted"
                           ELSE (CHOOSE m \in Q1b : m.vbal = top).vval]}
    /\ UNCHANGED << rmState, aState, p1a, p1b, p2b, down, stopped >>

(* The leader of ballot b stops and never returns; only a leader below the *)
(* top ballot may, so that the top ballot's leader stands for "eventually   *)
(* some leader stays up with a ballot nobody outbids" (Paxos's liveness    *)
(* assumption, bounded).                                                   *)
LeaderStop(b) ==
    /\ LeadersMayStop
    /\ b \notin {0, MaxBallot}
    /\ b \notin stopped
    /\ stopped' = stopped \cup {b}
    /\ UNCHANGED << rmState, aState, p1a, p1b, p2a, p2b, down >>

-----------------------------------------------------------------------------
(* Acceptor actions *)

(* Acceptor a joins a ballot it has been asked to join, higher than any it *)
(* has joined in that instance, and reports its latest vote.               *)
Phase1b(a) ==
    /\ a \notin down
    /\ \E m \in p1a :
        /\ aState[m.ins][a].mbal < m.bal
        /\ aState' = [aState EXCEPT ![m.ins][a].mbal = m.bal]
        /\ p1b' = p1b \cup {[acc |-> a, ins |-> m.ins, bal |-> m.bal,
                             vbal |-> aState[m.ins][a].bal,
                             vval |-> aState[m.ins][a].val]}
    /\ UNCHANGED << rmState, p1a, p2a, p2b, down, stopped >>

(* Acceptor a votes for a proposal whose ballot is at least as high as any *)
(* it has joined in that instance, and tells every RM.                     *)
Phase2b(a) ==
    /\ a \notin down
    /\ \E m \in p2a :
        /\ aState[m.ins][a].mbal <= m.bal
        /\ aState[m.ins][a].bal < m.bal
        /\ aState' = [aState EXCEPT ![m.ins][a] =
                        [mbal |-> m.bal, bal |-> m.bal, val |-> m.val]]
        /\ p2b' = p2b \cup {[acc |-> a, ins |-> m.ins, bal |-> m.bal,
                             val |-> m.val]}
    /\ UNCHANGED << rmState, p1a, p1b, p2a, down, stopped >>

(* Acceptor a crashes; at most MaxDown of them are down at once (under     *)
(* Spec they never return, so at most MaxDown crash at all).               *)
AcceptorCrash(a) ==
    /\ a \notin down
    /\ Cardinality(down) < MaxDown
    /\ down' = down \cup {a}
    /\ UNCHANGED << rmState, aState, p1a, p1b, p2a, p2b, stopped >>

(* Acceptor a restarts from its log (SpecR only). It forced every promise  *)
(* and vote before it answered, so its state is what it was: to the others *)
(* it was only slow.                                                       *)
AcceptorRecover(a) ==
    /\ a \in down
    /\ down' = down \ {a}
    /\ UNCHANGED << rmState, aState, p1a, p1b, p2a, p2b, stopped >>

-----------------------------------------------------------------------------
Next ==
    \/ \E r \in RM :
        \/ RMPrepare(r)
        \/ RMChooseToAbort(r)
        \/ RMRcvCommitMsg(r)
        \/ RMRcvAbortMsg(r)
    \/ \E b \in Ballot, r \in RM :
        \/ Phase1a(b, r)
        \/ Phase2a(b, r)
    \/ \E b \in Ballot : LeaderStop(b)
    \/ \E a \in Acceptor :
        \/ Phase1b(a)
        \/ Phase2b(a)
        \/ AcceptorCrash(a)

Spec == Init /\ [][Next]_vars

(* Fairness for non-blocking. RMs need none to vote: an RM may stay        *)
(* "working" forever (as if it had failed before voting), and then a      *)
(* leader must abort its instance. Every live leader keeps running its     *)
(* ballots, every live acceptor answers, every RM acts on what it learns.  *)
(* Crashed acceptors and stopped leaders are disabled for good, so weak    *)
(* fairness asks nothing of them.                                          *)
FairSpec ==
    /\ Spec
    /\ \A r \in RM : /\ WF_vars(RMRcvCommitMsg(r))
                     /\ WF_vars(RMRcvAbortMsg(r))
    /\ \A b \in Ballot, r \in RM : /\ WF_vars(Phase1a(b, r))
                                   /\ WF_vars(Phase2a(b, r))
    /\ \A a \in Acceptor : /\ WF_vars(Phase1b(a))
                           /\ WF_vars(Phase2b(a))

(* Paxos Commit with acceptors that recover: Next, and any crashed         *)
(* acceptor may come back. Liveness then needs strong fairness for the     *)
(* acceptors: one that keeps crashing and returning is enabled infinitely  *)
(* often without being enabled continuously, and must still answer when it *)
(* is up (else the acceptors could take turns being down forever).         *)
NextR ==
    \/ Next
    \/ \E a \in Acceptor : AcceptorRecover(a)

SpecR == Init /\ [][NextR]_vars

FairSpecR ==
    /\ SpecR
    /\ \A r \in RM : /\ WF_vars(RMRcvCommitMsg(r))
                     /\ WF_vars(RMRcvAbortMsg(r))
    /\ \A b \in Ballot, r \in RM : /\ WF_vars(Phase1a(b, r))
                                   /\ WF_vars(Phase2a(b, r))
    /\ \A a \in Acceptor : /\ SF_vars(Phase1b(a))
                           /\ SF_vars(Phase2b(a))

(* SpecR with FairSpec's weak fairness only: not enough (the negative      *)
(* model Live1RecoverWeak). The acceptors may take turns being down, each  *)
(* disabled now and then, so weak fairness asks nothing of any of them and *)
(* the instance is never decided.                                          *)
FairSpecRWeak ==
    /\ SpecR
    /\ \A r \in RM : /\ WF_vars(RMRcvCommitMsg(r))
                     /\ WF_vars(RMRcvAbortMsg(r))
    /\ \A b \in Ballot, r \in RM : /\ WF_vars(Phase1a(b, r))
                                   /\ WF_vars(Phase2a(b, r))
    /\ \A a \in Acceptor : /\ WF_vars(Phase1b(a))
                           /\ WF_vars(Phase2b(a))

-----------------------------------------------------------------------------
(* Properties *)

(* No RM commits while another aborts.                                     *)
Consistency ==
    \A r1, r2 \in RM : ~ /\ rmState[r1] = "aborted"
                         /\ rmState[r2] = "committed"

(* Paxos's own safety: an instance never chooses two values.               *)
ChosenUnique == \A r \in RM : ~ (Chosen(r, "prepared") /\ Chosen(r, "aborted"))

(* The inductive invariant. Besides TypeOK, it says what each message and  *)
(* each state implies about the past:                                      *)
(*   - a phase 2a message is unique per ballot and instance; in ballot 0   *)
(*     it is RM r's own vote, so r is no longer "working"; "prepared" is   *)
(*     proposed in any ballot only if r voted it in ballot 0;              *)
(*   - every vote (phase 2b, acceptor state) is for a proposed value;      *)
(*   - every phase 1b report is true: the acceptor voted vval in vbal, and *)
(*     in no ballot between vbal and bal;                                  *)
(*   - a proposal in ballot b is safe: no other value is or can still be   *)
(*     chosen in a lower ballot (the Paxos invariant, with SafeAt);         *)
(*   - a committed RM saw "prepared" chosen everywhere, an aborted one     *)
(*     voted "aborted" or saw "aborted" chosen somewhere.                  *)
VotedFor(a, r, b, v) == [acc |-> a, ins |-> r, bal |-> b, val |-> v] \in p2b

(* Acceptor a can still vote in ballot b of instance r, or has done so.    *)
CanVoteIn(a, r, b) == aState[r][a].mbal <= b

(* No value but v is or can be chosen in ballot c < b of instance r: some  *)
(* quorum has members that each either voted v in c or cannot vote in c.   *)
SafeAt(r, b, v) ==
    \A c \in Ballot : c < b =>
        \E Q \in Quorum : \A a \in Q :
            \/ VotedFor(a, r, c, v)
            \/ /\ ~ CanVoteIn(a, r, c)
               /\ \A w \in Value : ~ VotedFor(a, r, c, w)

Inv ==
    /\ TypeOK
    /\ \A m1, m2 \in p2a : m1.ins = m2.ins /\ m1.bal = m2.bal => m1 = m2
    /\ \A m \in p2a : m.bal = 0 =>
            /\ rmState[m.ins] # "working"
            /\ m.val = "aborted" => rmState[m.ins] = "aborted"
    /\ \A m \in p2a : m.val = "prepared" =>
            [ins |-> m.ins, bal |-> 0, val |-> "prepared"] \in p2a
    /\ \A r \in RM : rmState[r] \in {"prepared", "committed"} =>
            [ins |-> r, bal |-> 0, val |-> "prepared"] \in p2a
    /\ \A m \in p2b : /\ [ins |-> m.ins, bal |-> m.bal, val |-> m.val] \in p2a
                      /\ aState[m.ins][m.acc].bal >= m.bal
                      /\ aState[m.ins][m.acc].mbal >= m.bal
    /\ \A r \in RM, a \in Acceptor :
        LET s == aState[r][a] IN
        /\ s.bal <= s.mbal
        /\ (s.bal = NoBallot) <=> (s.val = NoValue)
        /\ s.bal # NoBallot => VotedFor(a, r, s.bal, s.val)
    /\ \A m \in p1b :
        /\ aState[m.ins][m.acc].mbal >= m.bal
        /\ m.vbal < m.bal
        /\ (m.vbal = NoBallot) <=> (m.vval = NoValue)
        /\ m.vbal # NoBallot => VotedFor(m.acc, m.ins, m.vbal, m.vval)
        /\ \A c \in Ballot, w \in Value :
              m.vbal < c /\ c < m.bal => ~ VotedFor(m.acc, m.ins, c, w)
    /\ \A m \in p2a : SafeAt(m.ins, m.bal, m.val)
    /\ \A r \in RM :
        /\ rmState[r] = "committed" => \A s \in RM : Chosen(s, "prepared")
        /\ rmState[r] = "aborted" =>
              \/ [ins |-> r, bal |-> 0, val |-> "aborted"] \in p2a
              \/ \E s \in RM : Chosen(s, "aborted")
    /\ Consistency

(* Non-blocking: every RM eventually commits or aborts.                    *)
Termination == <>(\A r \in RM : rmState[r] \in {"committed", "aborted"})

-----------------------------------------------------------------------------
(* Refinement: rmState, as it is, is a behaviour of TransactionCommit.     *)
Abs == INSTANCE TransactionCommit
AbsSpec == Abs!Spec
=============================================================================
