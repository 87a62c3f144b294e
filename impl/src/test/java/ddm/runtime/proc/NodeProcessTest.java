package ddm.runtime.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ddm.commit.DurableRecord;
import ddm.log.FileLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process facing bad input: a bad configuration and a port in use exit 2 with one line; a log damaged in the
 * middle exits 3 naming the file and the byte offset; a torn tail is truncated and the node goes on. The error cases
 * fail before the node runs, so most call {@link NodeMain#run} in this JVM; the torn tail starts a real process.
 */
class NodeProcessTest {

    @TempDir
    Path dir;

    record Outcome(int status, List<String> stderr) {
    }

    static Outcome runHere(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(p);
            status = NodeMain.run(args, Variant.STANDARD);
        } finally {
            System.setErr(saved);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        return new Outcome(status, lines);
    }

    List<String> rmArgs(int port, String... more) {
        List<String> a = new ArrayList<>(List.of("--protocol", "2pc", "--role", "rm", "--name", "rm1", "--data",
                dir.resolve("rm1").toString(), "--listen", "127.0.0.1:" + port, "--peer", "tm=127.0.0.1:1",
                "--set", "rms=rm1"));
        a.addAll(List.of(more));
        return a;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBadConfigurationExits2WithOneLine() {
        String[][] bad = {
                {"--protocol", "2pc", "--role", "rm"},
                {"--protocol", "3pc", "--name", "x", "--data", "d", "--listen", "127.0.0.1:1", "--role", "rm"},
                {"--protocol", "2pc", "--name", "rm1", "--data", "d", "--listen", "10.1.2.3:5000", "--role", "rm"},
                {"--protocol", "2pc", "--name", "rm1", "--data", "d", "--listen", "127.0.0.1:x", "--role", "rm"},
                {"--protocol", "2pc", "--name", "rm 1", "--data", "d", "--listen", "127.0.0.1:1", "--role", "rm"},
                {"--protocol", "2pc", "--name", "rm1", "--data", "d", "--listen", "127.0.0.1:1", "--role", "rm",
                        "--fault-points", "before-lunch"},
                {"--protocol", "2pc", "--name", "rm1", "--data", "d", "--listen", "127.0.0.1:1", "--role", "rm",
                        "--colour", "blue"},
        };
        String[] expected = {"missing --name", "unknown protocol 3pc", "not a loopback address", "has no port number",
                "is not a node name", "not a fault point", "unknown flag --colour"};
        for (int i = 0; i < bad.length; i++) {
            Outcome o = runHere(bad[i]);
            assertEquals(NodeMain.BAD_CONFIG, o.status(), String.join(" ", bad[i]));
            assertEquals(1, o.stderr().size(), o.stderr().toString());
            assertTrue(o.stderr().get(0).startsWith("error: ") && o.stderr().get(0).contains(expected[i]),
                    o.stderr().get(0));
        }
        // Good flags, wrong for the role: checked before anything starts too.
        Outcome o = runHere(rmArgs(1, "--set", "rms=rm2,rm3").toArray(String[]::new));
        assertEquals(NodeMain.BAD_CONFIG, o.status());
        assertEquals(List.of("error: rm1: RM rm1 is not in rms [rm2, rm3]"), o.stderr());
    }

    @Test
    void aPortInUseIsOneLineAndExit2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome o = runHere(rmArgs(taken.getLocalPort()).toArray(String[]::new));
            assertEquals(NodeMain.BAD_CONFIG, o.status());
            assertEquals(List.of("error: rm1: 127.0.0.1:" + taken.getLocalPort() + " is in use"), o.stderr());
        }
    }

    @Test
    void aRecordDamagedInTheMiddleStopsTheNodeNamingFileAndOffset() throws IOException {
        Path log = dir.resolve("rm1").resolve("log");
        Files.createDirectories(log.getParent());
        try (FileLog l = FileLog.open(log)) {
            for (long tx = 1; tx <= 3; tx++) {
                l.append(new DurableRecord.Prepared(tx).encode());
            }
            l.force();
        }
        byte[] bytes = Files.readAllBytes(log);
        int second = 8 + new DurableRecord.Prepared(1).encode().length;
        bytes[second + 9] ^= 0x20;      // a payload byte of the second record
        Files.write(log, bytes);
        Outcome o = runHere(rmArgs(freePort()).toArray(String[]::new));
        assertEquals(NodeMain.CANNOT_RUN, o.status());
        assertEquals(1, o.stderr().size(), o.stderr().toString());
        assertTrue(o.stderr().get(0).startsWith("error: rm1: " + log + ": corrupted record at byte offset " + second),
                o.stderr().get(0));
    }

    @Test
    void aTornTailIsTruncatedAndTheNodeGoesOn() throws Exception {
        Path log = dir.resolve("rm1").resolve("log");
        Files.createDirectories(log.getParent());
        try (FileLog l = FileLog.open(log)) {
            l.append(new DurableRecord.Prepared(1).encode());
            l.force();
        }
        long whole = Files.size(log);
        byte[] torn = java.util.Arrays.copyOf(FileLogFrames.frame(new DurableRecord.Committed(1).encode()), 7);
        Files.write(log, torn, java.nio.file.StandardOpenOption.APPEND);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
        cmd.addAll(rmArgs(freePort()));
        Path out = dir.resolve("out.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            boolean up = false;
            for (int i = 0; i < 600 && !up && p.isAlive(); i++) {
                Thread.sleep(50);
                up = Files.readString(out).contains("rm1: up");
            }
            assertTrue(up, Files.readString(out));
            assertTrue(p.isAlive(), "the node goes on");
            assertEquals(whole, Files.size(log), "the torn tail was cut at the last whole record");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
