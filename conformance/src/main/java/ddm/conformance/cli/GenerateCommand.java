package ddm.conformance.cli;

import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.tlc.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: write a model's traces (its path cover, or its walks) as ITF files. */
@Command(name = "generate", description = "Explore a model with TLC and write its traces as ITF JSON.")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", required = true, description = "The model (a name in specs/models.json).")
    String model;

    @Option(names = "--out", required = true, description = "The folder to write <model>-<n>.itf.json into.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Model m = manifest.model(model);
        StateGraph graph = ConformanceCheck.explore(manifest.root(), m, manifest.work(m));
        List<ItfTrace> traces = ConformanceCheck.traces(m, graph);
        Files.createDirectories(out);
        int steps = 0;
        for (int k = 0; k < traces.size(); k++) {
            ItfTrace t = traces.get(k);
            t.write(out.resolve(String.format(Locale.ROOT, "%s-%04d.itf.json", m.name(), k + 1)),
                    "generated from " + m.module() + " with " + m.config() + " by ddm conformance");
            steps += t.steps();
        }
        System.out.printf(Locale.ROOT, "%s: wrote %d traces (%d steps) to %s; the graph has %d states and %d edges%n",
                m.name(), traces.size(), steps, out, graph.states().size(), graph.edges().size());
        return Main.OK;
    }
}
