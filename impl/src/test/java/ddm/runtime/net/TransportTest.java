package ddm.runtime.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The transport between real sockets on 127.0.0.1, on ports the OS picks. Nothing is timed: each test waits for the
 * frames it expects with a bound that only guards against a hang.
 */
class TransportTest {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    static InetSocketAddress any() {
        return new InetSocketAddress(LOOPBACK, 0);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A free port: bound, read and released (a test that needs a peer's address before the peer exists). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    static Frame take(LinkedBlockingQueue<Frame> q) throws InterruptedException {
        Frame f = q.poll(30, TimeUnit.SECONDS);
        assertNotNull(f, "no frame arrived (hang guard)");
        return f;
    }

    @Test
    void framesRoundTripAndDamageIsDetected() throws IOException {
        Frame f = new Frame("rm1", Map.of("rm1", 4L, "tm", 2L), bytes("Prepared 7 rm1"));
        byte[] wire = f.encode();
        assertEquals(f, Frame.read(new ByteArrayInputStream(wire)));
        // Every single-bit flip is either a dropped frame (CRC) or an out-of-step stream (magic, length): never a
        // frame that decodes to something else, never an exception of another kind.
        for (int bit = 0; bit < wire.length * 8; bit++) {
            byte[] bad = wire.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            IOException e = assertThrows(IOException.class, () -> Frame.read(new ByteArrayInputStream(bad)),
                    "bit " + bit);
            assertTrue(e instanceof Frame.BadFrame || e instanceof Frame.OutOfStep
                    || e instanceof java.io.EOFException, "bit " + bit + ": " + e);
        }
        assertThrows(Frame.BadFrame.class, () -> Frame.read(new ByteArrayInputStream(f.encode(2))));
        assertEquals(null, Frame.read(new DataInputStream(new ByteArrayInputStream(new byte[0]))));
    }

    @Test
    void messagesCarryTheSendersClockAndArriveInOrderOnALink() throws Exception {
        LinkedBlockingQueue<Frame> atB = new LinkedBlockingQueue<>();
        try (Transport b = Transport.open("b", any(), Map.of(), atB::add, Transport.Settings.DEFAULT,
                LinkFaults.NONE, LOG::add);
             Transport a = Transport.open("a", any(), Map.of("b", new InetSocketAddress(LOOPBACK, b.port())),
                     f -> { }, Transport.Settings.DEFAULT, LinkFaults.NONE, LOG::add)) {
            for (int i = 0; i < 200; i++) {
                assertTrue(a.send("b", Map.of("a", (long) i + 1), bytes("m" + i)));
            }
            for (int i = 0; i < 200; i++) {
                Frame f = take(atB);
                assertEquals("a", f.sender());
                assertEquals(Map.of("a", (long) i + 1), f.clock());
                assertArrayEquals(bytes("m" + i), f.payload());
            }
        }
    }

    @Test
    void aFrameThatDoesNotDecodeIsDroppedAndTheNodeGoesOn() throws Exception {
        LinkedBlockingQueue<Frame> atB = new LinkedBlockingQueue<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (Transport b = Transport.open("b", any(), Map.of(), atB::add, Transport.Settings.DEFAULT,
                LinkFaults.NONE, log::add)) {
            try (Socket s = new Socket(LOOPBACK, b.port())) {
                OutputStream out = s.getOutputStream();
                byte[] damaged = new Frame("x", Map.of(), bytes("damaged")).encode();
                damaged[damaged.length - 1] ^= 1;
                out.write(damaged);
                out.write(new Frame("x", Map.of(), bytes("future")).encode(9));
                out.write(new Frame("x", Map.of(), bytes("good")).encode());
                out.flush();
                assertArrayEquals(bytes("good"), take(atB).payload());
                out.write(bytes("garbage that is not a frame"));
                out.flush();
                assertEquals(-1, s.getInputStream().read(), "an out-of-step stream is closed by the receiver");
            }
            // The node is still there: a new connection is served.
            try (Socket s = new Socket(LOOPBACK, b.port())) {
                s.getOutputStream().write(new Frame("x", Map.of(), bytes("again")).encode());
                assertArrayEquals(bytes("again"), take(atB).payload());
            }
            assertEquals(3, b.stats().badFrames());
            assertTrue(log.stream().anyMatch(l -> l.contains("CRC32C mismatch")), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("frame version 9")), log.toString());
        }
    }

