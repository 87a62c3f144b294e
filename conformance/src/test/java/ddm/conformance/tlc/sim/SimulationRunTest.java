package ddm.conformance.tlc.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.ModelRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLC's simulation mode with the distinct-state counter ({@link SeenStates}): on a model small enough to count, the
 * random behaviours reach every state the exhaustive run counts (fingerprints up to the model's symmetry, as TLC's
 * count is), the same seed reaches the same states again, and a broken model's violation is found.
 */
class SimulationRunTest {

    private static final Manifest MANIFEST = Manifest.read(Repo.root().resolve("specs/models.json"), Repo.root());

    private static Model withSimulation(String name, Model.Simulation sim) {
        Model m = MANIFEST.byName(name).orElseThrow();
        return new Model(m.name(), m.module(), m.config(), m.expect(), m.tier(), m.distinctStates(), m.violates(),
                m.workers(), m.shows(), m.protocol(), m.walks(), Optional.of(sim));
    }

    @Test
    void reachesTheSymmetricCountAndTheSameStatesAgain(@TempDir Path tmp) throws Exception {
        // TwoPhase-3-sym: 80 states up to RM permutation (288 without), which 3,000 behaviours reach.
        Model m = withSimulation("TwoPhase-3-sym", new Model.Simulation(3000, 50, 7, OptionalLong.empty()));
        SimulationRun.Result r = SimulationRun.run(m, Repo.root(), tmp.resolve("a"), m.simulation().get(), 0);
        assertEquals(0, r.tlc().exitCode(), "log " + r.tlc().log());
        assertEquals(m.distinctStates(), r.tlc().distinctStates());
        assertTrue(r.statesChecked() > 80, "every behaviour's states are checked: " + r.statesChecked());

        Model recorded = withSimulation("TwoPhase-3-sym", new Model.Simulation(3000, 50, 7, OptionalLong.of(80)));
        ModelRunner.Outcome o = ModelRunner.judgeSimulated(recorded,
                SimulationRun.run(recorded, Repo.root(), tmp.resolve("b"), recorded.simulation().get(), 0));
        assertTrue(o.ok(), o.problems().toString());
        assertTrue(o.simulated());
        assertTrue(o.notes().get(0).startsWith("TLC simulation, not a count: 3,000 behaviours"), o.notes().toString());

        // A manifest that says otherwise is told so.
        Model other = withSimulation("TwoPhase-3-sym", new Model.Simulation(3000, 50, 7, OptionalLong.of(81)));
        assertEquals("distinct states reached changed: manifest says 81, the simulation reached 80 (update "
                + "specs/models.json if intended)", ModelRunner.judgeSimulated(other, r).problems().get(0));
    }

    @Test
    void findsTheViolationOfABrokenModel(@TempDir Path tmp) throws Exception {
        Model m = withSimulation("TwoPhase-3-commit-on-majority", new Model.Simulation(2000, 50, 1, OptionalLong.empty()));
        SimulationRun.Result r = SimulationRun.run(m, Repo.root(), tmp.resolve("run"), m.simulation().get(), 0);
        assertEquals(12, r.tlc().exitCode(), "log " + r.tlc().log());
        assertEquals(Optional.of("Consistency"), r.tlc().violated());
        assertTrue(ModelRunner.judgeSimulated(m, r).ok());
        assertFalse(ModelRunner.judgeSimulated(m.expecting(Model.Expect.PASS), r).ok());
    }
}
