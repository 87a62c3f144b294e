package ddm.conformance.itf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import ddm.conformance.BadInputException;
import ddm.conformance.Repo;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItfTraceTest {

    static final Path QUINT = Repo.root().resolve("conformance/src/test/resources/traces/quint-twophase-commit.itf.json");
    /** Written by Quint 0.33.1 itself ({@code make quint-replay}'s first patient trace), unedited. */
    static final Path REAL_QUINT = Repo.root().resolve("conformance/src/test/resources/traces/quint-0.33.1-twopc3-commit.itf.json");
    static final Path TWOPHASE_MAP = Repo.root().resolve("specs/commit/quint/twophase.map.json");

    private static Object decode(String json) throws Exception {
        return ItfValues.decode(new ObjectMapper().readTree(json), "test");
    }

    @Test
    void decodesEveryItfForm() throws Exception {
        assertEquals(Set.of(1L, 2L), decode("{\"#set\": [1, 2]}"));
        assertEquals(List.of("a", true), decode("{\"#tup\": [\"a\", true]}"));
        assertEquals(Map.of("r1", "working"), decode("{\"#map\": [[\"r1\", \"working\"]]}"));
        assertEquals(Map.of("type", "Commit"), decode("{\"type\": \"Commit\"}"));
        assertEquals(new BigInteger("123456789012345678901234567890"),
                decode("{\"#bigint\": \"123456789012345678901234567890\"}"));
        assertEquals(5L, decode("{\"#bigint\": \"5\"}"));
    }

    @Test
    void aFunctionFromOneToNIsTheSequenceOfItsValues() throws Exception {
        assertEquals(decode("[\"x\", \"y\"]"), decode("{\"#map\": [[2, \"y\"], [1, \"x\"]]}"));
        assertEquals(decode("[]"), decode("{\"#map\": []}"));
    }

    @Test
    void encodingAndDecodingAgree() throws Exception {
        Object v = Values.canonical(Map.of("rmState", Map.of("r1", "prepared"), "msgs",
                Set.of(Map.of("type", "Prepared", "rm", "r1")), "n", 7, "seq", List.of(1, 2)));
        assertEquals(v, ItfValues.decode(ItfValues.encode(v), "test"));
    }

    @Test
    void readsQuintsMbtTraces() {
        ItfTrace t = ItfTrace.read(QUINT);
        assertEquals(7, t.steps());
        assertEquals(new Label("RMPrepare", Map.of("rm", "r1")), t.actions().get(0));
        assertEquals(Label.of("TMCommit"), t.actions().get(4), "a None pick is no parameter");
        assertEquals("committed", t.states().get(7).get("tmState"));
    }

    @Test
    void readsRealQuintOutputInItsOwnVocabulary() {
        ItfTrace t = ItfTrace.read(REAL_QUINT);
        assertEquals(List.of("rmState", "tmState", "tmPrepared", "msgs"), t.vars(),
                "Quint lists mbt::actionTaken and mbt::nondetPicks in vars and names variables TwoPC3::TwoPC::msgs");
        assertEquals(10, t.steps());
        assertEquals(new Label("rmPrepare", Map.of("rm", "r3")), t.actions().get(0));
        assertEquals(Label.of("tmCommit"), t.actions().get(6), "Quint writes None for the pick a step did not make");
        assertEquals(Set.of(Map.of("tag", "Prepared", "value", "r3")), t.states().get(1).get("msgs"));
    }

    @Test
    void theMappingTurnsRealQuintOutputIntoTwoPhaseCommitsVocabulary() {
        ItfTrace t = ItfTrace.read(REAL_QUINT, Vocabulary.read(TWOPHASE_MAP));
        assertEquals(new Label("RMPrepare", Map.of("rm", "r3")), t.actions().get(0));
        assertEquals(Label.of("TMCommit"), t.actions().get(6));
        assertEquals(Set.of(Map.of("type", "Prepared", "rm", "r3")), t.states().get(1).get("msgs"));
        assertTrue(((Set<?>) t.states().get(7).get("msgs")).contains(Map.of("type", "Commit")),
                "a payload-free tag becomes the record its entry gives");
        assertEquals("committed", t.states().get(10).get("rmState") instanceof Map<?, ?> m ? m.get("r2") : null);
    }

    @Test
    void writtenTracesReadBackTheSame(@TempDir Path dir) throws Exception {
        ItfTrace t = ItfTrace.read(QUINT);
        Path out = dir.resolve("copy.itf.json");
        t.write(out, "a copy");
        ItfTrace back = ItfTrace.read(out);
        assertEquals(t.states(), back.states());
        assertEquals(t.actions(), back.actions());
        assertEquals(List.of("copy.itf.json"), Files.list(dir).map(p -> p.getFileName().toString()).toList(),
                "no temporary file is left behind");
    }

    @Test
    void badTracesAreNamedInOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.itf.json");
        Files.writeString(f, "{\"vars\": [\"x\"], \"states\": [{\"x\": 1}, {\"x\": 2}]}");
        assertEquals(f + ": state 1: no mbt::actionTaken",
                assertThrows(BadInputException.class, () -> ItfTrace.read(f)).getMessage());
        Files.writeString(f, "{\"vars\": [\"x\", \"y\"], \"states\": [{\"x\": 1}]}");
        assertEquals(f + ": state 0: missing variable y",
                assertThrows(BadInputException.class, () -> ItfTrace.read(f)).getMessage());
        assertEquals(dir.resolve("absent.itf.json") + ": no such file", assertThrows(BadInputException.class,
                () -> ItfTrace.read(dir.resolve("absent.itf.json"))).getMessage());
        Files.writeString(f, "{\"vars\": [");
        String msg = assertThrows(BadInputException.class, () -> ItfTrace.read(f)).getMessage();
        assertTrue(msg.startsWith(f + ": not valid JSON") && !msg.contains("\n"), msg);
    }
}
