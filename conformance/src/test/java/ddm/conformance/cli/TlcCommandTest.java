package ddm.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ddm.conformance.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlcCommandTest {

    @Test
    void anUnknownModelIsBadInput() {
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", Repo.root().toString(), "--model", "NoSuchModel"));
    }

    @Test
    void aMalformedManifestIsBadInput(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("specs"));
        Files.writeString(dir.resolve("specs/models.json"), "{ not json");
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", dir.toString()));
    }

    @Test
    void anUnknownOptionIsBadInput() {
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--no-such-option"));
    }

    @Test
    void badDistributedAndSimulationOptionsAreBadInput() {
        String root = Repo.root().toString();
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", root, "--model", "TwoPhase-3", "--workers", "-1"));
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", root, "--model", "TwoPhase-3", "--workers", "1",
                "--listen", "127.0.0.1:port"));
        // Distributed TLC checks no liveness: a model that must violate it cannot be judged that way.
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", root, "--model", "TwoPhase-3-no-fairness",
                "--workers", "1"));
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", root, "--model", "TwoPhase-3", "--simulate",
                "--exhaustive"));
        assertEquals(Main.BAD_INPUT, Main.run("tlc", "--root", root, "--model", "TwoPhase-3", "--progress", "-1"));
        assertEquals(Main.BAD_INPUT, Main.run("tlc-worker", "--server", "no-port-here"));
        assertEquals(Main.BAD_INPUT, Main.run("tlc-worker", "--server", "127.0.0.1:x"));
    }

    @Test
    void listingTheModelsRunsNothing() {
        assertEquals(Main.OK, Main.run("tlc", "--root", Repo.root().toString(), "--list", "--tier", "all"));
    }
}
