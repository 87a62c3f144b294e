package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.ModelRunner;
import ddm.conformance.tlc.dist.DistributedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    @Option(names = "--workers", paramLabel = "N", description = "Run each model with TLC's distributed mode: a "
            + "server JVM and N local worker JVMs (0: only workers that join with tlc-worker). Liveness is not "
            + "checked in this mode; models that expect a liveness violation are skipped.")
    Integer workers;

    @Option(names = "--listen", paramLabel = "ADDRESS[:PORT]", description = "With --workers: where the server "
            + "listens and what it tells workers (default 127.0.0.1 and a free port). Give an address other hosts "
            + "reach, and a port, for workers started there with tlc-worker.")
    String listen = "127.0.0.1";

    @Option(names = "--simulate", description = "Run every selected model that has a simulation entry in TLC's "
            + "simulation mode (by default only those without a distinct-state count are simulated).")
    boolean simulate;

    @Option(names = "--exhaustive", description = "Search every selected model exhaustively, also those without a "
            + "count that are simulated by default.")
    boolean exhaustive;

    @Option(names = "--progress", paramLabel = "SECONDS", description = "Print each running model's progress every "
            + "SECONDS, once it has run that long (default ${DEFAULT-VALUE}; 0: never).")
    int progress = ModelRunner.Options.DEFAULT_PROGRESS_SECONDS;

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
        if (progress < 0) throw new BadInputException("--progress must be 0 or more seconds");
        if (simulate && exhaustive) throw new BadInputException("--simulate and --exhaustive exclude each other");
        ModelRunner.Simulate sim = simulate ? ModelRunner.Simulate.ALWAYS
                : exhaustive ? ModelRunner.Simulate.NEVER : ModelRunner.Simulate.UNCOUNTED;
        Optional<DistributedRun.Settings> distributed = Optional.empty();
        if (workers != null) {
            distributed = Optional.of(settings(workers, listen));
            List<Model> skipped = selected.stream().filter(x -> !ModelRunner.distributable(x)).toList();
            if (model != null && !skipped.isEmpty()) {
                throw new BadInputException(model + " expects a liveness violation, which TLC's distributed mode "
                        + "cannot check (it checks no temporal property); run it without --workers");
            }
            for (Model x : skipped) {
                System.out.println("skipped " + x.name() + ": it expects a liveness violation, which TLC's distributed "
                        + "mode does not check");
            }
            selected = selected.stream().filter(ModelRunner::distributable).toList();
        }
        Path runDir = runs != null ? runs : manifest.root().resolve(".tlc");
        List<ModelRunner.Outcome> outcomes = new ModelRunner(manifest.root(), runDir,
                Runtime.getRuntime().availableProcessors(), new ModelRunner.Options(progress, distributed, sim))
                .runAll(selected, System.out);
        if (markdown) System.out.print("\n" + ModelRunner.markdown(outcomes));
        return outcomes.stream().allMatch(ModelRunner.Outcome::ok) ? Main.OK : Main.CHECK_FAILED;
    }

    /** The distributed run's settings from {@code --workers} and {@code --listen ADDRESS[:PORT]}. */
    static DistributedRun.Settings settings(int workers, String listen) {
        if (workers < 0) throw new BadInputException("--workers must be 0 or more");
        String address = listen;
        int port = 0;
        int colon = listen.lastIndexOf(':');
        if (colon >= 0) {
            address = listen.substring(0, colon);
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadInputException("--listen " + listen + ": the port is not a number");
            }
        }
        if (address.isBlank()) throw new BadInputException("--listen " + listen + ": no address");
        return new DistributedRun.Settings(workers, address, port, 60_000);
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
