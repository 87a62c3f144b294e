package ddm.conformance.tlc.dist;

import java.net.InetAddress;
import java.rmi.ConnectException;
import java.rmi.Naming;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tlc2.tool.TLCState;
import tlc2.tool.WorkerException;
import tlc2.tool.distributed.DistApp;
import tlc2.tool.distributed.InternRMI;
import tlc2.tool.distributed.NextStateResult;
import tlc2.tool.distributed.RMIFilenameToStreamResolver;
import tlc2.tool.distributed.TLCApp;
import tlc2.tool.distributed.TLCServer;
import tlc2.tool.distributed.TLCServerRMI;
import tlc2.tool.distributed.TLCWorker;
import tlc2.tool.distributed.fp.IFPSetManager;
import tlc2.util.FP64;
import util.UniqueString;

/**
 * A distributed TLC worker: {@code WorkerMain <server host> <server port> <own address> <threads> <connect seconds>}.
 * It does what {@code tlc2.tool.distributed.TLCWorker.main} does (look the server up, take its fingerprint polynomial
 * and its interned strings, parse the spec from files the server sends, register one worker object per thread), with
 * three differences that the runner needs:
 * <ul>
 *   <li>its RMI sockets listen on {@code own address} only ({@link RmiSockets}), and the server is looked up on the
 *       port given here rather than TLC's fixed default (10997);
 *   <li>it waits for the server for at most {@code connect seconds}, polling every 200 ms (TLC's worker doubles its
 *       sleep each time and never gives up);
 *   <li>it prints the reason of a violation it finds ({@value #FOUND} followed by TLC's message, e.g. {@code Error:
 *       Invariant Consistency is violated.}): TLC's server prints only the trace, not which check failed.
 * </ul>
 * It exits once the server has told every worker object to exit, or once the server cannot be reached (checked every
 * 5 s), so that no worker outlives its server. The same class serves workers on other hosts (the CLI's
 * {@code tlc-worker} command).
 */
public final class WorkerMain {

    /** The line (followed by TLC's message) that names the violation a worker found. */
    public static final String FOUND = "ddm: worker found: ";

    private WorkerMain() {}

    public static void main(String[] args) {
        System.exit(run(args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
                Integer.parseInt(args[4])));
    }

    /**
     * Connects to the server, works until it is done, and returns 0, or 3 when the server could not be reached in
     * time or the worker could not start. Installs this JVM's RMI socket factory: call once per JVM.
     */
    public static int run(String serverHost, int serverPort, String ownAddress, int threads, int connectSeconds) {
        try {
            RmiSockets.install(InetAddress.getByName(ownAddress), null);
            String url = "//" + serverHost + ":" + serverPort + "/" + TLCServer.SERVER_WORKER_NAME;
            TLCServerRMI server = lookup(url, connectSeconds);
            if (server == null) {
                System.out.println("ddm: no TLC server at " + serverHost + ":" + serverPort + " within "
                        + connectSeconds + " s");
                return 3;
            }
            // As TLC's worker does, in this order: interned strings must come from the server before the first one
            // is created here, or worker and server would number the same string differently.
            FP64.Init(server.getIrredPolyForFP());
            UniqueString.setSource((InternRMI) server);
            RMIFilenameToStreamResolver files = new RMIFilenameToStreamResolver();
            files.setTLCServer(server);
            DistApp work = new TLCApp(server.getSpecFileName(), server.getConfigFileName(), server.getCheckDeadlock(),
                    files);
            IFPSetManager fingerprints = server.getFPSetManager();
            CountDownLatch exited = new CountDownLatch(threads);
            for (int i = 0; i < threads; i++) {
                server.registerWorker(new ReportingWorker(i, work, fingerprints, ownAddress, exited));
            }
            System.out.println("ddm: worker with " + threads + " thread(s) registered at " + serverHost + ":"
                    + serverPort);
            System.out.flush();
            while (!exited.await(5, TimeUnit.SECONDS)) {
                try {
                    if (server.isDone()) {
                        // The server says it is done; give it time to tell the workers to exit, then stop anyway.
                        exited.await(10, TimeUnit.SECONDS);
                        break;
                    }
                } catch (RemoteException e) {
                    System.out.println("ddm: the TLC server is gone (" + e.getClass().getSimpleName() + ")");
                    break;
                }
            }
            System.out.flush();
            return 0;
        } catch (Exception e) {
            System.out.println("ddm: the worker failed: " + e);
            System.out.flush();
            return 3;
        }
    }

    /** The server's worker entry, or null if it is not bound within {@code seconds}. */
    private static TLCServerRMI lookup(String url, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return (TLCServerRMI) Naming.lookup(url);
            } catch (ConnectException | NotBoundException e) {
                // Not listening yet, or listening but still computing the initial states (it binds its worker
                // entry only then).
                if (System.nanoTime() > deadline) return null;
                Thread.sleep(200);
            }
        }
    }

    /** TLC's worker object, which names the violation it finds and signals when the server tells it to exit. */
    private static final class ReportingWorker extends TLCWorker {
        private static final long serialVersionUID = 1L;
        private final transient CountDownLatch exited;

        ReportingWorker(int id, DistApp work, IFPSetManager fingerprints, String host, CountDownLatch exited)
                throws RemoteException {
            super(id, work, fingerprints, host);
            this.exited = exited;
        }

        @Override
        public synchronized NextStateResult getNextStates(TLCState[] states) throws WorkerException, RemoteException {
            try {
                return super.getNextStates(states);
            } catch (WorkerException e) {
                System.out.println(FOUND + e.getMessage());
                System.out.flush();
                throw e;
            }
        }

        /** The server is done with this worker. (TLC's own exit also stops timers that only its main starts.) */
        @Override
        public void exit() {
            try {
                java.rmi.server.UnicastRemoteObject.unexportObject(this, true);
            } catch (java.rmi.NoSuchObjectException e) {
                // already unexported
            }
            exited.countDown();
        }
    }
}
