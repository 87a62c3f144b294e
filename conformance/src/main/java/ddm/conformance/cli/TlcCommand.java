package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.ModelRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tlc}: model-check the manifest's models and judge each against its entry. */
@Command(name = "tlc", description = "Run TLC on the models of specs/models.json and check each result.")
final class TlcCommand implements Callable<Integer> {

    @Option(names = "--root", description = "The repository root (default: the current folder).")
    Path root = Path.of(".");

    @Option(names = "--manifest", description = "The manifest, relative to the root (default: specs/models.json).")
    String manifest = "specs/models.json";

    @Option(names = "--model", description = "Run only this model.")
    String model;

    @Option(names = "--tier", description = "ci (default), large or all.")
    String tier = "ci";

    @Option(names = "--list", description = "List the selected models instead of running them.")
    boolean list;

    @Option(names = "--runs", description = "Where each model's TLC run folder goes (default: .tlc under the root).")
    Path runs;

    @Override
    public Integer call() throws Exception {
        Path rootDir = root.toAbsolutePath().normalize();
        Path file = rootDir.resolve(manifest);
        if (!Files.isRegularFile(file)) throw new BadInputException("no manifest at " + file);
        Manifest m = Manifest.read(file, rootDir);
        List<Model> selected;
        if (model != null) {
            selected = List.of(m.byName(model).orElseThrow(() -> new BadInputException(
                    "no model named '" + model + "' in " + manifest + " (make models lists them)")));
        } else {
            selected = switch (tier.toLowerCase(Locale.ROOT)) {
                case "all" -> m.models();
                case "ci", "large" -> m.models().stream()
                        .filter(x -> x.tier() == Model.Tier.valueOf(tier.toUpperCase(Locale.ROOT))).toList();
                default -> throw new BadInputException("tier '" + tier + "' is not ci, large or all");
            };
        }
        if (selected.isEmpty()) throw new BadInputException("no models selected");
        if (list) {
            for (Model x : selected) {
                System.out.printf(Locale.ROOT, "%-34s %-6s %-9s %s%n", x.name(), x.tier().name().toLowerCase(Locale.ROOT),
                        x.expect().word(), x.shows());
            }
            return Main.OK;
        }
        Path runDir = runs != null ? runs : rootDir.resolve(".tlc");
        int failed = new ModelRunner(rootDir, runDir, Runtime.getRuntime().availableProcessors())
                .runAll(selected, System.out);
        return failed == 0 ? Main.OK : Main.CHECK_FAILED;
    }
}
