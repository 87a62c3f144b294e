package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.Protocols;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.tlc.Model;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code check}: generate + replay + coverage for one model, or for every model that names a protocol and is either in
 * the CI tier or bounded by walks. A model passes when no trace diverges and, for a path cover, every state and every
 * edge of its graph was covered.
 */
@Command(name = "check", description = "Explore a model, generate its traces, replay them, and report coverage.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    static final class Which {
        @Option(names = "--model", description = "One model (a name in specs/models.json).")
        String model;

        @Option(names = "--all", description = "Every model that names a protocol: the CI tier's, and those with walks.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Override
    public Integer call() throws Exception {
        List<Model> models = which.all
                ? manifest.read().models().stream()
                        .filter(m -> m.protocol().map(p -> Protocols.byName(p).replays()).orElse(false)
                                && (m.tier() == Model.Tier.CI || m.walks().isPresent())).toList()
                : List.of(manifest.model(which.model));
        if (models.isEmpty()) throw new BadInputException("no model names a protocol");
        int failed = 0;
        for (Model m : models) {
            String protocol = m.protocol().orElseThrow(() -> new BadInputException(
                    "model " + m.name() + " names no protocol in specs/models.json"));
            ConformanceCheck.Result r = ConformanceCheck.run(manifest.root(), m,
                    Protocols.byName(protocol).replayAdapter(), manifest.work(m));
            System.out.println(r.row());
            if (!r.passed()) {
                failed++;
                r.divergence().ifPresent(d -> System.out.println(d.report()));
            }
        }
        System.out.println((models.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? Main.OK : Main.CHECK_FAILED;
    }
}
