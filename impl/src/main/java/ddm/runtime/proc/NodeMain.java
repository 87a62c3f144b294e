package ddm.runtime.proc;

import ddm.log.LogCorruptedException;
import ddm.log.RecordLog;
import ddm.runtime.net.Frame;
import ddm.runtime.net.LinkFaults;
import ddm.runtime.net.Transport;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.node.NodeDriver;
import ddm.runtime.node.Outbox;
import ddm.runtime.node.Role;
import ddm.runtime.node.StepLog;
import ddm.runtime.node.Timers;

import ddm.trace.Level;
import ddm.trace.NdjsonEventLog;
import ddm.trace.NodeRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One protocol node as its own JVM process: {@code java -cp ... ddm.runtime.proc.NodeMain --protocol 2pc --role rm
 * --name rm1 --data DIR --listen 127.0.0.1:PORT --peer tm=127.0.0.1:PORT ...} (see {@link NodeConfig}).
 *
 * <p>It opens its log in its data directory (recovering it: a torn tail is truncated and the node goes on; a damaged
 * record in the middle stops the node with an error naming the file and byte offset), its event log, and its
 * transport; if the data directory held a log, it recovers from it (the spec's recovery action, logged) before it
 * takes any input. Then its {@link NodeDriver} runs on the main thread until the process is stopped (SIGTERM: clean)
 * or dies (kill -9, or a fault point of the nemesis: the driver halts the JVM, as kill -9 would).
 *
 * <p>Exit status: 0 stopped, 1 the node failed (a refused action: a bug), 2 bad configuration (one line on stderr,
 * a port in use included), 3 the node could not run on its data (a corrupted log, an unreadable directory), 137
 * killed at a fault point.
 */
public final class NodeMain {

    public static final int FAILED = 1, BAD_CONFIG = 2, CANNOT_RUN = 3;

    private NodeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Variant.STANDARD));
    }

    /** Runs a node with {@code variant}'s nodes and effect order; returns its exit status (or never returns). */
    public static int run(String[] args, Variant variant) {
        return run(args, c -> NodeKind.of(c, variant), variant);
    }

    /**
     * Runs a node of the kind {@code kinds} gives for its configuration (a node built outside impl: its own role and
     * log), with {@code variant}'s effect order; returns its exit status (or never returns).
     */
    public static int run(String[] args, NodeKind.Factory kinds, Variant variant) {
        NodeConfig c;
        try {
            c = NodeConfig.parse(args);
        } catch (BadConfig e) {
            System.err.println("error: " + e.getMessage());
            return BAD_CONFIG;
        }
        try {
            return serve(c, kinds, variant);
        } catch (BadConfig e) {
            System.err.println("error: " + c.name() + ": " + e.getMessage());
            return BAD_CONFIG;
        } catch (Transport.PortInUse e) {
            System.err.println("error: " + c.name() + ": " + e.getMessage());
            return BAD_CONFIG;
        } catch (LogCorruptedException e) {
            System.err.println("error: " + c.name() + ": " + e.getMessage());
            return CANNOT_RUN;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("error: " + c.name() + ": " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    @SuppressWarnings("unchecked")
    private static <M> int serve(NodeConfig c, NodeKind.Factory kinds, Variant variant)
            throws IOException, BadConfig {
        Timers timers = new Timers();
        NodeKind<M> kind = (NodeKind<M>) kinds.of(c);
        long incarnation = lastIncarnation(c.data()) + 1;
        Role<M> role = kind.role(c, timers, variant, incarnation); // checks the settings before touching the disk
        Codec<M> codec = kind.codec();
        Files.createDirectories(c.data());
        writeIncarnation(c.data(), incarnation);
        boolean restart = kind.restarted(c, incarnation);
        RecordLog log = kind.openLog(c, incarnation);
        StepLog events = c.events() == null ? StepLog.NONE : StepLog.of(NodeRecorder.resume(c.name(),
                NdjsonEventLog.open(c.events()), NdjsonEventLog.last(c.events()).orElse(null), Level.VARS, Set.of()));
        AtomicReference<NodeDriver<M>> driver = new AtomicReference<>();
        AtomicBoolean healed = new AtomicBoolean();
        BooleanSupplier faultsOn = () -> !healed.get() && System.currentTimeMillis() < c.faultsUntilMillis();
        LinkFaults linkFaults = new LinkFaults(c.link(), c.seed(), c.name(), incarnation, faultsOn);
        Transport transport = Transport.open(c.name(), c.listen(), c.peers(), frame -> {
                    if (Control.isHeal(frame.payload())) {
                        if (!healed.getAndSet(true)) {
                            System.err.println(c.name() + ": healed: no more faults");
                        }
                    } else {
                        deliver(frame, codec, driver);
                    }
                },
                Transport.Settings.DEFAULT, linkFaults, line -> System.err.println(c.name() + ": " + line));
        Outbox<M> outbox = new Outbox<>() {
            @Override
            public void send(String to, M message, java.util.Map<String, Long> clock) {
                if (c.peers().containsKey(to)) {
                    transport.send(to, clock, codec.encode(message));
                }
            }

            @Override
            public void flush() {
                transport.flush(2000);
            }
        };
        FaultPoints faults = FaultPoints.seeded(c.faultPoints(), c.seed(), c.name(), incarnation, faultsOn);
        int batch = (int) c.longSetting("batch", 16, 1);
        NodeDriver<M> d = new NodeDriver<>(role, timers, log, outbox, events, faults, variant.effector(),
                NodeDriver.OnCrash.HALT, new NodeDriver.Config(1 << 14, batch, kind.idleMillis(c)), bug -> {
            System.err.println("error: " + c.name() + " failed: " + bug);
            System.err.flush();
            Runtime.getRuntime().halt(FAILED);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(transport::close, "stop-" + c.name()));
        driver.set(d);      // messages arriving during recovery wait in the mailbox
        if (restart) {
            if (c.events() != null && Files.exists(c.events())) {
                role.rejoin(lastActions(c.events()));
            }
            d.recoverFromLog();
        }
        System.err.println(c.name() + ": up, incarnation " + incarnation + (restart ? ", recovered from its log"
                : ", fresh") + ", listening on " + transport.port());
        d.run();
        return 0;
    }

    private static <M> void deliver(Frame f, Codec<M> codec, AtomicReference<NodeDriver<M>> driver) {
        NodeDriver<M> d = driver.get();
        if (d == null) {
            return;         // not yet built: the message is lost, as if it came before the node was up
        }
        M m;
        try {
            m = codec.decode(f.payload());
        } catch (IOException e) {
            System.err.println(d.name() + ": dropped a message from " + f.sender() + " that does not decode: "
                    + e.getMessage());
            return;
        }
        d.offer(f.sender(), m, f.clock());
    }

    /** The last action of each instance in a node's event file (what {@link Role#rejoin} hears). */
    /** Each instance's last action in {@code events}, the instances in the order of their last steps. */
    private static java.util.Map<String, String> lastActions(Path events) throws IOException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ddm.trace.Event e : NdjsonEventLog.read(events)) {
            if (e.instance() != null) {
                out.remove(e.instance());
                out.put(e.instance(), e.action());
            }
        }
        return out;
    }

    /** The last start's incarnation, counted in the data directory: 0 before the first start. */
    private static long lastIncarnation(Path data) throws IOException {
        Path f = data.resolve("incarnation");
        if (!Files.exists(f)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Records this start's incarnation, written aside and renamed, and forced: a leader's ballot depends on it. */
    private static void writeIncarnation(Path data, long n) throws IOException {
        Path tmp = data.resolve("incarnation.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(Long.toString(n).getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, data.resolve("incarnation"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
