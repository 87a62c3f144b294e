--------------------------- MODULE EpochAlignment ---------------------------
(***************************************************************************)
(* Epoch-based snapshots of a streaming dataflow by barrier alignment, the *)
(* asynchronous barrier snapshots of Carbone et al. (2015) that Apache     *)
(* Flink uses for its checkpoints.                                         *)
(*                                                                         *)
(* A continuous computation is cut into epochs, and each epoch is treated  *)
(* like one transaction: its snapshot is either complete everywhere or not *)
(* used. A coordinator starts epoch e; every source then injects a barrier *)
(* carrying e into its output stream, between the records it emitted       *)
(* before e and those it emits after. Records flow through the operators   *)
(* until a barrier reaches them. An operator with several input channels   *)
(* aligns: once barrier e arrived on an input channel, that channel is     *)
(* blocked (its later records wait in the channel) while the operator      *)
(* keeps consuming the channels that have not delivered e yet. When e has  *)
(* arrived on every input, the operator records its state as its snapshot  *)
(* for e, forwards barrier e on every output channel and unblocks its      *)
(* inputs. Epoch e is complete when every operator and sink has recorded e *)
(* and the coordinator has learnt so from their acknowledgements. Unlike   *)
(* Chandy and Lamport's snapshot, no in-flight record is part of the       *)
(* snapshot: on a DAG the recorded states and the sources' barrier         *)
(* positions suffice to restart (NoInFlightRecords, ExactlyOnce below).    *)
(*                                                                         *)
(* The dataflow. A DAG given by constants: Sources, Operators, Sinks and   *)
(* Edges, where every edge <<p, q>> is a FIFO channel from p to q. Tasks   *)
(* are operators and sinks: they consume records; a sink is an operator    *)
(* without outputs. A node sends every record and barrier on all of its    *)
(* output channels (broadcast, no partitioning). Source s emits the        *)
(* records 1 .. MaxRecords, each tagged with its origin s. A task's        *)
(* state counts, per origin, the records it has consumed; so a record of   *)
(* s that reaches task t along k different paths adds k to count[t][s].    *)
(* Consistency compares each snapshot with Reference(e): the state each    *)
(* task has if exactly the records each source emitted before barrier e    *)
(* have been processed, namely PathCount[s][t] * offset[s][e].             *)
(*                                                                         *)
(* Recovery. A failure loses all in-flight records and task states. The    *)
(* dataflow restarts from the last completed epoch l: every task restores  *)
(* its snapshot of l, every source rewinds to its barrier position for l   *)
(* (offset[s][l]) and replays the records it emitted after it; epochs      *)
(* after l are aborted and started again (their numbers are reused, so     *)
(* the bounds stay small). Exactly-once: the effect of each emitted        *)
(* record is counted once (ExactlyOnce). Failures are bounded by           *)
(* MaxFailures; with 0 the Recover action is disabled.                     *)
(*                                                                         *)
(* Acknowledgements. A task acknowledges epoch e to the coordinator in the *)
(* step that records e: its snapshot is stored durably and acknowledged    *)
(* before the task does anything else, as the Java tasks do (they store    *)
(* and acknowledge within the step). The coordinator's knowledge, acked,   *)
(* is therefore always recorded on the tasks (AckedIsRecorded), and a      *)
(* failure leaves no acknowledgement of an aborted epoch behind: Recover   *)
(* resets acked to the restored epoch. It is a variable, though it adds no *)
(* state, so that the coordinator's own bookkeeping is part of the state   *)
(* conformance compares: a coordinator that keeps, or forgets,             *)
(* acknowledgements across a recovery differs from the spec at the Recover *)
(* step, even where no later step shows it. CompleteEpoch reads acked, as  *)
(* the coordinator does.                                                   *)
(*                                                                         *)
(* Not modelled: record values and operator logic beyond counting (a count *)
(* per origin detects every lost or duplicated record, which is all that   *)
(* consistency is about); partitioned outputs, keyed state; the snapshot   *)
(* storage (recording is atomic and durable); acknowledgements in flight   *)
(* (a delayed one only delays completion; one sent before a failure must   *)
(* not count after it, which reused epoch numbers would allow: a real      *)
(* coordinator tags acknowledgements with the attempt); failures of single *)
(* tasks (a failure restarts the whole dataflow, as in Flink's default     *)
(* restart strategy); cycles, which are EpochCyclic.tla. The unaligned     *)
(* variant, where barriers overtake records and the snapshot logs them, is *)
(* EpochUnaligned.tla.                                                     *)
(*                                                                         *)
(* Bounds, all constants: MaxRecords records per source, MaxEpoch epochs,  *)
(* MaxFailures recoveries. They make the state space finite; no state      *)
(* constraint is needed.                                                   *)
(*                                                                         *)
(* Vocabulary (the Java code in impl/.../ddm/epoch uses the same names)    *)
(*   chan[c]        FIFO queue of messages on channel c = <<p, q>>:        *)
(*                  records [kind |-> "rec", origin |-> s, epoch |-> e]    *)
(*                  and barriers [kind |-> "bar", origin |-> NoOrigin,     *)
(*                  epoch |-> e]. A record's epoch is the epoch its sender *)
(*                  was in when it sent it (recorded[p] + 1): a ghost tag, *)
(*                  used only by NoInFlightRecords, never by the protocol. *)
(*   blocked        input channels on which the barrier of the epoch the   *)
(*                  receiver is aligning has arrived                       *)
(*   emitted[s]     number of records source s has emitted (its position)  *)
(*   count[t][s]    task t's state: records of origin s it has consumed    *)
(*   recorded[n]    last epoch node n has recorded (source: injected)      *)
(*   snap[t][e]     task t's snapshot of epoch e (meaningful for           *)
(*                  e <= recorded[t])                                      *)
(*   offset[s][e]   source s's position when it injected barrier e         *)
(*   started        last epoch the coordinator has started                 *)
(*   completed      epochs the coordinator knows to be complete            *)
(*   acked[t]       last epoch task t acknowledged to the coordinator      *)
(*   failures       number of recoveries so far                            *)
(*   StartEpoch(e)         coordinator starts epoch e                      *)
(*   SourceEmit(s)         source s emits its next record                  *)
(*   InjectBarrier(s)      source s records its position, sends barrier    *)
(*   Process(t, c)         task t consumes a record from channel c         *)
(*   RcvBarrier(t, c)      task t consumes a barrier from c, blocks c      *)
(*   AlignedSnapshot(t)    barrier on every input: t records its state,    *)
(*                         acknowledges it, forwards the barrier, unblocks *)
(*                         its inputs                                      *)
(*   CompleteEpoch(e)      coordinator learns that epoch e is complete     *)
(*   Recover               failure; restart from the last completed epoch  *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* @type: Set(Str);
    Sources,        \* the source nodes: no inputs
    \* @type: Set(Str);
    Operators,      \* the operators: inputs and outputs
    \* @type: Set(Str);
    Sinks,          \* the sinks: inputs, no outputs
    \* @type: Set(<<Str, Str>>);
    Edges,          \* the channels <<from, to>>; the graph is a DAG
    \* @type: Int;
    MaxRecords,     \* records each source emits in total
    \* @type: Int;
    MaxEpoch,       \* the coordinator starts epochs 1 .. MaxEpoch
    \* @type: Int;
    MaxFailures     \* recoveries allowed in one behaviour

Nodes == Sources \cup Operators \cup Sinks
Tasks == Operators \cup Sinks
Epochs == 1 .. MaxEpoch
NoOrigin == "-"     \* the origin field of a barrier, which has none

Ins(n) == {c \in Edges : c[2] = n}     \* input channels of n
Outs(n) == {c \in Edges : c[1] = n}    \* output channels of n
Succ(n) == {c[2] : c \in Outs(n)}

ASSUME
    /\ Sources \cap Operators = {} /\ Sources \cap Sinks = {} /\ Operators \cap Sinks = {}
    /\ NoOrigin \notin Nodes
    /\ Edges \subseteq (Sources \cup Operators) \X Tasks
    /\ \A t \in Tasks : Ins(t) # {}
    /\ \A o \in Operators : Outs(o) # {}
    /\ MaxRecords \in Nat /\ MaxEpoch \in Nat /\ MaxFailures \in Nat

(* Sum of f[x] over the finite set S.                                      *)
RECURSIVE SumOver(_, _)
SumOver(f, S) ==
    IF S = {} THEN 0
    ELSE LET x == CHOOSE y \in S : TRUE IN f[x] + SumOver(f, S \ {x})

(* Number of paths from a to b (1 if a = b). The recursion ends because    *)
(* the graph is acyclic (a cycle would make TLC recurse without end).      *)
RECURSIVE Paths(_, _)
Paths(a, b) ==
    IF a = b THEN 1 ELSE SumOver([c \in Succ(a) |-> Paths(c, b)], Succ(a))

(* A constant: TLC computes it once, before the search.                    *)
PathCount == [a \in Nodes |-> [b \in Nodes |-> Paths(a, b)]]

Rec(s, e) == [kind |-> "rec", origin |-> s, epoch |-> e]
Barrier(e) == [kind |-> "bar", origin |-> NoOrigin, epoch |-> e]
Msgs ==
    [kind : {"rec"}, origin : Sources, epoch : 1 .. MaxEpoch + 1]
        \cup [kind : {"bar"}, origin : {NoOrigin}, epoch : Epochs]

Zero == [s \in Sources |-> 0]   \* the initial task state

VARIABLES
    \* @type: <<Str, Str>> -> Seq({ kind: Str, origin: Str, epoch: Int });
    chan,           \* chan[c]: FIFO queue of records and barriers on c
    \* @type: Set(<<Str, Str>>);
    blocked,        \* input channels blocked by alignment
    \* @type: Str -> Int;
    emitted,        \* emitted[s]: records source s has emitted
    \* @type: Str -> (Str -> Int);
    count,          \* count[t][s]: records of origin s task t consumed
    \* @type: Str -> Int;
    recorded,       \* recorded[n]: last epoch node n recorded
    \* @type: Str -> (Int -> (Str -> Int));
    snap,           \* snap[t][e]: task t's snapshot of epoch e
    \* @type: Str -> (Int -> Int);
    offset,         \* offset[s][e]: source s's position at barrier e
    \* @type: Int;
    started,        \* last epoch the coordinator started
    \* @type: Set(Int);
    completed,      \* epochs the coordinator knows to be complete
    \* @type: Str -> Int;
    acked,          \* acked[t]: last epoch task t acknowledged
    \* @type: Int;
    failures        \* recoveries so far

vars == << chan, blocked, emitted, count, recorded, snap, offset, started,
           completed, acked, failures >>

TypeOK ==
    /\ chan \in [Edges -> Seq(Msgs)]
    /\ blocked \subseteq Edges
    /\ emitted \in [Sources -> 0 .. MaxRecords]
    /\ count \in [Tasks -> [Sources -> Nat]]
    /\ recorded \in [Nodes -> 0 .. MaxEpoch]
    /\ snap \in [Tasks -> [Epochs -> [Sources -> Nat]]]
    /\ offset \in [Sources -> [Epochs -> 0 .. MaxRecords]]
    /\ started \in 0 .. MaxEpoch
    /\ completed \subseteq Epochs
    /\ acked \in [Tasks -> 0 .. MaxEpoch]
    /\ failures \in 0 .. MaxFailures

Init ==
    /\ chan = [c \in Edges |-> << >>]
    /\ blocked = {}
    /\ emitted = [s \in Sources |-> 0]
    /\ count = [t \in Tasks |-> Zero]
    /\ recorded = [n \in Nodes |-> 0]
    /\ snap = [t \in Tasks |-> [e \in Epochs |-> Zero]]
    /\ offset = [s \in Sources |-> [e \in Epochs |-> 0]]
    /\ started = 0
    /\ completed = {}
    /\ acked = [t \in Tasks |-> 0]
    /\ failures = 0

(* chan after node n sent m on every output channel.                       *)
Broadcast(n, m) ==
    [c \in Edges |-> IF c[1] = n THEN Append(chan[c], m) ELSE chan[c]]

LastCompleted ==
    IF completed = {} THEN 0
    ELSE CHOOSE e \in completed : \A d \in completed : d <= e

-----------------------------------------------------------------------------
(* Coordinator actions                                                     *)

(* The coordinator starts the next epoch e; it does not wait for earlier   *)
(* epochs to complete, so several epochs can be in flight.                 *)
StartEpoch(e) ==
    /\ e = started + 1
    /\ started' = e
    /\ UNCHANGED << chan, blocked, emitted, count, recorded, snap, offset,
                    completed, acked, failures >>

(* Every task has acknowledged epoch e: the coordinator declares e         *)
(* complete. It does so in order, as Flink's checkpoint coordinator does   *)
(* (a later epoch subsumes an earlier one; here the earlier one has        *)
(* always been acknowledged too, so the coordinator never has to wait).    *)
CompleteEpoch(e) ==
    /\ e <= started
    /\ e = LastCompleted + 1
    /\ \A t \in Tasks : acked[t] >= e
    /\ completed' = completed \cup {e}
    /\ UNCHANGED << chan, blocked, emitted, count, recorded, snap, offset,
                    started, acked, failures >>

-----------------------------------------------------------------------------
(* Source actions                                                          *)

(* Source s emits its next record on every output channel.                 *)
SourceEmit(s) ==
    /\ emitted[s] < MaxRecords
    /\ emitted' = [emitted EXCEPT ![s] = @ + 1]
    /\ chan' = Broadcast(s, Rec(s, recorded[s] + 1))
    /\ UNCHANGED << blocked, count, recorded, snap, offset, started,
                    completed, acked, failures >>

(* Source s, told that epoch e has started, records its position and       *)
(* injects barrier e into its output streams.                              *)
InjectBarrier(s) ==
    LET e == recorded[s] + 1 IN
    /\ e <= started
    /\ recorded' = [recorded EXCEPT ![s] = e]
    /\ offset' = [offset EXCEPT ![s][e] = emitted[s]]
    /\ chan' = Broadcast(s, Barrier(e))
    /\ UNCHANGED << blocked, emitted, count, snap, started, completed,
                    acked, failures >>

-----------------------------------------------------------------------------
(* Task (operator and sink) actions                                        *)

(* Task t consumes the record at the head of its unblocked input channel   *)
(* c, updates its state and sends the record on every output channel.      *)
Process(t, c) ==
    /\ c \in Ins(t)
    /\ c \notin blocked
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "rec"
    /\ LET m == Head(chan[c]) IN
       /\ count' = [count EXCEPT ![t][m.origin] = @ + 1]
       /\ chan' = [d \in Edges |->
                     IF d = c THEN Tail(chan[d])
                     ELSE IF d[1] = t THEN Append(chan[d], Rec(m.origin, recorded[t] + 1))
                     ELSE chan[d]]
    /\ UNCHANGED << blocked, emitted, recorded, snap, offset, started,
                    completed, acked, failures >>

(* Task t consumes the barrier at the head of input channel c and blocks   *)
(* c until it has the barrier on every input.                              *)
RcvBarrier(t, c) ==
    /\ c \in Ins(t)
    /\ c \notin blocked
    /\ chan[c] # << >>
    /\ Head(chan[c]).kind = "bar"
    /\ blocked' = blocked \cup {c}
    /\ chan' = [chan EXCEPT ![c] = Tail(@)]
    /\ UNCHANGED << emitted, count, recorded, snap, offset, started,
                    completed, acked, failures >>

(* The barrier of the next epoch e has arrived on every input of task t:   *)
(* t records its state as its snapshot of e, acknowledges it to the        *)
(* coordinator, forwards barrier e on every output channel and unblocks    *)
(* its inputs.                                                             *)
AlignedSnapshot(t) ==
    LET e == recorded[t] + 1 IN
    /\ Ins(t) \subseteq blocked
    /\ recorded' = [recorded EXCEPT ![t] = e]
    /\ snap' = [snap EXCEPT ![t][e] = count[t]]
    /\ acked' = [acked EXCEPT ![t] = e]
    /\ chan' = Broadcast(t, Barrier(e))
    /\ blocked' = blocked \ Ins(t)
    /\ UNCHANGED << emitted, count, offset, started, completed, failures >>

-----------------------------------------------------------------------------
(* Failure and recovery                                                    *)

(* The dataflow fails and restarts from the last completed epoch l: the    *)
(* in-flight messages are lost, each task restores its snapshot of l,      *)
(* each source rewinds to its barrier position for l, and the epochs       *)
(* after l are aborted with their acknowledgements (the coordinator will   *)
(* start them again).                                                      *)
Recover ==
    LET l == LastCompleted IN
    /\ failures < MaxFailures
    /\ failures' = failures + 1
    /\ chan' = [c \in Edges |-> << >>]
    /\ blocked' = {}
    /\ count' = [t \in Tasks |-> IF l = 0 THEN Zero ELSE snap[t][l]]
    /\ emitted' = [s \in Sources |-> IF l = 0 THEN 0 ELSE offset[s][l]]
    /\ recorded' = [n \in Nodes |-> l]
    /\ snap' = [t \in Tasks |-> [e \in Epochs |-> IF e <= l THEN snap[t][e] ELSE Zero]]
    /\ offset' = [s \in Sources |-> [e \in Epochs |-> IF e <= l THEN offset[s][e] ELSE 0]]
    /\ started' = l
    /\ acked' = [t \in Tasks |-> l]
    /\ UNCHANGED completed

-----------------------------------------------------------------------------
Next ==
    \/ \E e \in Epochs : StartEpoch(e)
    \/ \E e \in Epochs : CompleteEpoch(e)
    \/ \E s \in Sources : SourceEmit(s)
    \/ \E s \in Sources : InjectBarrier(s)
    \/ \E t \in Tasks, c \in Edges : Process(t, c)
    \/ \E t \in Tasks, c \in Edges : RcvBarrier(t, c)
    \/ \E t \in Tasks : AlignedSnapshot(t)
    \/ Recover

Spec == Init /\ [][Next]_vars

(* Weak fairness on every protocol step, none on failures: a behaviour     *)
(* that stops failing must finish every epoch and deliver every record.    *)
FairSpec ==
    /\ Spec
    /\ \A e \in Epochs : WF_vars(StartEpoch(e)) /\ WF_vars(CompleteEpoch(e))
    /\ \A s \in Sources : WF_vars(SourceEmit(s)) /\ WF_vars(InjectBarrier(s))
    /\ \A t \in Tasks : WF_vars(AlignedSnapshot(t))
    /\ \A t \in Tasks, c \in Edges : WF_vars(Process(t, c)) /\ WF_vars(RcvBarrier(t, c))

-----------------------------------------------------------------------------
(* Invariants                                                              *)

(* The state of task t had exactly the records each source emitted before  *)
(* barrier e been processed, and nothing else: each record of s reaches t  *)
(* once along every path from s to t and adds 1 to count[t][s].            *)
Reference(e) ==
    [t \in Tasks |-> [s \in Sources |-> PathCount[s][t] * offset[s][e]]]

Upstream(t) == {s \in Sources : PathCount[s][t] > 0}

(* Consistency, the point of the protocol: the snapshot of epoch e is the  *)
(* reference state of e, at every task that has recorded e (once every     *)
(* source upstream of it has injected e, so that the reference is known).  *)
Consistency ==
    \A t \in Tasks, e \in Epochs :
        (e <= recorded[t] /\ \A s \in Upstream(t) : recorded[s] >= e)
            => snap[t][e] = Reference(e)[t]

(* No in-flight records are needed: no record sent before its sender       *)
(* recorded epoch e is still in a channel after its receiver recorded e.   *)
(* In Chandy-Lamport terms, the state of every channel in every recorded   *)
(* cut is empty, so the task snapshots alone are the global snapshot.      *)
NoInFlightRecords ==
    \A c \in Edges : \A i \in 1 .. Len(chan[c]) :
        chan[c][i].kind = "rec" => chan[c][i].epoch > recorded[c[2]]

(* Records of origin s waiting in channel c.                               *)
Waiting(c, s) ==
    Cardinality({i \in 1 .. Len(chan[c]) :
                    chan[c][i].kind = "rec" /\ chan[c][i].origin = s})

(* Records of origin s still to reach task t: each one waiting in a        *)
(* channel into q will reach t once along every path from q to t.          *)
Pending(s, t) ==
    SumOver([c \in Edges |-> Waiting(c, s) * PathCount[c[2]][t]], Edges)

(* Exactly-once: every record a source has emitted (since its last rewind) *)
(* has its effect on task t once, or is on its way to t, never both, and   *)
(* never twice. After a recovery the restored states and rewound sources   *)
(* must agree for this to hold.                                            *)
ExactlyOnce ==
    \A t \in Tasks, s \in Sources :
        count[t][s] + Pending(s, t) = PathCount[s][t] * emitted[s]

(* Epochs complete in order: completed is always 1 .. k for some k.        *)
EpochsCompleteInOrder ==
    \A e \in completed : \A d \in 1 .. e : d \in completed

(* The coordinator declares an epoch complete only if every node has       *)
(* recorded it (and it stays so across recoveries).                        *)
CompletedIsRecorded ==
    \A e \in completed : \A n \in Nodes : recorded[n] >= e

(* Acknowledgement is part of the step that records: the coordinator       *)
(* knows what every task has recorded, and no more.                        *)
AckedIsRecorded == \A t \in Tasks : acked[t] = recorded[t]

(* Barriers of one epoch never pass those of another: a task only ever     *)
(* aligns on the barrier of the epoch after the one it recorded last.      *)
AlignedOnNextEpoch ==
    \A c \in Edges : \A i \in 1 .. Len(chan[c]) :
        chan[c][i].kind = "bar" => chan[c][i].epoch > recorded[c[2]]

(* Everything is done: every epoch complete, every record emitted and      *)
(* consumed.                                                               *)
Quiescent ==
    /\ completed = Epochs
    /\ \A s \in Sources : emitted[s] = MaxRecords
    /\ \A c \in Edges : chan[c] = << >>

-----------------------------------------------------------------------------
(* Temporal properties, checked under FairSpec                             *)

(* Termination: every started epoch eventually completes.                  *)
Termination == \A e \in Epochs : (started >= e) ~> (e \in completed)

(* The dataflow drains: it reaches Quiescent. With ExactlyOnce this says   *)
(* every task ends with each record's effect counted exactly once.         *)
Drains == <>Quiescent

=============================================================================
