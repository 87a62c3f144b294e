package ddm.conformance.cli;

import ddm.conformance.Protocols;
import ddm.conformance.itf.ItfTrace;
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
 * input. Every file is read before any is replayed, so bad input is reported before any verdict.
 */
@Command(name = "replay", description = "Replay ITF traces against the Java implementation.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--protocol", required = true, description = "The protocol adapter, e.g. twophase.")
    String protocol;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "ITF trace files (*.itf.json).")
    List<Path> files;

    @Override
    public Integer call() {
        ProtocolAdapter adapter = Protocols.byName(protocol).adapter().get();
        List<ItfTrace> traces = new ArrayList<>();
        for (Path f : files) traces.add(ItfTrace.read(f));
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
