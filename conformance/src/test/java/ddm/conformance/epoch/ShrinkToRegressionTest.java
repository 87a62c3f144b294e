package ddm.conformance.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.Repo;
import ddm.conformance.adapters.EpochAlignmentAdapter;
import ddm.conformance.explain.Explanation;
import ddm.conformance.gen.Traces;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Divergence;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.replay.Replayer;
import ddm.conformance.shrink.EmittedTests;
import ddm.conformance.shrink.Execution;
import ddm.conformance.shrink.GraphShrinker;
import ddm.conformance.shrink.RegressionTest;
import ddm.conformance.shrink.Reproduction;
import ddm.conformance.shrink.ScheduleShrinker;
import ddm.conformance.spec.Spec;
import ddm.conformance.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.AssertionFailedError;

/**
 * Shrinking, end to end, on EpochAlignment-FanIn-Recovery (explored once) and two seeded bugs: a long failing random
 * walk is shrunk, and the JUnit test written from it is compiled and run, passing against the real code and failing
 * against the broken one at the step the spec allows. The walks are seeded; of the seeds tried, the one whose
 * failure comes latest is shrunk, so the test starts from the longest failure those seeds give.
 *
 * <ul>
 *   <li>Recording after forwarding (a replay divergence at AlignedSnapshot): a random walk of the spec's graph,
 *       replayed against the broken tasks, is shrunk to the shortest path to the diverging edge.</li>
 *   <li>Recovering from an incomplete checkpoint (a recorded run failing validation at Recover): a random run of the
 *       broken code, choosing among the steps the spec enables with a rare fault, is shrunk by delta debugging to its
 *       two necessary steps: start epoch 1, and the failure. (The broken recovery restores each node's own latest
 *       epoch and leaves the coordinator's started epoch as it was, where the spec rewinds it to the last completed
 *       one; so an epoch started and not completed is enough to show it, before any node recorded.)</li>
 * </ul>
 */
public class ShrinkToRegressionTest {

    static final int SEEDS = 30;
    static final String PKG = "ddm.conformance.regression";

