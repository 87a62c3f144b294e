package ddm.conformance.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.adapters.TwoPhaseAdapter;
import ddm.conformance.itf.Label;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.shrink.EmittedTests;
import ddm.conformance.shrink.RegressionTest;
import ddm.conformance.shrink.Reproduction;
import ddm.conformance.shrink.Steps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.AssertionFailedError;

/**
 * The other kind of written regression test: the spec does not allow the last step, so the code must refuse it and
 * change nothing. The reproduction is the majority-commit bug's (two of three RMs prepared and counted, then
 * TMCommit), as the refusal check finds it; the written test passes on the real TM and fails on the one that commits
 * on a majority.
 */
public class RefusalRegressionTestTest {

    @TempDir
    Path work;

    /** The seeded bug, for the written test's subclass. */
    public static ProtocolAdapter commitsOnMajority() {
        return new TwoPhaseAdapter(rms -> BrokenCommit.system(rms, BrokenCommit.tm(BrokenCommit.CommitsOnMajority::new)));
    }

    @Test
    void aWrittenRefusalTestPassesOnTheRealCodeAndFailsOnTheBug() throws Exception {
        Map<String, Object> init = Steps.state("""
                {"rmState": {"r1": "working", "r2": "working", "r3": "working"}, "tmState": "init",
                 "tmPrepared": {"#set": []}, "msgs": {"#set": []}}""");
        List<Label> steps = List.of(Steps.label("RMPrepare", "rm", "r1"), Steps.label("RMPrepare", "rm", "r2"),
                Steps.label("TMRcvPrepared", "rm", "r1"), Steps.label("TMRcvPrepared", "rm", "r2"), Label.of("TMCommit"));
        Reproduction r = new Reproduction("TwoPhase-3", "twophase", Map.of(), init, steps,
                steps.stream().map(s -> Optional.<Map<String, Object>>empty()).toList(), new Reproduction.Refused(init),
                "the refusal check's shortest path to the state where TMCommit is disabled");
        String name = RegressionTest.className("TwoPhase-3", r.failing());
        String pkg = "ddm.conformance.regression";
        String source = RegressionTest.source(r, pkg, name, TwoPhaseAdapter.class, l -> "");
        assertTrue(source.contains("assertThrows(RuntimeException.class, () -> code.apply(Steps.label(\"TMCommit\"))"), source);
        String sub = "package " + pkg + ";\n\nclass Broken" + name + " extends " + name + " {\n    @Override\n"
                + "    protected ddm.conformance.replay.ProtocolAdapter adapter() {\n        return "
                + RefusalRegressionTestTest.class.getName() + ".commitsOnMajority();\n    }\n}\n";
        EmittedTests t = EmittedTests.compile(work, Map.of(pkg + "." + name, source, pkg + ".Broken" + name, sub));
        TestExecutionSummary good = t.run(pkg + "." + name);
        assertEquals(1, good.getTestsSucceededCount(), () -> good.getFailures().toString() + "\n" + source);
        TestExecutionSummary bad = t.run(pkg + ".Broken" + name);
        assertEquals(1, bad.getTestsFailedCount(), () -> "passed against the majority-commit TM\n" + source);
        assertTrue(bad.getFailures().get(0).getException() instanceof AssertionFailedError,
                () -> bad.getFailures().get(0).getException().toString());
    }
}
