package ddm.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.Repo;
import ddm.conformance.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}'s exit codes: 0 for valid runs and files, 1 for a file with a step the spec forbids, 2 for bad input. */
class ValidateCliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String[] validate(String... more) {
        return Stream.concat(Stream.of("validate", "--root", Repo.root().toString(), "--model", Explored.MODEL),
                Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void runsRecordedPerNodePassAndATamperedLogFails() throws Exception {
        Path out = dir.resolve("recorded");
        Run runs = run(validate("--runs", "3", "--seed", "7", "--out", out.toString()));
        assertEquals(Main.OK, runs.code(), runs.out() + runs.err());
        assertTrue(runs.out().contains("3 runs recorded per node, no lock: 3 runs, "), runs.out());
        List<Path> folders;
        try (Stream<Path> s = Files.list(out)) {
            folders = s.sorted().toList();
        }
        assertEquals(List.of("run-seed-7", "run-seed-8", "run-seed-9"),
                folders.stream().map(p -> p.getFileName().toString()).toList());
        Run again = run(validate("--logs", folders.get(0).toString(), "--logs", folders.get(1).toString()));
        assertEquals(Main.OK, again.code(), again.out() + again.err());

        // The TM's first step relabelled TMCommit: no order of the run lets the spec commit there. That step is a
        // TMRcvPrepared, or a TMAbort where every RM was slow (a run whose transactions all time out has no
        // TMRcvPrepared at all); before either, no vote has been counted, so the same guard is false.
        Path tampered = dir.resolve("tampered");
        Files.createDirectories(tampered);
        try (Stream<Path> s = Files.list(folders.get(0))) {
            for (Path f : s.toList()) {
                String text = Files.readString(f);
                if (f.getFileName().toString().equals("tm.events.ndjson")) {
                    String relabelled = text.replaceFirst("\"action\":\"TM(RcvPrepared|Abort)\"",
                            "\"action\":\"TMCommit\"");
                    assertNotEquals(text, relabelled, "the TM took no step in " + f);
                    text = relabelled;
                }
                Files.writeString(tampered.resolve(f.getFileName()), text);
            }
        }
        Run bad = run(validate("--logs", folders.get(1).toString(), "--logs", tampered.toString()));
        assertEquals(Main.CHECK_FAILED, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("REJECTED " + tampered), bad.out());
        assertTrue(bad.out().contains("TMCommit: the spec does not allow TMCommit here: TMCommit: `tmPrepared = RM`"
                + " (TwoPhaseCommitRecovery.tla line 155) is false"), bad.out());
        assertTrue(bad.out().contains("1 rejected runs"), bad.out());
    }

    @Test
    void runsRecordedUnderTheLockPassAndATamperedRecordingFails() throws Exception {
        Path out = dir.resolve("recorded");
        Run runs = run(validate("--locked", "--runs", "3", "--seed", "7", "--out", out.toString()));
        assertEquals(Main.OK, runs.code(), runs.out() + runs.err());
        assertTrue(runs.out().contains("3 runs, "), runs.out());
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 9, files.toString());

        // The first step of one recording relabelled TMCommit: the spec does not allow it from Init.
        ObjectMapper json = new ObjectMapper();
        ObjectNode trace = (ObjectNode) json.readTree(files.get(0).toFile());
        ((ObjectNode) trace.get("states").get(1)).put("mbt::actionTaken", "TMCommit").putObject("mbt::nondetPicks");
        Path tampered = dir.resolve("tampered.itf.json");
        json.writeValue(tampered.toFile(), trace);
        Run files1 = run(validate(files.get(1).toString(), tampered.toString()));
        assertEquals(Main.CHECK_FAILED, files1.code(), files1.out() + files1.err());
        assertTrue(files1.out().contains("step 1 (TMCommit): the spec does not allow TMCommit"), files1.out());
        assertTrue(files1.out().contains("2 traces") && files1.out().contains("1 failed traces"), files1.out());
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.itf.json"), "{ not json");
        List<String[]> bad = List.of(
                validate(),                                                  // neither runs nor files
                validate("--runs", "2", garbage.toString()),                 // both
                validate("--runs", "0"),
                validate("--runs", "1", "--finish-ms", "0"),                  // join(0) would wait for ever
                validate("--runs", "1", "--level", "everything"),
                validate("--runs", "1", "--logs", dir.toString()),            // both
                validate("--logs", dir.resolve("missing").toString()),
                validate("--logs", dir.toString()),                            // a folder with no logs
                validate(dir.resolve("missing.itf.json").toString()),
                validate(garbage.toString()),
                new String[] {"validate", "--root", Repo.root().toString(), "--model", "NoSuchModel", "--runs", "1"},
                new String[] {"validate", "--root", Repo.root().toString(), "--model", "TwoPhase-3", "--runs", "1"});
        for (String[] args : bad) {
            Run r = run(args);
            assertEquals(Main.BAD_INPUT, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() == 1, r.err());
        }
    }
}
