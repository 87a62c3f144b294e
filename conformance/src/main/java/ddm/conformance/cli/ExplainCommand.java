package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.diagram.Choreography;
import ddm.conformance.diagram.Choreographies;
import ddm.conformance.diagram.DiagramFiles;
import ddm.conformance.diagram.SpaceTime;
import ddm.conformance.diagram.StateDiff;
import ddm.conformance.diagram.TraceDiagram;
import ddm.conformance.explain.Counterexample;
import ddm.conformance.explain.Explanation;
import ddm.conformance.spec.Spec;
import ddm.conformance.tlc.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code explain}: runs TLC on a negative model, reads its counterexample, prints it in words (one line a step, in
 * the spec's vocabulary) and draws it (SVG and HTML, the violating step highlighted, a lasso's loop marked), and
 * writes it as an ITF trace. Exit 0 when TLC failed as the manifest expects, 1 when it failed otherwise, 2 for a
 * model that passes or is unknown, 3 when TLC could not run.
 */
@Command(name = "explain", description = "Explain a negative model's counterexample: TLC's error trace in words, "
        + "one line a step, and as a space-time diagram.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", required = true, description = "A negative model (a name in specs/models.json).")
    String model;

    @Option(names = "--out", description = "Where to write <model>.svg, <model>.html and <model>.itf.json "
            + "(default: target/explain under the root).")
    Path out;

    @Option(names = "--changes", description = "Under each step, the variables it changed.")
    boolean changes;

    @Option(names = "--quiet", description = "Print only where the picture went.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Model m = manifest.model(model);
        if (m.expect() == Model.Expect.PASS) {
            throw new BadInputException("model " + m.name() + " is expected to pass: explain needs a negative model "
                    + "(make models lists them with what they show)");
        }
        Counterexample c = Counterexample.find(manifest.root(), m, manifest.root().resolve(".tlc").resolve("explain")
                .resolve(m.name()));
        Explanation words = new Explanation(Spec.read(manifest.root().resolve(m.module())));
        if (!quiet) words.lines(c, changes).forEach(System.out::println);
        Path dir = out != null ? out : manifest.root().resolve("target").resolve("explain");
        Path stem = dir.resolve(m.name());
        c.trace().write(dir.resolve(m.name() + ".itf.json"), "TLC's counterexample of " + m.name() + ": " + c.tlc().violated());
        Optional<Choreography> chor = m.protocol().map(Choreographies::byName)
                .or(() -> Choreographies.forVariables(c.trace().vars()));
        if (chor.isEmpty()) {
            System.out.println("no diagram: no protocol's diagram reads the variables " + c.trace().vars());
        } else {
            int n = c.trace().steps();
            Optional<SpaceTime.Highlight> h = c.tlc().lasso() ? Optional.empty() : Optional.of(new SpaceTime.Highlight(n,
                    c.tlc().violated(), StateDiff.lines(c.trace().states().get(n - 1), c.trace().states().get(n))));
            SpaceTime d = TraceDiagram.draw(c.trace(), chor.get(), m.name() + ": " + c.tlc().violated(), h,
                    Explanation.loop(c), (i, l) -> words.call(l) + ": " + words.sentence(l)
                            + "\n" + String.join("\n", TraceDiagram.changes(c.trace(), i)));
            List<Path> written = DiagramFiles.write(d, stem);
            System.out.println("picture: " + shown(written.get(0)) + " (step through it: " + shown(written.get(1)) + ")");
        }
        boolean asExpected = c.tlc().violated().startsWith(switch (m.expect()) {
            case SAFETY -> "Invariant";
            case LIVENESS -> "Temporal";
            case DEADLOCK -> "Deadlock";
            default -> "";
        }) && m.violates().map(v -> c.tlc().violated().contains(" " + v + " ")).orElse(true);
        if (!asExpected) System.out.println("note: the manifest expects " + m.expect().word()
                + m.violates().map(v -> " (" + v + ")").orElse("") + ", TLC reported: " + c.tlc().violated());
        return asExpected ? Main.OK : Main.CHECK_FAILED;
    }

    /** A path under the root as the root sees it, any other in full. */
    private String shown(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith(manifest.root()) ? manifest.root().relativize(a).toString() : a.toString();
    }
}
