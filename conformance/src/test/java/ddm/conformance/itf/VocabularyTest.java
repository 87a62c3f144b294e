package ddm.conformance.itf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ddm.conformance.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each section of a mapping file, on small traces in Quint's shape, and mapping files that are bad input. */
class VocabularyTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    static Vocabulary vocabulary(String mapping) throws Exception {
        return Vocabulary.parse(json(mapping), "map.json");
    }

    /** A two-state trace with one variable {@code x} (module-qualified) and one step {@code act}. */
    static ItfTrace trace(Vocabulary v, String x0, String x1, String picks) throws Exception {
        JsonNode t = json("{'vars': ['M::I::x', 'mbt::actionTaken', 'mbt::nondetPicks'], 'states': ["
                + "{'#meta': {'index': 0}, 'M::I::x': " + x0 + ", 'mbt::actionTaken': 'init', 'mbt::nondetPicks': {}},"
                + "{'#meta': {'index': 1}, 'M::I::x': " + x1 + ", 'mbt::actionTaken': 'act', 'mbt::nondetPicks': "
                + picks + "}]}");
        return ItfTrace.parse(v.translate(t, "t.itf.json"), "t.itf.json");
    }

    @Test
    void withoutAMappingQuintsEnvelopeIsReadAsItIs() throws Exception {
        ItfTrace t = trace(Vocabulary.NONE, "{'tag': 'Working', 'value': {'#tup': []}}", "1",
                "{'p': {'tag': 'Some', 'value': 'a'}, 'q': {'tag': 'None', 'value': {'#tup': []}}}");
        assertEquals(List.of("x"), t.vars(), "mbt:: entries are not variables; the module path is dropped");
        assertEquals(Map.of("tag", "Working", "value", List.of()), t.states().get(0).get("x"),
                "an unmapped sum value is the record Quint writes");
        assertEquals(new Label("act", Map.of("p", "a")), t.actions().get(0), "Some is a parameter, None is none");
    }

    @Test
    void variablesActionsAndParamsAreRenamed() throws Exception {
        Vocabulary byFullName = vocabulary("{'variables': {'M::I::x': 'y'}, 'actions': {'act': 'Act'},"
                + " 'params': {'p': 'rm'}}");
        ItfTrace t = trace(byFullName, "0", "1", "{'p': {'tag': 'Some', 'value': 'a'}}");
        assertEquals(List.of("y"), t.vars());
        assertEquals(1L, t.states().get(1).get("y"));
        assertEquals(new Label("Act", Map.of("rm", "a")), t.actions().get(0));
        ItfTrace byShortName = trace(vocabulary("{'variables': {'x': 'y'}}"), "0", "1", "{}");
        assertEquals(List.of("y"), byShortName.vars());
    }

    @Test
    void fieldsAreRenamedInEveryRecordButNotInFunctions() throws Exception {
        Vocabulary v = vocabulary("{'fields': {'kind': 'type'}}");
        ItfTrace t = trace(v, "{'#set': [{'kind': 'Commit'}]}",
                "{'#map': [['kind', {'kind': 'Abort', 'rm': 'r1'}]]}", "{'m': {'tag': 'Some', 'value': {'kind': 'X'}}}");
        assertEquals(Set.of(Map.of("type", "Commit")), t.states().get(0).get("x"));
        assertEquals(Map.of("kind", Map.of("type", "Abort", "rm", "r1")), t.states().get(1).get("x"),
                "a #map's key is a value, not a field");
        assertEquals(Map.of("type", "X"), t.actions().get(0).params().get("m"));
    }

    @Test
    void tagsBecomeTheirEntriesWithThePayloadInPlace() throws Exception {
        Vocabulary v = vocabulary("{'tags': {'Working': 'working', 'Prepared': {'type': 'Prepared', 'rm': '$value'},"
                + " 'Some': 'never'}, 'fields': {'who': 'rm'}}");
        ItfTrace t = trace(v, "{'#map': [['r1', {'tag': 'Working', 'value': {'#tup': []}}]]}",
                "{'#set': [{'tag': 'Prepared', 'value': 'r1'}, {'tag': 'Prepared', 'value': {'who': 'r2'}}]}",
                "{'p': {'tag': 'Some', 'value': {'tag': 'Working', 'value': {'#tup': []}}}}");
        assertEquals(Map.of("r1", "working"), t.states().get(0).get("x"));
        assertEquals(Set.of(Map.of("type", "Prepared", "rm", "r1"), Map.of("type", "Prepared", "rm", Map.of("rm", "r2"))),
                t.states().get(1).get("x"), "the payload is translated (who -> rm) before it is put in place");
        assertEquals(new Label("act", Map.of("p", "working")), t.actions().get(0),
                "a pick's Option wrapper is never mapped, its value is");
    }

    @Test
    void ambiguousModulePathsAreKeptForAMappingToTellApart() throws Exception {
        JsonNode t = json("{'vars': ['A::x', 'B::x'], 'states': [{'A::x': 1, 'B::x': 2}]}");
        assertEquals(List.of("A::x", "B::x"), ItfTrace.parse(t, "t").vars());
        Vocabulary v = vocabulary("{'variables': {'A::x': 'a', 'B::x': 'b'}}");
        assertEquals(List.of("a", "b"), ItfTrace.parse(v.translate(t, "t"), "t").vars());
        BadInputException e = assertThrows(BadInputException.class,
                () -> vocabulary("{'variables': {'A::x': 'x', 'B::x': 'x'}}").translate(t, "t"));
        assertEquals("t: two variables map to x", e.getMessage());
    }

    @Test
    void aFieldRenamedOntoAnotherIsBadInput() throws Exception {
        Vocabulary v = vocabulary("{'fields': {'kind': 'type'}}");
        BadInputException e = assertThrows(BadInputException.class, () -> trace(v, "{'kind': 'a', 'type': 'b'}", "0", "{}"));
        assertEquals("t.itf.json: state 0: M::I::x: a record would have field type twice after mapping", e.getMessage());
    }

    @Test
    void badMappingFilesAreOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Map<String, String> cases = Map.of(
                "{'actions': ", "not valid JSON",
                "[1]", "a mapping is a JSON object",
                "{'action': {}}", "unknown section \"action\" (known: description, variables, actions, params, fields, tags)",
                "{'fields': ['kind']}", "\"fields\" must be an object",
                "{'actions': {'a': 1}}", "actions.a must be a non-empty string, not 1",
                "{'params': {'a': ''}}", "params.a must be a non-empty string, not \"\"",
                "{'description': 3}", "\"description\" must be a string");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = dir.resolve("bad.map.json");
            Files.writeString(f, c.getKey().replace('\'', '"'));
            String msg = assertThrows(BadInputException.class, () -> Vocabulary.read(f), c.getKey()).getMessage();
            assertTrue(msg.startsWith(f + ": " + c.getValue()) && !msg.contains("\n"), c.getKey() + " -> " + msg);
        }
        assertEquals(dir.resolve("absent.json") + ": no such mapping file",
                assertThrows(BadInputException.class, () -> Vocabulary.read(dir.resolve("absent.json"))).getMessage());
    }
}