    static Explored explored;
    static Explanation words;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.shared("EpochAlignment-FanIn-Recovery");
        words = new Explanation(Spec.read(Repo.root().resolve(explored.model().module())));
    }

    /** The tasks of the seeded bug "recording after forwarding" (public: the emitted test's subclass asks for it). */
    public static ProtocolAdapter recordsAfterForwarding() {
        return BrokenEpoch.withTasks(1, BrokenEpoch.RecordAfterForwardTask::new);
    }

    /** The seeded bug "recovery from an incomplete checkpoint". */
    public static ProtocolAdapter recoversFromTheLatestEpoch() {
        return new EpochAlignmentAdapter(1, 1, BrokenEpoch.RecoverLatestSimulation::new);
    }

    @Test
    void aReplayDivergenceShrinksToTheShortestPathToItsEdge() throws Exception {
        StateGraph g = explored.graph();
        ItfTrace longest = null;
        Divergence latest = null;
        for (int seed = 1; seed <= SEEDS; seed++) {
            ItfTrace walk = specWalk(g, seed, 60);
            Optional<Divergence> d = new Replayer(recordsAfterForwarding()).replay(walk);
            if (d.isPresent() && (latest == null || d.get().step() > latest.step())) {
                latest = d.get();
                longest = walk;
            }
        }
        assertTrue(latest != null, "no walk reached the seeded bug");
        assertEquals("AlignedSnapshot", latest.action().orElseThrow().action(), latest.report());
        Reproduction r = GraphShrinker.shrink(explored.model().name(), "epoch", g, recordsAfterForwarding(), longest, latest);
        int shortest = distance(g, longest.states().get(latest.step() - 1)) + 1;
        assertEquals(shortest, r.steps().size(), r.origin());
        assertTrue(latest.step() >= 12 && r.steps().size() < latest.step(),
                "from " + latest.step() + " steps to " + r.steps().size());
        assertEquals("AlignedSnapshot", r.failing().action());
        assertTrue(r.expected() instanceof Reproduction.Reaches);
        System.out.println("shrunk " + r.origin());
        emittedTestFailsOnlyAgainstTheBug(r, "recordsAfterForwarding");
    }

    @Test
    void aFailingRecordedRunShrinksByDeltaDebuggingToItsNecessarySteps() throws Exception {
        StateGraph g = explored.graph();
        Validator v = new Validator(g);
        ItfTrace longest = null;
        Validator.Failure latest = null;
        for (int seed = 1; seed <= SEEDS; seed++) {
            ItfTrace run = codeWalk(g, recoversFromTheLatestEpoch(), seed, 80);
            Optional<Validator.Failure> f = v.validate(run, null);
            if (f.isPresent() && (latest == null || f.get().step() > latest.step())) {
                latest = f.get();
                longest = run;
            }
        }
        assertTrue(latest != null, "no run reached the seeded bug");
        assertEquals("Recover", latest.action().orElseThrow().action(), latest.report());
        Reproduction r = ScheduleShrinker.shrink(explored.model().name(), "epoch", g, recoversFromTheLatestEpoch(),
                longest, latest);
        assertTrue(latest.step() >= 10, "the failing run should be long, not " + latest.step() + " steps");
        assertEquals(List.of(ddm.conformance.shrink.Steps.label("StartEpoch", "e", 1), Label.of("Recover")), r.steps(),
                r.origin());
        System.out.println("shrunk " + r.origin());
        emittedTestFailsOnlyAgainstTheBug(r, "recoversFromTheLatestEpoch");
    }

    /**
     * Writes the reproduction as a test, and a subclass of it that puts the broken adapter in; compiles both and
     * runs them: the test passes on the real code and fails on the broken one, with an assertion (not an error).
     */
    static void emittedTestFailsOnlyAgainstTheBug(Reproduction r, String broken) throws Exception {
        String name = RegressionTest.className(r.model(), r.failing());
        String source = RegressionTest.source(r, PKG, name, EpochAlignmentAdapter.class, words::sentence);
        assertEquals(r.steps().size() - 1, source.split("code\\.apply\\(").length - 2, source);
        String sub = "package " + PKG + ";\n\nclass Broken" + name + " extends " + name + " {\n    @Override\n"
                + "    protected ddm.conformance.replay.ProtocolAdapter adapter() {\n        return "
                + ShrinkToRegressionTest.class.getName() + "." + broken + "();\n    }\n}\n";
        Path dir = Files.createDirectories(Repo.root().resolve("conformance/target/shrunk").resolve(name));
        EmittedTests t = EmittedTests.compile(dir, Map.of(PKG + "." + name, source, PKG + ".Broken" + name, sub));
        TestExecutionSummary good = t.run(PKG + "." + name);
        assertEquals(1, good.getTestsSucceededCount(), () -> failures(good) + "\n" + source);
        TestExecutionSummary bad = t.run(PKG + ".Broken" + name);
        assertEquals(1, bad.getTestsFailedCount(), () -> "the emitted test passed against the seeded bug\n" + source);
        Throwable why = bad.getFailures().get(0).getException();
        assertTrue(why instanceof AssertionFailedError, () -> "failed otherwise than on its assertion: " + why);
    }

    private static String failures(TestExecutionSummary s) {
        StringBuilder sb = new StringBuilder();
        s.getFailures().forEach(f -> sb.append(f.getException()).append('\n'));
        return sb.toString();
    }

    /** A seeded random walk of the spec's state graph, of at most {@code depth} steps. */
    static ItfTrace specWalk(StateGraph g, long seed, int depth) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> out = g.outgoing();
        int start = g.initial().get(0);
        List<Integer> edges = new ArrayList<>();
        for (int at = start, d = 0; d < depth && !out.get(at).isEmpty(); d++) {
            int e = out.get(at).get(random.nextInt(out.get(at).size()));
            edges.add(e);
            at = g.edges().get(e).to();
        }
        return Traces.trace(g, "walk " + seed, start, edges);
    }

    /**
     * A seeded random run of the code: in each state it picks one of the steps the spec enables there, a fault
     * (Recover) only one time in twenty, as a scheduler with rare failures does, and records the abstraction after
     * each step; it stops where the code leaves the spec's graph (the failure) or nothing is enabled.
     */
    static ItfTrace codeWalk(StateGraph g, ProtocolAdapter adapter, long seed, int depth) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Map<String, Object>, Integer> index = g.index();
        List<List<Integer>> out = g.outgoing();
        Map<String, Object> init = g.states().get(g.initial().get(0));
        ProtocolAdapter.Instance code = adapter.start(g.constants(), init);
        List<Map<String, Object>> states = new ArrayList<>(List.of(init));
        List<Label> labels = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
            Integer at = index.get(states.get(states.size() - 1));
            if (at == null || out.get(at).isEmpty()) break;
            List<Label> protocol = new ArrayList<>(), faults = new ArrayList<>();
            for (int e : out.get(at)) {
                Label l = g.labels().get(g.edges().get(e).label());
                (l.action().equals("Recover") ? faults : protocol).add(l);
            }
            boolean fault = !faults.isEmpty() && (protocol.isEmpty() || random.nextInt(20) == 0);
            List<Label> pick = fault ? faults : protocol;
            Label l = pick.get(random.nextInt(pick.size()));
            code.apply(l);
            labels.add(l);
            states.add(Values.canonicalState(code.abstraction()));
        }
        return Execution.trace("run " + seed, g.constants(), g.vars(), states, labels);
    }

    private static int distance(StateGraph g, Map<String, Object> state) {
        int[] tree = Traces.shortestPathTree(g);
        return Traces.pathTo(g, tree, g.index().get(state)).size();
    }
}
