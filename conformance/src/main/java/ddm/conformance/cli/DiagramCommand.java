package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.Protocols;
import ddm.conformance.diagram.Choreography;
import ddm.conformance.diagram.DiagramFiles;
import ddm.conformance.diagram.EventLogDiagram;
import ddm.conformance.diagram.SpaceTime;
import ddm.conformance.diagram.TraceDiagram;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import ddm.conformance.replay.Replayer;
import ddm.conformance.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diagram}: draws ITF traces as space-time diagrams, an SVG and a self-contained HTML page each. With
 * {@code --replay} the trace is first replayed against the code (its protocol's adapter) and the divergence, if any,
 * highlighted with its diff; with {@code --model} it is validated against the model's state graph and the failing
 * step highlighted. Per-node event logs ({@code *.ndjson}) are drawn as one run, each event placed after what it
 * received. Exit 0 when every diagram was written and every check asked for passed, 1 when a check failed
 * (the diagrams are written all the same), 2 on bad input, 3 when a file could not be written.
 */
@Command(name = "diagram", description = "Draw ITF traces as space-time diagrams (SVG and a self-contained HTML "
        + "page); highlight the step where replay (--replay) or validation (--model) fails.")
final class DiagramCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--protocol", description = "The protocol (default: the one whose variables the trace has).")
    String protocol;

    @Option(names = "--replay", description = "Replay each trace against the code and highlight its divergence.")
    boolean replay;

    @Option(names = "--model", description = "Validate each trace against this model's state graph and highlight "
            + "its first failing step.")
    String model;

    @Option(names = "--out", description = "The folder to write <trace>.svg and <trace>.html into (default: beside "
            + "each trace).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "ITF traces (*.itf.json), or one run's per-node "
            + "event logs (*.ndjson, one file per node).")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        if (files.stream().allMatch(f -> f.toString().endsWith(".ndjson"))) return eventLogs();
        if (files.stream().anyMatch(f -> f.toString().endsWith(".ndjson"))) {
            throw new BadInputException("give either ITF traces or per-node event logs (*.ndjson), not both");
        }
        List<ItfTrace> traces = new ArrayList<>();
        for (Path f : files) traces.add(ItfTrace.read(f));
        if (replay && protocol == null) throw new BadInputException("--replay needs --protocol (the adapter to replay against)");
        Validator validator = null;
        if (model != null) {
            StateGraph g = ConformanceCheck.explore(manifest.root(), manifest.model(model), manifest.work(manifest.model(model)));
            validator = new Validator(g);
        }
        int failed = 0;
        for (int i = 0; i < traces.size(); i++) {
            ItfTrace t = traces.get(i);
            Choreography c = TraceDiagram.choreography(t, protocol);
            Optional<SpaceTime.Highlight> h = Optional.empty();
            if (replay) {
                Optional<Divergence> d = new Replayer(Protocols.byName(protocol).replayAdapter()).replay(t);
                h = d.map(Highlights::of);
            }
            if (validator != null && h.isEmpty()) h = validator.validate(t, null).map(Highlights::of);
            if (h.isPresent()) failed++;
            Path file = files.get(i);
            String name = file.getFileName().toString().replaceAll("(\\.itf)?\\.json$", "");
            Path stem = (out != null ? out : file.toAbsolutePath().getParent()).resolve(name);
            List<Path> written = DiagramFiles.write(TraceDiagram.draw(t, c, t.source(), h, Optional.empty()), stem);
            System.out.println((h.isPresent() ? "FAILED at step " + h.get().column() + " " : "") + "wrote " + written.get(0)
                    + " and " + written.get(1).getFileName() + " (" + t.steps() + " steps)");
        }
        return failed == 0 ? Main.OK : Main.CHECK_FAILED;
    }

    /** Per-node event logs ({@code ddm.trace}, one NDJSON file per node) drawn as one run, named after its folder. */
    private int eventLogs() throws Exception {
        if (replay || model != null) throw new BadInputException("--replay and --model check ITF traces, not event logs");
        List<ddm.trace.Event> events = EventLogDiagram.read(files);
        Path dir = files.get(0).toAbsolutePath().getParent();
        String name = dir.getFileName() == null ? "run" : dir.getFileName().toString();
        SpaceTime d = EventLogDiagram.draw(events, "run " + name + ": " + events.size() + " events of " + files.size()
                + " nodes");
        List<Path> written = DiagramFiles.write(d, (out != null ? out : dir).resolve(name + "-events"));
        System.out.println("wrote " + written.get(0) + " and " + written.get(1).getFileName() + " (" + events.size()
                + " events, " + d.arrows().size() + " messages)");
        return Main.OK;
    }
}
