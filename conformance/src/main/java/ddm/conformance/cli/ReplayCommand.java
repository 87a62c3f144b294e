package ddm.conformance.cli;

import ddm.conformance.adapters.Adapters;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Vocabulary;
import ddm.conformance.replay.Divergence;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.conformance.replay.Replayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay}: replay ITF traces against the implementation. Exit 0 when all conform, 1 on a divergence, 2 on bad
 * input. Every file is read before any is replayed, so bad input is reported before any verdict. A trace in another
 * vocabulary (a Quint spec's) is translated by the mapping file given with {@code --map} ({@link Vocabulary}).
 */
@Command(name = "replay", description = "Replay ITF traces against the Java implementation.",
        footer = {"",
                "Traces from quint run --mbt --out-itf are read as Quint writes them (mbt:: entries in vars, variables",
                "named by their module path, Quint's #meta). A Quint spec's own names are mapped onto the protocol's",
                "by a JSON mapping file (--map); every section is optional:",
                "  {\"description\": \"...\",",
                "   \"variables\": {\"foreign\": \"protocol variable\"},   (full name, or the name without module path)",
                "   \"actions\":   {\"foreign\": \"spec action\"},",
                "   \"params\":    {\"foreign nondet pick\": \"spec parameter\"},",
                "   \"fields\":    {\"foreign record field\": \"spec field\"},   (in every record)",
                "   \"tags\":      {\"SumTag\": ITF value, \"$value\" standing for the payload}}",
                "e.g. \"tags\": {\"Prepared\": {\"type\": \"Prepared\", \"rm\": \"$value\"}} turns Quint's Prepared(\"r1\")",
                "into [type |-> \"Prepared\", rm |-> \"r1\"]. Unmapped names stay as they are. An example:",
                "specs/commit/quint/twophase.map.json. A mapping file not of this shape is bad input (exit 2).",
                "Exit codes: 0 every trace conforms, 1 a trace diverged, 2 bad input, 3 a file could not be read."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--protocol", required = true, description = "The protocol adapter, e.g. twophase.")
    String protocol;

    @Option(names = "--map", paramLabel = "FILE",
            description = "A JSON file mapping the traces' vocabulary onto the protocol's (format below).")
    Path map;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "ITF trace files (*.itf.json).")
    List<Path> files;

    @Override
    public Integer call() {
        ProtocolAdapter adapter = Adapters.byName(protocol);
        List<ItfTrace> traces = new ArrayList<>();
        Vocabulary vocabulary = map == null ? Vocabulary.NONE : Vocabulary.read(map);
        for (Path f : files) traces.add(ItfTrace.read(f, vocabulary));
        Replayer replayer = new Replayer(adapter);
        int diverged = 0;
        for (ItfTrace t : traces) {
            Optional<Divergence> d = replayer.replay(t);
            if (d.isPresent()) {
                diverged++;
                System.out.println(d.get().report());
            } else {
                System.out.println("ok  " + t.source() + " (" + t.steps() + " steps)");
            }
        }
        System.out.println((traces.size() - diverged) + " passed, " + diverged + " failed");
        return diverged == 0 ? Main.OK : Main.CHECK_FAILED;
    }
}
