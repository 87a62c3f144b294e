package ddm.conformance.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.BadInputException;
import ddm.conformance.Repo;
import ddm.conformance.itf.ItfTrace;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The diagram model and its layout, on the gallery's counterexamples (TLC's, labelled, committed beside their
 * pictures): which lanes, events and arrows a trace makes, that everything is placed in time order, that arrows end
 * at the events that sent and received them, and that a cut passes through the recorded points.
 */
class LayoutTest {

    static SpaceTime draw(String model) {
        ItfTrace t = ItfTrace.read(Repo.root().resolve("docs/gallery/" + model + ".itf.json"));
        return TraceDiagram.draw(t, TraceDiagram.choreography(t, null), model, Optional.empty(), Optional.empty());
    }

    @Test
    void aMajorityCommitHasTheTmAndThreeRmsAndTheCommitReachesOnlyOne() {
        SpaceTime d = draw("TwoPhase-3-commit-on-majority");
        assertEquals(List.of("TM", "r1", "r2", "r3"), d.lanes().stream().map(SpaceTime.Lane::id).toList());
        assertEquals(8, d.columns().size());
        assertEquals(7, d.events().size(), "one event a step");
        List<SpaceTime.Arrow> prepared = d.arrows().stream().filter(a -> a.label().equals("Prepared")).toList();
        assertEquals(2, prepared.size());
        for (SpaceTime.Arrow a : prepared) {
            assertEquals(SpaceTime.Fate.RECEIVED, a.fate());
            assertEquals("TM", d.lane(d.event(a.to()).lane()).id());
            assertEquals("TMRcvPrepared", d.event(a.to()).label());
        }
        Map<String, SpaceTime.Fate> commit = d.arrows().stream().filter(a -> a.label().equals("Commit"))
                .collect(Collectors.toMap(a -> d.lane(a.toLane()).id(), SpaceTime.Arrow::fate));
        assertEquals(Map.of("r1", SpaceTime.Fate.RECEIVED, "r2", SpaceTime.Fate.IN_FLIGHT, "r3", SpaceTime.Fate.IN_FLIGHT), commit);
        SpaceTime.Event tmCommit = d.events().stream().filter(e -> e.label().equals("TMCommitOnMajority")).findFirst().orElseThrow();
        assertEquals(Set.of(SpaceTime.Mark.COMMIT), tmCommit.marks());
        assertTrue(d.events().stream().anyMatch(e -> e.label().equals("RMChooseToAbort") && e.marks().contains(SpaceTime.Mark.ABORT)));
    }

    @Test
    void everythingIsPlacedInTimeOrderAndArrowsEndAtTheirEvents() {
        for (String model : List.of("TwoPhase-3-commit-on-majority", "TwoPhaseRecovery-3-tm-no-force",
                "PaxosCommit-NoQuorumIntersection", "ChandyLamport-Ring3-NoInFlight", "EpochAlignment-FanIn-ForwardFirst")) {
            SpaceTime d = draw(model);
            Layout l = new Layout(d);
            for (SpaceTime.Event e : d.events()) {
                assertEquals(l.x(e.column()), l.at(e).x(), model);
                assertEquals(l.y(e.lane()), l.at(e).y(), model);
            }
            for (int c = 1; c < d.columns().size(); c++) assertTrue(l.x(c) > l.x(c - 1));
            for (int i = 1; i < d.lanes().size(); i++) assertTrue(l.y(i) > l.y(i - 1));
            for (Layout.ArrowAt a : l.arrows()) {
                assertEquals(l.at(d.event(a.arrow().from())), a.from(), model + " " + a.arrow());
                if (a.arrow().fate() == SpaceTime.Fate.RECEIVED) {
                    assertEquals(l.at(d.event(a.arrow().to())), a.to(), model + " " + a.arrow());
                    assertTrue(d.event(a.arrow().to()).column() > d.event(a.arrow().from()).column(),
                            model + ": a message is received after it is sent: " + a.arrow());
                } else {
                    assertTrue(a.to().x() > a.from().x() && a.to().x() <= l.end(), model + " " + a.arrow());
                }
            }
        }
    }

