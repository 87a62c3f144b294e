package ddm.conformance.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection-rate rows the seeded-bug tests measure, one table per protocol, written to
 * {@code target/detection/<protocol>.md} when the test class ends (README's table is made from them).
 */
final class DetectionTables {

    private final String protocol;
    private final List<Detection.Row> rows = new ArrayList<>();

    DetectionTables(String protocol) {
        this.protocol = protocol;
    }

    synchronized Detection.Row add(Detection.Row row) {
        rows.add(row);
        return row;
    }

    synchronized void write() throws IOException {
        if (rows.isEmpty()) return;
        StringBuilder sb = new StringBuilder("**" + protocol + "**\n\n" + Detection.header() + "\n");
        rows.stream().sorted(java.util.Comparator.comparing(Detection.Row::name))
                .forEach(r -> sb.append(r.markdown()).append('\n'));
        Path dir = Path.of("target", "detection");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, protocol, ".tmp");
        Files.writeString(tmp, sb.toString());
        Files.move(tmp, dir.resolve(protocol + ".md"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
