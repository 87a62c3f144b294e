package ddm.conformance.diagram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, for tests: each run gets a fresh profile folder, no network (background networking,
 * component updates, sync and QUIC off, which this closed network would refuse anyway), and is stopped by its process
 * handle, with every process it started, when it ends or times out.
 */
final class HeadlessChromium {

    static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser: {@code -Dddm.chromium=path}, else {@code chromium} on the PATH; fails the test if none. */
    static HeadlessChromium find(Path work) {
        String given = System.getProperty("ddm.chromium");
        if (given != null && !given.isBlank()) return new HeadlessChromium(Path.of(given), work);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return new HeadlessChromium(p, work);
            }
        }
        throw new AssertionError("no headless Chromium: install Debian's chromium (apt-get install chromium; .ci/run "
                + "does when it is missing) or point -Dddm.chromium at one");
    }

    /** The page's DOM after its scripts ran. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url), "dom");
    }

    /** A screenshot of the page, {@code width} by {@code height}, to {@code png}. */
    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url), "shot");
        if (!Files.isRegularFile(png)) throw new AssertionError("chromium wrote no screenshot to " + png);
    }

    private String run(List<String> args, String what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        Path out = work.resolve(what + "-out.txt"), err = work.resolve(what + "-err.txt");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            // Its zygote and renderers too, by handle: never by name.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
