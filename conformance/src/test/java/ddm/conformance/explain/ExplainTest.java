package ddm.conformance.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.cli.Main;
import ddm.conformance.itf.Label;
import ddm.conformance.tlc.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain}: TLC's counterexample read, labelled and said in the spec's words, for a safety violation (the
 * majority-commit TM, through the CLI, which must also redraw the gallery's picture of it exactly) and a lasso (a
 * small spec whose behaviour loops, TLC's "Back to state"); TLC's output format and values are read as TLC prints
 * them.
 */
class ExplainTest {

    @TempDir
    Path tmp;

    @Test
    void theMajorityCommitIsExplainedStepByStepAndDrawnAsInTheGallery() throws Exception {
        String model = "TwoPhase-3-commit-on-majority";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream was = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("explain", "--root", Repo.root().toString(), "--model", model, "--out", tmp.toString());
        } finally {
            System.setOut(was);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.contains("  1. RMPrepare(r1)  Working resource manager r1 prepares and sends Prepared to the TM."), text);
        assertTrue(lines.contains("  6. TMCommitOnMajority  Bug: the TM commits once a majority of the RMs prepared, not all."), text);
        assertTrue(lines.contains("  7. RMRcvCommitMsg(r1)  Prepared resource manager r1 receives Commit and commits."), text);
        assertTrue(lines.contains("After step 7: Invariant Consistency is violated."), text);
        for (String ext : List.of(".svg", ".itf.json")) {
            Path drawn = tmp.resolve(model + ext), gallery = Repo.root().resolve("docs/gallery/" + model + ext);
            assertEquals(Files.readString(gallery), Files.readString(drawn), "make gallery is out of date for " + gallery);
        }
        assertTrue(Files.readString(tmp.resolve(model + ".html")).contains("<script type=\"application/json\" id=\"data\">"));
    }

    @Test
    void aLassoIsLabelledWithTheStepBackAndWhereItsLoopStarts() throws Exception {
        Files.writeString(tmp.resolve("Lasso.tla"), """
                ---- MODULE Lasso ----
                EXTENDS Naturals
                VARIABLE x
                (* x goes up by one. *)
                Up == x < 2 /\\ x' = x + 1
                (* x goes down from the top. *)
                Down == x = 2 /\\ x' = 1
                Init == x = 0
                Next == Up \\/ Down
                Spec == Init /\\ [][Next]_x /\\ WF_x(Next)
                Never == <>(x = 3)
                ====
                """);
        Files.writeString(tmp.resolve("Lasso.cfg"), "SPECIFICATION Spec\nPROPERTY Never\n");
        Model m = new Model("Lasso", "Lasso.tla", "Lasso.cfg", Model.Expect.LIVENESS, Model.Tier.CI, OptionalLong.empty(),
                Optional.empty(), 1, "", Optional.empty(), Optional.empty());
        Counterexample c = Counterexample.find(tmp, m, tmp.resolve("work"));
        assertTrue(c.tlc().loopsBackTo().isPresent() && c.tlc().lasso());
        assertEquals(List.of("Up", "Up", "Down"), c.steps().stream().map(Label::action).toList(), "the step back is the last");
        assertEquals(Optional.of(1), c.loopFrom(), "the loop starts at the state after step 1");
        assertEquals(c.trace().states().get(1), c.trace().states().get(3));
        List<String> lines = new Explanation(ddm.conformance.spec.Spec.read(tmp.resolve("Lasso.tla"))).lines(c, false);
        assertTrue(lines.contains("     --- the loop starts here: the steps below repeat forever ---"), lines.toString());
        assertEquals("Step 3 returns to the state after step 1: steps 2 to 3 repeat forever, and temporal properties were violated.",
                lines.get(lines.size() - 1));
        assertTrue(lines.contains("  3. Down  x goes down from the top."), lines.toString());
    }

    @Test
    void tlcsOutputIsReadAsTlcPrintsIt() {
        TlcErrorTrace t = TlcErrorTrace.parse("""
                Error: Invariant Inv is violated.
                Error: The behavior up to this point is:
                State 1: <Initial predicate>
                /\\ f = (<<p1, p2>> :> <<>> @@ <<p2, p1>> :> <<[type |-> "m", n |-> -1]>>)
                /\\ s = {r1, "r2"}

                State 2: <Act line 3, col 5 to line 4, col 9 of module M>
                /\\ f = ( <<p1, p2>> :> <<[type |-> "m", n |-> 2]>> @@
                  <<p2, p1>> :> <<>> )
                /\\ s = 1..3

                10 states generated, 3 distinct states found, 0 states left on queue.
                """);
        assertEquals("Invariant Inv is violated.", t.violated());
        assertEquals(2, t.states().size());
        assertEquals(List.of(Optional.of("Act")), t.actions());
        Map<String, Object> s0 = t.states().get(0), s1 = t.states().get(1);
        assertEquals(ddm.conformance.itf.Values.canonical(java.util.Set.of("r1", "r2")), s0.get("s"));
        assertEquals(ddm.conformance.itf.Values.canonical(java.util.Set.of(1L, 2L, 3L)), s1.get("s"));
        assertEquals(ddm.conformance.itf.Values.canonical(Map.of(List.of("p1", "p2"), List.of(),
                List.of("p2", "p1"), List.of(Map.of("type", "m", "n", -1L)))), s0.get("f"));
        assertTrue(!t.lasso());
        TlcErrorTrace stutter = TlcErrorTrace.parse("""
                Error: Temporal properties were violated.

                Error: The following behavior constitutes a counter-example:

                State 1: <Initial predicate>
                x = 0

                State 2: Stuttering
                Finished checking temporal properties in 00s
                """);
        assertTrue(stutter.stutters() && stutter.states().size() == 1);
    }
}
