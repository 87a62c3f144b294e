package ddm.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFormatTest {

    private static Event event(String node, long seq, Map<String, Long> clock) {
        return new Event(node, seq, "RMPrepare", Map.of("rm", node), "7", clock,
                List.of(Var.at("rmState", node, "prepared"), Var.whole("tmPrepared", Set.of("rm1", "rm2"))),
                List.of(Map.of("type", "Prepared", "rm", node)), List.of(), List.of("tm#2"), 42);
    }

    @Test
    void anEventReadsBackAsWritten() {
        Event e = event("rm1", 4, Map.of("rm1", 4L, "tm", 2L));
        String line = EventFormat.encode(e);
        assertEquals(e, EventFormat.decode(line));
        assertTrue(line.startsWith("{\"v\":1,\"node\":\"rm1\",\"seq\":4,\"action\":\"RMPrepare\""), line);
    }

    @Property(tries = 300)
    void valuesRoundTrip(@ForAll("values") Object v) {
        assertEquals(v, Json.value(Json.parse(Json.write(v))));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> atoms = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.recursive(() -> atoms, inner -> Arbitraries.oneOf(
                inner.set().ofMaxSize(3).map(s -> (Object) s),
                inner.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(inner, inner).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m)),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4), inner).ofMaxSize(3)
                        .map(m -> (Object) new LinkedHashMap<>(m))), 3);
    }

    @Test
    void badLinesAreRefusedWithTheReason() {
        assertEquals("bad JSON at offset 1: expected a key",
                assertThrows(IllegalArgumentException.class, () -> EventFormat.decode("{,")).getMessage());
        assertEquals("unknown field \"colour\"", assertThrows(IllegalArgumentException.class,
                () -> EventFormat.decode("{\"v\":1,\"colour\":1}")).getMessage());
        assertEquals("not an event of version 1 (\"v\" is 2)", assertThrows(IllegalArgumentException.class,
                () -> EventFormat.decode("{\"v\":2}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventFormat.decode(
                "{\"v\":1,\"node\":\"a\",\"seq\":2,\"action\":\"X\",\"clock\":{\"a\":1}}")).getMessage()
                .contains("whose own component is not its seq"));
    }

    @Test
    void aFileReadsBackAndItsDeadNodesCrashIsAppended(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rm1.events.ndjson");
        try (NdjsonEventLog log = NdjsonEventLog.open(file)) {
            NodeRecorder r = new NodeRecorder("rm1", log);
            r.received(Map.of("tm", 3L));
            assertEquals(Map.of("rm1", 1L, "tm", 3L), r.step("RMPrepare", Map.of("rm", "rm1"), "1", List.of(),
                    List.of(), List.of(), List.of()));
        }
        Event crash = NdjsonEventLog.appendAfter(file, "rm1", "RMCrash", Map.of("rm", "rm1"));
        assertEquals(Map.of("rm1", 2L, "tm", 3L), crash.clock());
        List<Event> all = NdjsonEventLog.read(file);
        assertEquals(List.of("RMPrepare", "RMCrash"), all.stream().map(Event::action).toList());
        try (NdjsonEventLog log = NdjsonEventLog.open(file)) {
            NodeRecorder again = NodeRecorder.resume("rm1", log, all.get(1), Level.VARS, Set.of());
            assertEquals(3L, VectorClock.get(again.step("RMRecover", Map.of("rm", "rm1"), null, List.of(), List.of(),
                    List.of(), List.of()), "rm1"));
        }
    }

    @Test
    void aCutLastLineAndAMissingEventAreRefused(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.ndjson");
        Files.writeString(cut, EventFormat.encode(event("rm1", 1, Map.of("rm1", 1L))) + "\n{\"v\":1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NdjsonEventLog.read(cut)).getMessage()
                .endsWith("cut.ndjson:2: last line cut short (no newline)"));
        Path gap = dir.resolve("gap.ndjson");
        Files.writeString(gap, EventFormat.encode(event("rm1", 1, Map.of("rm1", 1L))) + "\n"
                + EventFormat.encode(event("rm1", 3, Map.of("rm1", 3L))) + "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NdjsonEventLog.read(gap)).getMessage()
                .endsWith("gap.ndjson:2: event rm1#3 where rm1#2 was due"));
    }

    @Test
    void levelsKeepWhatTheySay() {
        NodeRecorder.at("rm1", new MemoryEventLog(), Level.EVENTS, Set.of());
        Event e = event("rm1", 1, Map.of("rm1", 1L));
        assertEquals(Map.of(), e.at(Level.EVENTS, Set.of()).params());
        assertEquals(Map.of("rm", "rm1"), e.at(Level.PARAMS, Set.of()).params());
        assertEquals(List.of(), e.at(Level.PARAMS, Set.of()).vars());
        assertEquals(List.of("rmState"), e.at(Level.PARTIAL, Set.of("rmState")).vars().stream().map(Var::var).toList());
        assertEquals(e, e.at(Level.VARS, Set.of()));
    }

    @Test
    void clocksOrderEvents() {
        Map<String, Long> a = Map.of("p", 1L), b = Map.of("p", 1L, "q", 1L), c = Map.of("q", 1L);
        assertTrue(VectorClock.before(a, b));
        assertTrue(VectorClock.concurrent(a, c));
        assertEquals(b, VectorClock.merge(a, c));
        assertEquals(Map.of("p", 2L), VectorClock.tick(a, "p"));
    }
}
