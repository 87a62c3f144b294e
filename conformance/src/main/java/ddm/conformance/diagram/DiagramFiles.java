package ddm.conformance.diagram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes a diagram as {@code <stem>.svg} and {@code <stem>.html}, each to a temporary file renamed into place. */
public final class DiagramFiles {

    private DiagramFiles() {}

    /** Writes both files; returns their paths, SVG first. */
    public static List<Path> write(SpaceTime d, Path stem) throws IOException {
        Path svg = sibling(stem, ".svg"), html = sibling(stem, ".html");
        write(svg, Svg.render(d));
        write(html, HtmlPage.render(d));
        return List.of(svg, html);
    }

    private static Path sibling(Path stem, String ext) {
        return stem.resolveSibling(stem.getFileName() + ext);
    }

    /** Writes {@code text} to {@code file} through a temporary file in the same folder and a rename. */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".diagram-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                // Temporary files are private; a picture is for anyone who may read the folder.
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the file system's default
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
