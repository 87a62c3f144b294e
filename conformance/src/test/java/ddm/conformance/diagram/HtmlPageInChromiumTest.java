package ddm.conformance.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.itf.ItfTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagram's HTML page in a real browser, headless Chromium: loaded from a file:// URL, its script runs, selects
 * the step the address names and writes what the picture holds into the page; the counts must be the diagram's
 * (lanes, events, arrows, cuts), and the state panel must show the selected step. Screenshots are kept under
 * conformance/target/chromium. Two pages: a Quint-written 2PC trace, and the gallery's Chandy–Lamport counterexample
 * (whose cut and highlight the 2PC one lacks).
 */
class HtmlPageInChromiumTest {

    @TempDir
    Path work;

    static final Path ARTIFACTS = Repo.root().resolve("conformance/target/chromium");

    @Test
    void aQuintTwoPhaseTraceRendersItsLanesAndArrows() throws Exception {
        ItfTrace t = ItfTrace.read(Repo.root().resolve("conformance/src/test/resources/traces/quint-twophase-commit.itf.json"));
        SpaceTime d = TraceDiagram.draw(t, Choreographies.byName("twophase"), "a Quint trace of TwoPhaseCommit",
                Optional.empty(), Optional.empty());
        check(d, "quint-twophase", 2);
    }

    @Test
    void theGallerysSnapshotBugRendersItsCutAndHighlight() throws Exception {
        ItfTrace t = ItfTrace.read(Repo.root().resolve("docs/gallery/ChandyLamport-Ring3-NoInFlight.itf.json"));
        int last = t.steps();
        SpaceTime d = TraceDiagram.draw(t, Choreographies.byName("chandylamport"), "ChandyLamport-Ring3-NoInFlight",
                Optional.of(new SpaceTime.Highlight(last, "Invariant ChannelStatesMatchCut is violated.",
                        StateDiff.lines(t.states().get(last - 1), t.states().get(last)))), Optional.empty());
        assertEquals(1, d.cuts().size());
        check(d, "chandylamport-noinflight", last);
    }

    private void check(SpaceTime d, String name, int step) throws Exception {
        String html = HtmlPage.render(d);
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*(https?:|//[a-z]).*"),
                "the page refers to something outside itself");
        Path page = ARTIFACTS.resolve(name + ".html");
        DiagramFiles.write(page, html);
        HeadlessChromium chromium = HeadlessChromium.find(work);
        String url = page.toUri() + "#step=" + step;
        String dom = chromium.dumpDom(url);
        assertEquals(String.valueOf(d.lanes().size()), attribute(dom, "data-lanes"), dom);
        assertEquals(String.valueOf(d.events().size()), attribute(dom, "data-events"));
        assertEquals(String.valueOf(d.arrows().size()), attribute(dom, "data-arrows"));
        assertEquals(String.valueOf(d.cuts().size()), attribute(dom, "data-cuts"));
        assertEquals(String.valueOf(step), attribute(dom, "data-selected"));
        String title = "Step " + step + ": " + d.columns().get(step).label();
        assertTrue(dom.contains("<h2 id=\"step-title\">" + title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")),
                "the panel shows the selected step: " + title);
        assertTrue(dom.contains("class=\"column selected\" data-column=\"" + step + "\""), "the picture marks it");
        Path png = ARTIFACTS.resolve(name + ".png");
        chromium.screenshot(page.toUri().toString(), png, 1400, 900);
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG screenshot");
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile("<div id=\"rendered\"[^>]*\\b" + name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : "(no " + name + " in the rendered page)";
    }
}