    @Test
    void aPeerThatIsDownIsRetriedWithBackoffAndGetsTheMessageOnceUp() throws Exception {
        int port = freePort();
        LinkedBlockingQueue<Frame> atB = new LinkedBlockingQueue<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (Transport a = Transport.open("a", any(), Map.of("b", new InetSocketAddress(LOOPBACK, port)),
                f -> { }, new Transport.Settings(16, 500, new Backoff(5, 50)), LinkFaults.NONE, log::add)) {
            assertTrue(a.send("b", Map.of("a", 1L), bytes("early")));
            for (int i = 0; i < 200 && !log.toString().contains("down"); i++) {
                Thread.sleep(10);
            }
            assertTrue(log.toString().contains("link to b is down"), log.toString());
            try (Transport b = Transport.open("b", new InetSocketAddress(LOOPBACK, port), Map.of(), atB::add,
                    Transport.Settings.DEFAULT, LinkFaults.NONE, LOG::add)) {
                assertArrayEquals(bytes("early"), take(atB).payload());
                // b restarts: a reconnects and the next message goes through.
                b.close();
                try (Transport b2 = Transport.open("b", new InetSocketAddress(LOOPBACK, port), Map.of(), atB::add,
                        Transport.Settings.DEFAULT, LinkFaults.NONE, LOG::add)) {
                    // Frames written before a learns that b died are lost, as on any link to a dead peer: a sends
                    // until one arrives (bounded), as the protocols' retries do.
                    Frame got = null;
                    for (int i = 0; i < 500 && got == null; i++) {
                        a.send("b", Map.of("a", 2L), bytes("later"));
                        got = atB.poll(20, TimeUnit.MILLISECONDS);
                    }
                    assertNotNull(got, "no frame reached the restarted peer");
                    assertArrayEquals(bytes("later"), got.payload());
                }
            }
        }
    }

    @Test
    void aPortInUseIsOneLineError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            Transport.PortInUse e = assertThrows(Transport.PortInUse.class, () -> Transport.open("a",
                    new InetSocketAddress(LOOPBACK, taken.getLocalPort()), Map.of(), f -> { },
                    Transport.Settings.DEFAULT, LinkFaults.NONE, LOG::add));
            assertEquals("127.0.0.1:" + taken.getLocalPort() + " is in use", e.getMessage());
        }
    }

    @Test
    void linkFaultsDropDuplicateAndDelayAsSeededAndKeepFifoLinksInOrder() throws Exception {
        // Same seed, same decisions; FIFO links never duplicate.
        LinkFaults.Settings s = new LinkFaults.Settings(0.2, 0.3, 20, false);
        LinkFaults f1 = new LinkFaults(s, 7, "a", 0, () -> true);
        LinkFaults f2 = new LinkFaults(s, 7, "a", 0, () -> true);
        int drops = 0, dups = 0;
        for (int i = 0; i < 500; i++) {
            long[] d1 = f1.next("b").delaysMillis(), d2 = f2.next("b").delaysMillis();
            assertArrayEquals(d1, d2);
            drops += d1.length == 0 ? 1 : 0;
            dups += d1.length == 2 ? 1 : 0;
        }
        assertTrue(drops > 50 && dups > 50, drops + " drops, " + dups + " duplicates of 500");
        LinkFaults fifo = new LinkFaults(new LinkFaults.Settings(0, 1, 20, true), 7, "a", 0, () -> true);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, fifo.next("b").delaysMillis().length);
        }
        LinkFaults healed = new LinkFaults(s, 7, "a", 0, () -> false);
        assertArrayEquals(new long[] {0}, healed.next("b").delaysMillis(), "no fault after the safety phase");

        // Delays on a FIFO link keep the order; on a set link every message still arrives (each exactly as often
        // as the faults said).
        for (boolean ordered : new boolean[] {true, false}) {
            LinkedBlockingQueue<Frame> atB = new LinkedBlockingQueue<>();
            LinkFaults faults = new LinkFaults(new LinkFaults.Settings(0, ordered ? 0 : 0.5, 5, ordered), 3, "a", 0,
                    () -> true);
            try (Transport b = Transport.open("b", any(), Map.of(), atB::add, Transport.Settings.DEFAULT,
                    LinkFaults.NONE, LOG::add);
                 Transport a = Transport.open("a", any(), Map.of("b", new InetSocketAddress(LOOPBACK, b.port())),
                         f -> { }, Transport.Settings.DEFAULT, faults, LOG::add)) {
                for (int i = 0; i < 50; i++) {
                    a.send("b", Map.of(), bytes("m" + i));
                }
                long copies = 50 + a.stats().duplicated();
                List<String> got = new ArrayList<>();
                for (long i = 0; i < copies; i++) {
                    got.add(new String(take(atB).payload(), StandardCharsets.UTF_8));
                }
                if (ordered) {
                    for (int i = 0; i < 50; i++) {
                        assertEquals("m" + i, got.get(i));
                    }
                } else {
                    for (int i = 0; i < 50; i++) {
                        assertTrue(got.contains("m" + i), "m" + i);
                    }
                }
                assertFalse(a.stats().delayed() == 0);
            }
        }
    }
}
