package ddm.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ddm.conformance.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --validate} of cluster and soak: a model that does not exist, or is not of the cluster's protocol, is bad
 * input, found before any process starts.
 */
class ClusterValidateOptionTest {

    @Test
    void aModelThatDoesNotExistOrFitIsBadInput(@TempDir Path dir) throws Exception {
        String root = Repo.root().toString();
        assertEquals(Main.BAD_INPUT, Main.run("cluster", "2pc", "--root", root, "--validate", "NoSuchModel",
                "--seconds", "1", "--dir", dir.resolve("a").toString()));
        assertEquals(Main.BAD_INPUT, Main.run("cluster", "2pc", "--root", root, "--validate", "PaxosCommit-2x3",
                "--seconds", "1", "--dir", dir.resolve("b").toString()));
        assertEquals(Main.BAD_INPUT, Main.run("soak", "2pc", "--root", root, "--validate", "TwoPhaseRecovery-3-sym",
                "--runs", "1", "--seconds", "1", "--dir", dir.resolve("c").toString()));
        // Nothing started: no run directory was made.
        assertEquals(false, Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b"))
                || Files.exists(dir.resolve("c")));
    }
}
