package ddm.conformance.tlc.dist;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/**
 * The main class of a distributed TLC server JVM: {@code ServerMain <address> <port> <reportMillis> <TLC args...>}.
 * It binds the RMI registry's socket on {@code address} ({@code port} 0: a free port), prints
 * {@value #LISTENING}{@code address:port} so that whoever started it knows where workers connect, and runs
 * {@code tlc2.tool.distributed.TLCServer} with the TLC arguments. TLC's server reads its registry port and its
 * progress interval from system properties, set here before its class loads.
 *
 * <p>{@code TLCServer.main} returns when model checking ends but leaves RMI threads running (its registry stays
 * exported), and reports its verdict only in its output; so this JVM exits explicitly, 0 once TLC returned, 255 if
 * TLC threw. {@link DistributedRun} reads the verdict off the output.
 *
 * <p>Only the JDK and TLC are on this JVM's class path, with this package.
 */
public final class ServerMain {

    /** The line (followed by {@code address:port}) that announces the registry. */
    public static final String LISTENING = "ddm: TLC server registry at ";

    private ServerMain() {}

    public static void main(String[] args) {
        try {
            InetAddress address = InetAddress.getByName(args[0]);
            ServerSocket registry = new ServerSocket(Integer.parseInt(args[1]), 50, address);
            RmiSockets.install(address, registry);
            System.setProperty("tlc2.tool.distributed.TLCServer.port", Integer.toString(registry.getLocalPort()));
            System.setProperty("tlc2.tool.distributed.TLCServer.report", args[2]);
            System.out.println(LISTENING + address.getHostAddress() + ":" + registry.getLocalPort());
            System.out.flush();
            tlc2.tool.distributed.TLCServer.main(Arrays.copyOfRange(args, 3, args.length));
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("ddm: the TLC server failed: " + t);
            System.out.flush();
            System.exit(255);
        }
    }
}
