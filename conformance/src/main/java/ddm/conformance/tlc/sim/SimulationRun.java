package ddm.conformance.tlc.sim;

import ddm.conformance.tlc.Model;
import ddm.conformance.tlc.TlcProgressMain;
import ddm.conformance.tlc.TlcRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one model in TLC's simulation mode: {@code behaviours} random behaviours of at most {@code depth} steps from
 * {@code seed}, with one worker (so that the same seed gives the same behaviours), each state checked against the
 * model's invariants and each step against its action properties. For a model too large to count, this says what a
 * bounded search found and how much of the model it reached; it proves nothing about the states it did not reach.
 *
 * <p>TLC 2.18's simulation does not report distinct states, so the run folder gets a module {@code DdmSimulated}
 * that extends the model's root module and {@code DdmSimulation}, whose invariant {@code DdmSeen} is counted in Java
 * ({@link SeenStates}), and a copy of the model's cfg that adds that invariant; the model's folder is TLC's library
 * path. As {@link TlcRun}, each run has its own folder, {@code -metadir} and {@code java.io.tmpdir}.
 */
public final class SimulationRun {

    /** What the simulation reached: TLC's verdict (distinct states = those reached), and the states it checked. */
    public record Result(TlcRun.Result tlc, long statesChecked) {}

    static final String COUNTER_MODULE = """
            ---------------------------- MODULE DdmSimulation ----------------------------
            (* The invariant a simulation run adds so as to count the distinct states  *)
            (* it reaches. DdmRecord's definition is Java (SeenStates in              *)
            (* ddm.conformance.tlc.sim): it records the fingerprint of the state TLC  *)
            (* evaluates it in, and holds. The body here only makes it a state        *)
            (* predicate. TLC checks the invariant DdmSeen on every state it          *)
            (* generates; DdmSeen applies DdmRecord, since TLC evaluates an           *)
            (* invariant's body but does not call a Java definition given as one.     *)
            DdmRecord == ENABLED TRUE
            DdmSeen == DdmRecord
            =============================================================================
            """;

    private static final Pattern REACHED = Pattern.compile(Pattern.quote(SeenStates.LINE)
            + "(\\d[\\d,]*) states checked(?: \\([\\d,]+ s/min\\))?, (\\d[\\d,]*) distinct states reached");

    private SimulationRun() {}

    public static Result run(Model model, Path root, Path runDir, Model.Simulation sim, long progressMillis)
            throws IOException, InterruptedException {
        Path module = root.resolve(model.module()).toAbsolutePath().normalize();
        Path config = root.resolve(model.config()).toAbsolutePath().normalize();
        String name = module.getFileName().toString().replaceFirst("\\.tla$", "");
        TlcRun.deleteTree(runDir);
        Files.createDirectories(runDir.resolve("tmp"));
        Files.writeString(runDir.resolve("DdmSimulation.tla"), COUNTER_MODULE);
        Files.writeString(runDir.resolve("DdmSimulated.tla"), "---- MODULE DdmSimulated ----\nEXTENDS " + name
                + ", DdmSimulation\n====\n");
        Files.writeString(runDir.resolve("DdmSimulated.cfg"), Files.readString(config, StandardCharsets.UTF_8)
                + "\n\\* Added by the simulation run: counts the distinct states reached.\nINVARIANT DdmSeen\n");
        Path log = runDir.resolve("tlc.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC",
                "-Djava.io.tmpdir=" + runDir.resolve("tmp").toAbsolutePath(),
                "-DTLA-Library=" + module.getParent(),
                "-Dddm.sim.progressMillis=" + progressMillis,
                "-cp", TlcRun.childClassPath(),
                TlcProgressMain.class.getName(), "0",
                "-metadir", runDir.resolve("meta").toAbsolutePath().toString(),
                "-workers", "1",
                "-simulate", "num=" + sim.behaviours(),
                "-depth", Integer.toString(sim.depth()),
                "-seed", Long.toString(sim.seed()),
                "-config", "DdmSimulated.cfg",
                "DdmSimulated.tla"));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
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

    /** TLC's verdict, with the distinct states reached (the last report) as its distinct-state count. */
    static Result parse(int code, String out, double seconds, Path log) {
        TlcRun.Result tlc = TlcRun.parse(code, out, seconds, log);
        long checked = 0;
        OptionalLong reached = OptionalLong.empty();
        for (Matcher m = REACHED.matcher(out); m.find(); ) {
            checked = Long.parseLong(m.group(1).replace(",", ""));
            reached = OptionalLong.of(Long.parseLong(m.group(2).replace(",", "")));
        }
        return new Result(new TlcRun.Result(code, reached, OptionalLong.empty(), tlc.violated(), seconds, log), checked);
    }
}
