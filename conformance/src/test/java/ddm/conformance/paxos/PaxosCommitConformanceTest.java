package ddm.conformance.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.adapters.PaxosCommitAdapter;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PaxosCommit-Live-1x3 (1 RM, 3 acceptors, ballots {0, 1}, one acceptor may crash; 3,908 states), explored once: the
 * implementation conforms (path cover: every state and edge; every disabled step refused), and the three seeded bugs
 * of issue 10 are each caught. All three make the implementation more permissive than the spec, so every trace still
 * replays and the refusal check is what catches them, at the action named.
 */
class PaxosCommitConformanceTest {

    @TempDir
    static Path work;

    static Model model;
    static StateGraph graph;
    static List<ItfTrace> traces;

    @BeforeAll
    static void explore() throws Exception {
        Path root = Repo.root();
        model = Manifest.read(root.resolve("specs/models.json"), root).models().stream()
                .filter(m -> m.name().equals("PaxosCommit-Live-1x3")).findFirst().orElseThrow();
        graph = ConformanceCheck.explore(root, model, work);
        traces = ConformanceCheck.traces(model, graph);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces, new PaxosCommitAdapter());
        assertTrue(r.divergence().isEmpty(), () -> r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
        assertTrue(r.refusalsTried() > 0);
    }

    /** An acceptor votes in ballot 0 after promising ballot 1: Phase2b(a) where the spec has none. */
    @Test
    void acceptorVotingBelowItsPromiseIsCaught() {
        assertRefusalCatches(BrokenPaxos.LOW_BALLOT_ACCEPTOR, "Phase2b");
    }

    /** The leader of ballot 1 proposes before a quorum answered its phase 1a. */
    @Test
    void leaderProposingWithoutPhase1IsCaught() {
        assertRefusalCatches(BrokenPaxos.EAGER_LEADER, "Phase2a");
    }

    /** The RM commits (or aborts) on one acceptor's vote, before the instance chose anything. */
    @Test
    void outcomeLearnedFromAMinorityIsCaught() {
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces,
                BrokenPaxos.adapter(BrokenPaxos.MINORITY_LEARNER));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("minority learning was not caught"));
        String action = d.action().orElseThrow().action();
        assertTrue(action.equals("RMRcvCommitMsg") || action.equals("RMRcvAbortMsg"), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }

    private static void assertRefusalCatches(ddm.commit.paxos.PaxosCommitSimulation.Nodes nodes, String action) {
        ConformanceCheck.Result r = ConformanceCheck.replay(model, graph, traces, BrokenPaxos.adapter(nodes));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("the bug in " + action + " was not caught"));
        assertEquals(action, d.action().orElseThrow().action(), d.report());
        assertTrue(d.problem().contains("does not allow"), d.report());
    }
}
