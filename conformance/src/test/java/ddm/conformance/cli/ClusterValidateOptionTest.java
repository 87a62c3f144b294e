package ddm.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ddm.conformance.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --validate} of cluster and soak: a model that does not exist, or is not of the cluster's protocol, is bad
 * input, found before any process starts; so are a model for a protocol whose clusters are not validated, a graph
 * the bank does not have, and a protocol that has no processes.
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
        // The bank and the dataflow are checked by their checkers only; the bank has two graphs.
        assertEquals(Main.BAD_INPUT, Main.run("cluster", "snapshot", "--validate", "ChandyLamport-Ring3",
                "--seconds", "1", "--dir", dir.resolve("d").toString()));
        assertEquals(Main.BAD_INPUT, Main.run("cluster", "epoch", "--validate", "EpochAlignment-FanIn",
                "--seconds", "1", "--dir", dir.resolve("e").toString()));
        assertEquals(Main.BAD_INPUT, Main.run("cluster", "snapshot", "--graph", "star", "--seconds", "1",
                "--dir", dir.resolve("f").toString()));
        assertEquals(Main.BAD_INPUT, Main.run("soak", "dataflow", "--runs", "1", "--dir", dir.resolve("g").toString()));
        // Nothing started: no run directory was made.
        for (String d : java.util.List.of("a", "b", "c", "d", "e", "f", "g")) {
            assertEquals(false, Files.exists(dir.resolve(d)), d);
        }
    }
}
