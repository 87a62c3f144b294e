package ddm.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, seen from a test (Maven runs tests in the module's folder). */
public final class Repo {
    private Repo() {}

    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("specs")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no repository root above " + here);
    }
}
