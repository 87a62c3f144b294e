package ddm.conformance.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.cli.Main;
import ddm.trace.Event;
import ddm.trace.EventFormat;
import ddm.trace.Var;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second input of diagrams: a run's per-node event logs (ddm.trace's NDJSON), each event after its node's
 * previous one and after the events it received from; concurrent events share a column.
 */
class EventLogDiagramTest {

    @TempDir
    Path tmp;

    static Event event(String node, long seq, String action, Map<String, Long> clock, List<Object> sent,
                       List<Object> received, List<String> from, List<Var> vars) {
        return new Event(node, seq, action, Map.of(), "1", clock, vars, sent, received, from, 0);
    }

    /** r1 votes, r2 gives up, the TM counts r1's vote and aborts, r1 hears the Abort. */
    List<Path> logs() throws Exception {
        Map<String, Object> prepared = Map.of("type", "Prepared", "rm", "r1"), abort = Map.of("type", "Abort");
        Map<String, List<Event>> byNode = Map.of(
                "r1", List.of(event("r1", 1, "RMPrepare", Map.of("r1", 1L), List.of(prepared), List.of(), List.of(),
                                List.of(Var.at("rmState", "r1", "prepared"))),
                        event("r1", 2, "RMRcvAbortMsg", Map.of("r1", 2L, "tm", 2L), List.of(), List.of(abort), List.of("tm#2"),
                                List.of(Var.at("rmState", "r1", "aborted")))),
                "r2", List.of(event("r2", 1, "RMChooseToAbort", Map.of("r2", 1L), List.of(), List.of(), List.of(), List.of())),
                "tm", List.of(event("tm", 1, "TMRcvPrepared", Map.of("tm", 1L, "r1", 1L), List.of(), List.of(prepared),
                                List.of("r1#1"), List.of()),
                        event("tm", 2, "TMAbort", Map.of("tm", 2L, "r1", 1L), List.of(abort), List.of(), List.of(),
                                List.of(Var.whole("tmState", "aborted")))));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<Event>> n : byNode.entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (Event e : n.getValue()) sb.append(EventFormat.encode(e)).append('\n');
            Path f = Files.createDirectories(tmp.resolve("run7")).resolve(n.getKey() + ".ndjson");
            Files.writeString(f, sb);
            files.add(f);
        }
        return files;
    }

    @Test
    void eachEventComesAfterWhatItReceivedAndMessagesLinkSendToReceive() throws Exception {
        SpaceTime d = EventLogDiagram.draw(EventLogDiagram.read(logs()), "run 7");
        assertEquals(List.of("r1", "r2", "tm"), d.lanes().stream().map(SpaceTime.Lane::id).toList());
        Map<String, Integer> col = new java.util.HashMap<>();
        for (SpaceTime.Event e : d.events()) col.put(d.lane(e.lane()).id() + " " + e.label(), e.column());
        assertEquals(Map.of("r1 RMPrepare", 1, "r2 RMChooseToAbort", 1, "tm TMRcvPrepared", 2, "tm TMAbort", 3,
                "r1 RMRcvAbortMsg", 4), col);
        assertEquals(2, d.arrows().size());
        for (SpaceTime.Arrow a : d.arrows()) {
            assertEquals(SpaceTime.Fate.RECEIVED, a.fate());
            assertTrue(d.event(a.to()).column() > d.event(a.from()).column());
        }
        assertEquals(List.of("Prepared", "Abort"), d.arrows().stream().map(SpaceTime.Arrow::label).toList());
        assertEquals("\"aborted\"", d.columns().get(3).state().get("tm: tmState"));
        assertEquals(5, d.columns().size());
    }

    @Test
    void theCliDrawsARunFromItsLogs() throws Exception {
        List<Path> files = logs();
        List<String> args = new ArrayList<>(List.of("diagram", "--out", tmp.resolve("out").toString()));
        files.forEach(f -> args.add(f.toString()));
        assertEquals(0, Main.run(args.toArray(String[]::new)));
        assertTrue(Files.readString(tmp.resolve("out/run7-events.svg")).contains("data-lane=\"tm\""));
        assertTrue(Files.exists(tmp.resolve("out/run7-events.html")));
        assertEquals(2, Main.run("diagram", files.get(0).toString(), tmp.resolve("x.itf.json").toString()),
                "logs and traces at once are bad input");
    }
}
