package ddm.conformance.cli;

import ddm.conformance.Protocols;
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
                "Traces that quint run --mbt --out-itf writes are read as Quint writes them:",
                "the mbt:: entries in vars are not variables, module paths (TwoPC3::TwoPC::msgs)",
                "are dropped when the last names stay distinct, #meta is not needed.",
                "A Quint spec's own names are mapped onto the protocol's by --map FILE, a JSON",
                "object whose sections are all optional:",
                "  \"description\": \"a sentence for the reader\"",
                "  \"variables\": {\"foreign\": \"variable\"}  full name or name without module path",
                "  \"actions\":   {\"foreign\": \"spec action\"}   mbt::actionTaken",
                "  \"params\":    {\"foreign\": \"spec parameter\"} names in mbt::nondetPicks",
                "  \"fields\":    {\"foreign\": \"spec field\"}    in every record",
                "  \"tags\":      {\"Tag\": ITF value}  replaces a sum value {\"tag\", \"value\"};",
                "                \"$value\" in it stands for the payload",
                "e.g. {\"Prepared\": {\"type\": \"Prepared\", \"rm\": \"$value\"}} turns Quint's",
                "Prepared(\"r1\") into [type |-> \"Prepared\", rm |-> \"r1\"]. Unmapped names stay",
                "as they are. Example: specs/commit/quint/twophase.map.json. A mapping file",
                "not of this shape is bad input.",
                "Exit codes: 0 every trace conforms, 1 a trace diverged, 2 bad input,",
                "3 a file could not be read."})
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
        ProtocolAdapter adapter = Protocols.byName(protocol).replayAdapter();
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