    @Test
    void theCutPassesThroughTheRecordedPointsInLaneOrder() {
        SpaceTime d = draw("ChandyLamport-Ring3-NoInFlight");
        assertEquals(1, d.cuts().size());
        Layout l = new Layout(d);
        Layout.CutAt cut = l.cuts().get(0);
        List<SpaceTime.Event> recorded = d.events().stream().filter(e -> e.marks().contains(SpaceTime.Mark.RECORD)).toList();
        assertEquals(List.of("p1", "p3"), recorded.stream().map(e -> d.lane(e.lane()).id()).toList(),
                "p1 and p3 initiate; p2 never records");
        for (SpaceTime.Event e : recorded) {
            int i = cut.points().indexOf(l.at(e));
            assertTrue(i > 0, "the cut passes through " + e);
            assertTrue(cut.recorded().get(i));
        }
        for (int i = 1; i < cut.points().size(); i++) {
            assertTrue(cut.points().get(i).y() > cut.points().get(i - 1).y(), "top to bottom");
        }
        Layout.Point p2 = cut.points().get(2);
        assertEquals(l.y(1), p2.y());
        assertTrue(p2.x() > l.x(d.columns().size() - 1) && !cut.recorded().get(2), "p2, unrecorded, is passed at the end");
        SpaceTime.Event done = d.events().stream().filter(e -> e.note().contains("p3->p1 = <<>>")).findFirst().orElseThrow();
        assertEquals("RcvMarker", done.label(), "the channel's recorded state is written where its marker arrived");
    }

    @Test
    void alignmentShadesTheBlockedChannelsAndMarksTheSnapshots() {
        SpaceTime d = draw("EpochAlignment-FanIn-ForwardFirst");
        List<SpaceTime.Span> blocked = d.spans().stream().filter(s -> s.kind().equals("blocked")).toList();
        assertEquals(2, blocked.size());
        int forward = d.events().stream().filter(e -> e.label().equals("ForwardBarrier")).findFirst().orElseThrow().column();
        for (SpaceTime.Span s : blocked) {
            assertEquals("op", d.lane(s.lane()).id());
            assertEquals(forward, s.to(), "forwarding the barrier unblocks the inputs");
        }
        List<String> records = d.events().stream().filter(e -> e.marks().contains(SpaceTime.Mark.RECORD))
                .map(e -> d.lane(e.lane()).id() + ":" + e.label()).toList();
        assertEquals(List.of("s1:InjectBarrier", "s2:InjectBarrier", "op:RecordLate"), records);
        assertTrue(d.arrows().stream().anyMatch(a -> a.kind().equals("barrier")) && d.arrows().stream().anyMatch(a -> a.kind().equals("record")));
    }

    @Test
    void paxosArrowsTakeTheirBallotsColourAndLeadersGetLanes() {
        SpaceTime d = draw("PaxosCommit-NoQuorumIntersection");
        assertEquals(List.of("r1", "r2", "a1", "a2", "a3", "leader 1"), d.lanes().stream().map(SpaceTime.Lane::id).toList());
        assertEquals(Set.of("ballot-0", "ballot-1"), d.arrows().stream().map(SpaceTime.Arrow::kind).collect(Collectors.toSet()));
        assertTrue(d.arrows().stream().anyMatch(a -> a.label().startsWith("1b") && a.fate() == SpaceTime.Fate.RECEIVED
                && d.event(a.to()).label().equals("Phase2a")), "the leader reads the phase 1b reports");
    }

    @Test
    void theSvgIsWellFormedAndHoldsWhatTheModelHolds() throws Exception {
        SpaceTime d = draw("ChandyLamport-Ring3-NoInFlight");
        String svg = Svg.render(d);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(d.lanes().size(), count(svg, "<g class=\"lane "));
        assertEquals(d.events().size(), count(svg, " data-event=\""));
        assertEquals(d.arrows().size(), count(svg, "<g class=\"arrow "));
        assertEquals(d.columns().size(), count(svg, "<g class=\"column\""));
        assertEquals(1, count(svg, "<g class=\"cut\""));
    }

    @Test
    void aTraceOfAnotherProtocolIsBadInput() {
        ItfTrace t = ItfTrace.read(Repo.root().resolve("docs/gallery/TwoPhase-3-commit-on-majority.itf.json"));
        BadInputException e = assertThrows(BadInputException.class, () -> TraceDiagram.draw(t,
                Choreographies.byName("chandylamport"), "x", Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("the diagram needs variables"), e.getMessage());
        assertThrows(BadInputException.class, () -> Choreographies.byName("nosuch"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
