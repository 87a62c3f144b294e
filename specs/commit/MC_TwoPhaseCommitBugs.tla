----------------------- MODULE MC_TwoPhaseCommitBugs -----------------------
(* Negative models: TwoPhaseCommit with one deliberate bug each. A model   *)
(* that uses a bug is expected to fail, for the reason its entry in        *)
(* specs/models.json names.                                                *)
EXTENDS TwoPhaseCommit, Naturals, FiniteSets, TLC

(* Bug: the TM commits once a majority of the RMs prepared, not all.      *)
(* Expected: Consistency is violated (an RM that chose to abort, another  *)
(* that commits).                                                          *)
TMCommitOnMajority ==
    /\ tmState = "init"
    /\ 2 * Cardinality(tmPrepared) > Cardinality(RM)
    /\ tmState' = "committed"
    /\ Send([type |-> "Commit"])
    /\ UNCHANGED << rmState, tmPrepared >>

NextMajority == Next \/ TMCommitOnMajority
SpecMajority == Init /\ [][NextMajority]_vars
=============================================================================
