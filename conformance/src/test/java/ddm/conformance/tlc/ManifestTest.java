package ddm.conformance.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.BadInputException;
import ddm.conformance.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @Test
    void theProjectsManifestIsWellFormed() {
        Manifest m = Manifest.read(Repo.root().resolve("specs/models.json"), Repo.root());
        assertTrue(m.byName("TwoPhase-3").isPresent());
        assertTrue(m.models().stream().anyMatch(x -> x.expect() != Model.Expect.PASS), "negative models exist");
    }

    private static String error(Path dir, String json) throws Exception {
        Path f = dir.resolve("models.json");
        Files.writeString(f, json);
        Files.writeString(dir.resolve("a.tla"), "");
        Files.writeString(dir.resolve("a.cfg"), "");
        return assertThrows(BadInputException.class, () -> Manifest.read(f, dir)).getMessage();
    }

    @Test
    void badEntriesAreNamedInOneLine(@TempDir Path dir) throws Exception {
        String ok = "\"name\": \"M\", \"module\": \"a.tla\", \"config\": \"a.cfg\", \"tier\": \"ci\"";
        assertTrue(error(dir, "{\"models\": [").contains("not valid JSON"));
        assertTrue(error(dir, "{\"model\": []}").contains("expected {\"models\": [...]}"));
        assertEquals(dir.resolve("models.json") + " entry 0 (M): expect 'fail' is not one of [pass, safety, liveness, deadlock]",
                error(dir, "{\"models\": [{" + ok + ", \"expect\": \"fail\", \"distinctStates\": 1}]}"));
        assertTrue(error(dir, "{\"models\": [{" + ok + ", \"expect\": \"pass\"}]}")
                .endsWith("a ci model needs distinctStates"));
        assertTrue(error(dir, "{\"models\": [{" + ok + ", \"expect\": \"pass\", \"distinctStates\": 1, \"colour\": 1}]}")
                .endsWith("unknown field 'colour'"));
        assertTrue(error(dir, "{\"models\": [{\"name\": \"M\", \"module\": \"b.tla\", \"config\": \"a.cfg\", "
                + "\"tier\": \"ci\", \"expect\": \"pass\", \"distinctStates\": 1}]}").endsWith("no file b.tla"));
        for (String msg : new String[] {error(dir, "{\"models\": [")}) assertTrue(!msg.contains("\n"), msg);
        assertTrue(error(dir, "{\"models\": [{" + ok.replace("ci", "large") + ", \"expect\": \"pass\", "
                + "\"simulation\": {\"behaviours\": 0, \"depth\": 10, \"seed\": 1}}]}").contains("simulation must be"));
    }

    @Test
    void aSimulationEntryIsRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("models.json");
        Files.writeString(dir.resolve("a.tla"), "");
        Files.writeString(dir.resolve("a.cfg"), "");
        Files.writeString(f, "{\"models\": [{\"name\": \"M\", \"module\": \"a.tla\", \"config\": \"a.cfg\", "
                + "\"tier\": \"large\", \"expect\": \"pass\", \"simulation\": {\"behaviours\": 100, \"depth\": 30, "
                + "\"seed\": 4, \"reached\": 1234, \"seconds\": 60}}]}");
        assertEquals(java.util.Optional.of(new Model.Simulation(100, 30, 4, java.util.OptionalLong.of(1234))),
                Manifest.read(f, dir).byName("M").orElseThrow().simulation());
    }
}
