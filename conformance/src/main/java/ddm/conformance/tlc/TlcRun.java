package ddm.conformance.tlc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TLC on one model in a child JVM and reads the result off its output.
 *
 * <p>A child process, not TLC in this JVM: {@code tlc2.TLC.main} calls {@code System.exit}, and TLC keeps static
 * state that breaks a second, different spec in the same JVM. Each run gets its own folder with its own
 * {@code -metadir} and {@code java.io.tmpdir} (TLC unpacks the standard modules there), because two runs that share
 * either collide. Liveness is checked once, at the end ({@code -lncheck final}), so that every count is deterministic.
 */
public final class TlcRun {

    private static final Pattern STATES = Pattern.compile("(\\d[\\d,]*) states generated, (\\d[\\d,]*) distinct states found");
    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern VIOLATED = Pattern.compile(
            "Error: (?:Invariant|Action property) (\\S+) is violated|Error: (Temporal properties were violated)"
                    + "|Error: (Deadlock reached)|Error: The property (\\S+) was violated");

    /** What one TLC run reported. {@code exitCode} is TLC's; the rest is read from its output. */
    public record Result(int exitCode, OptionalLong distinctStates, OptionalLong depth, Optional<String> violated,
                         double seconds, Path log) {}

    private TlcRun() {}

    /** The jar (or classes folder) that holds TLC on this JVM's class path. */
    public static Path tlaToolsPath() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the TLC jar on the class path", e);
        }
    }

    /**
     * The class path of a child JVM that runs TLC with this package's main classes: this JVM's class path, each entry
     * made absolute (the child runs in the spec's folder), and TLC's jar.
     */
    public static String childClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) entries.add(Path.of(e).toAbsolutePath().toString());
        }
        entries.add(tlaToolsPath().toString());
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * Runs {@code model} from {@code root} in a fresh folder {@code runDir} (emptied first) and waits for it.
     * TLC's whole output is kept in {@code runDir/tlc.log}.
     */
    public static Result run(Model model, Path root, Path runDir) throws IOException, InterruptedException {
        return run(model, root, runDir, 0);
    }

    /**
     * As {@link #run(Model, Path, Path)}, with TLC printing its progress line every {@code progressMillis} (0: only
     * TLC's own, once a minute) for {@link Progress} to read.
     */
    public static Result run(Model model, Path root, Path runDir, long progressMillis)
            throws IOException, InterruptedException {
        deleteTree(runDir);
        Files.createDirectories(runDir.resolve("tmp"));
        Path log = runDir.resolve("tlc.log");
        Path module = root.resolve(model.module()).toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC",
                "-Djava.io.tmpdir=" + runDir.resolve("tmp").toAbsolutePath(),
                "-cp", childClassPath(),
                TlcProgressMain.class.getName(), Long.toString(progressMillis),
                "-metadir", runDir.resolve("meta").toAbsolutePath().toString(),
                "-workers", Integer.toString(model.workers()),
                // Liveness is checked once, on the whole graph: TLC's periodic checks would make a failing liveness
                // model stop at a state count that depends on timing.
                "-lncheck", "final",
                "-config", root.resolve(model.config()).toAbsolutePath().toString(),
                module.getFileName().toString()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .directory(module.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return parse(code, Files.readString(log, StandardCharsets.UTF_8), seconds, log);
    }

    /** TLC's report read off its output {@code out}: the last state counts, the depth, the property it names. */
    public static Result parse(int code, String out, double seconds, Path log) {
        OptionalLong states = OptionalLong.empty();
        for (Matcher m = STATES.matcher(out); m.find(); ) {
            states = OptionalLong.of(Long.parseLong(m.group(2).replace(",", ""))); // the last report is the final one
        }
        OptionalLong depth = OptionalLong.empty();
        Matcher d = DEPTH.matcher(out);
        if (d.find()) depth = OptionalLong.of(Long.parseLong(d.group(1)));
        Optional<String> violated = Optional.empty();
        Matcher v = VIOLATED.matcher(out);
        if (v.find()) {
            for (int g = 1; g <= v.groupCount(); g++) {
                if (v.group(g) != null) {
                    violated = Optional.of(v.group(g));
                    break;
                }
            }
        }
        return new Result(code, states, depth, violated, seconds, log);
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
