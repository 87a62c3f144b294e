package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.Protocols;
import ddm.conformance.diagram.DiagramFiles;
import ddm.conformance.explain.Explanation;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.replay.Replayer;
import ddm.conformance.shrink.GraphShrinker;
import ddm.conformance.shrink.RegressionTest;
import ddm.conformance.shrink.Reproduction;
import ddm.conformance.shrink.ScheduleShrinker;
import ddm.conformance.spec.Spec;
import ddm.conformance.tlc.Model;
import ddm.conformance.validate.Validator;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shrink}: makes a failing trace small and writes it as a JUnit 5 test. A trace that diverges in replay
 * against the code is shrunk to the shortest path in the model's state graph to the diverging edge; a trace that
 * replays but is not a behaviour of the spec (a recorded run that fails validation) is shrunk by delta debugging its
 * schedule. Exit 1 when the trace fails (the test is written), 0 when it conforms (nothing to shrink), 2 on bad input,
 * 3 when TLC or a file could not be used.
 */
@Command(name = "shrink", description = "Shrink a failing trace (a replay divergence, or a recorded run that fails "
        + "validation) and write it as a JUnit 5 regression test.")
final class ShrinkCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", required = true, description = "The model whose state graph judges the trace.")
    String model;

    @Option(names = "--protocol", description = "The protocol adapter (default: the model's).")
    String protocol;

    @Option(names = "--out", description = "The folder of the test's package (default: "
            + "conformance/src/test/java/ddm/conformance/regression under the root).")
    Path out;

    @Option(names = "--package", defaultValue = "ddm.conformance.regression", description = "The test's package.")
    String pkg;

    @Parameters(arity = "1", paramLabel = "TRACE", description = "The failing ITF trace.")
    Path file;

    @Override
    public Integer call() throws Exception {
        Model m = manifest.model(model);
        String p = protocol != null ? protocol : m.protocol().orElseThrow(() -> new BadInputException(
                "model " + m.name() + " names no protocol: give --protocol"));
        if (m.walks().isPresent()) {
            throw new BadInputException("model " + m.name() + " is too large to enumerate: shrinking needs its state graph");
        }
        ItfTrace trace = ItfTrace.read(file);
        ProtocolAdapter adapter = Protocols.byName(p).replayAdapter();
        StateGraph g = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
        Reproduction r;
        Optional<Divergence> d = new Replayer(adapter).replay(trace);
        if (d.isPresent()) {
            r = GraphShrinker.shrink(m.name(), p, g, adapter, trace, d.get());
        } else {
            Optional<Validator.Failure> f = new Validator(g).validate(trace, null);
            if (f.isEmpty()) {
                System.out.println(trace.source() + ": replays against the code and is a behaviour of " + m.name()
                        + ": nothing to shrink");
                return Main.OK;
            }
            if (f.get().step() < 1) throw new BadInputException(f.get().report());
            r = ScheduleShrinker.shrink(m.name(), p, g, adapter, trace, f.get());
        }
        Explanation words = new Explanation(Spec.read(manifest.root().resolve(m.module())));
        System.out.println("shrunk " + r.origin());
        for (int i = 0; i < r.steps().size(); i++) System.out.println(words.line(i + 1, r.steps().get(i)));
        String name = RegressionTest.className(m.name(), r.failing());
        Path dir = out != null ? out : manifest.root().resolve("conformance/src/test/java").resolve(pkg.replace('.', '/'));
        Path test = dir.resolve(name + ".java");
        DiagramFiles.write(test, RegressionTest.source(r, pkg, name, adapter.getClass(), words::sentence));
        System.out.println("wrote " + test + " (" + (r.expected() instanceof Reproduction.Refused
                ? "the code must refuse " : "the code must take ") + r.failing() + " as the spec does)");
        return Main.CHECK_FAILED;
    }
}
