package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.tlc.Manifest;
import ddm.conformance.tlc.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that reads specs/models.json shares. */
final class ManifestOptions {

    /** bin/ddm sets ddm.root to its own checkout, so that it works from any folder; java -jar uses the current one. */
    @Option(names = "--root", description = "The repository root (default: the checkout bin/ddm is in; with java "
            + "-jar, the current folder).")
    Path root = Path.of(System.getProperty("ddm.root", "."));

    @Option(names = "--manifest", description = "The manifest, relative to the root (default: specs/models.json).")
    String manifest = "specs/models.json";

    Path root() {
        return root.toAbsolutePath().normalize();
    }

    Manifest read() {
        Path file = root().resolve(manifest);
        if (!Files.isRegularFile(file)) throw new BadInputException("no manifest at " + file);
        return Manifest.read(file, root());
    }

    Model model(String name) {
        return read().byName(name).orElseThrow(() -> new BadInputException(
                "no model named '" + name + "' in " + manifest + " (make models lists them)"));
    }

    /** The scratch folder for a model's runs (TLC's tmpdir and metadir, the explored graph). */
    Path work(Model m) {
        return root().resolve(".tlc").resolve("conformance").resolve(m.name());
    }
}
