package ddm.conformance.tlc.dist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;

/**
 * The RMI sockets of one TLC server or worker JVM: every socket RMI listens on is bound to one address (by default
 * 127.0.0.1, so that local runs never listen on the host's other interfaces), and the server's registry takes a socket
 * bound before TLC starts, on a port the operating system chose, so that no other process can take the port between
 * choosing and binding it. TLC creates its registry and exports its objects with RMI's default factories, which use
 * the factory installed here ({@link RMISocketFactory#setSocketFactory}).
 */
final class RmiSockets extends RMISocketFactory {

    private final InetAddress address;
    private ServerSocket registry;

    /** @param registry the socket the registry listens on, already bound (null in a worker, which has no registry) */
    private RmiSockets(InetAddress address, ServerSocket registry) {
        this.address = address;
        this.registry = registry;
    }

    /**
     * Installs the factory for this JVM and tells RMI to name {@code address} in the references it hands out (RMI
     * would otherwise advertise whatever the host name resolves to). Must run before any RMI object is exported.
     */
    static void install(InetAddress address, ServerSocket registry) throws IOException {
        System.setProperty("java.rmi.server.hostname", address.getHostAddress());
        RMISocketFactory.setSocketFactory(new RmiSockets(address, registry));
    }

    @Override
    public synchronized ServerSocket createServerSocket(int port) throws IOException {
        if (registry != null && port == registry.getLocalPort()) {
            ServerSocket s = registry;
            registry = null; // handed out once: RMI owns it from here
            return s;
        }
        return new ServerSocket(port, 50, address);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(host, port);
    }
}
