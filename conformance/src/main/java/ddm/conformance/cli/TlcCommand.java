package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.ModelRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tlc}: model-check the manifest's models and judge each against its entry. */
@Command(name = "tlc", description = "Run TLC on the models of specs/models.json and check each result.")
final class TlcCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--model", description = "Run only this model.")
    String model;

    @Option(names = "--tier", description = "ci (default), large or all.")
    String tier = "ci";

    @Option(names = "--list", description = "List the selected models instead of running them.")
    boolean list;

    @Option(names = "--markdown", description = "After the rows, print the results as a Markdown table (for README).")
    boolean markdown;

    @Option(names = "--runs", description = "Where each model's TLC run folder goes (default: .tlc under the root).")
    Path runs;

    @Override
    public Integer call() throws Exception {
        Manifest m = manifest.read();
        List<Model> selected = model != null ? List.of(manifest.model(model)) : byTier(m, tier);
        if (selected.isEmpty()) throw new BadInputException("no models selected");
        if (list) {
            for (Model x : selected) {
                System.out.printf(Locale.ROOT, "%-34s %-6s %-9s %s%n", x.name(), x.tier().name().toLowerCase(Locale.ROOT),
                        x.expect().word(), x.shows());
            }
            return Main.OK;
        }
        Path runDir = runs != null ? runs : manifest.root().resolve(".tlc");
        List<ModelRunner.Outcome> outcomes = new ModelRunner(manifest.root(), runDir,
                Runtime.getRuntime().availableProcessors()).runAll(selected, System.out);
        if (markdown) System.out.print("\n" + ModelRunner.markdown(outcomes));
        return outcomes.stream().allMatch(ModelRunner.Outcome::ok) ? Main.OK : Main.CHECK_FAILED;
    }

    static List<Model> byTier(Manifest m, String tier) {
        return switch (tier.toLowerCase(Locale.ROOT)) {
            case "all" -> m.models();
            case "ci", "large" -> m.models().stream()
                    .filter(x -> x.tier() == Model.Tier.valueOf(tier.toUpperCase(Locale.ROOT))).toList();
            default -> throw new BadInputException("tier '" + tier + "' is not ci, large or all");
        };
    }
}
