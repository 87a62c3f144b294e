package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import ddm.conformance.tlc.dist.WorkerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tlc-worker}: a TLC worker for a distributed run started elsewhere ({@code tlc --workers N --listen A:P}),
 * in this JVM. It needs no copy of the specs: the server sends the worker every file it parses.
 */
@Command(name = "tlc-worker", description = "Join a distributed TLC run as a worker (see tlc --workers).")
final class TlcWorkerCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT",
            description = "The server's address and registry port, as tlc --listen gave them.")
    String server;

    @Option(names = "--address", paramLabel = "ADDRESS", description = "The address of this host that the server "
            + "can reach; the worker listens there for the server's calls (default 127.0.0.1).")
    String address = "127.0.0.1";

    @Option(names = "--threads", description = "Worker threads (default: the cores of this host).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--wait", paramLabel = "SECONDS", description = "How long to wait for the server (default 120).")
    int waitSeconds = 120;

    @Override
    public Integer call() {
        int colon = server.lastIndexOf(':');
        if (colon <= 0) throw new BadInputException("--server " + server + ": expected HOST:PORT");
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new BadInputException("--server " + server + ": the port is not a number");
        }
        if (threads < 1) throw new BadInputException("--threads must be at least 1");
        int code = WorkerMain.run(server.substring(0, colon), port, address, threads, waitSeconds);
        return code == 0 ? Main.OK : Main.TOOL_FAILED;
    }
}
