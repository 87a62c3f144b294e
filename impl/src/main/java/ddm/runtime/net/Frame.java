package ddm.runtime.net;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * One message on the wire: who sent it, the sender's vector clock as of the step that sent it, and the protocol's
 * payload (opaque here: each protocol's codec writes and reads it). Immutable.
 *
 * <p>Format, big-endian:
 * <pre>
 *   magic   u16   0xDD4D        (a stream that does not start a frame here is out of step: the connection is closed)
 *   version u8    {@link #VERSION}
 *   length  i32   bytes of body, 0..{@link #MAX_BODY_BYTES}
 *   crc     i32   CRC32C over version, length and body
 *   body          sender (modified UTF-8, as DataOutput.writeUTF), clock size i32, each entry: node (UTF) and
 *                 counter i64, then payload length i32 and the payload bytes
 * </pre>
 * A frame with a bad checksum, another version or a body that does not parse is dropped by the reader with a log line
 * and the stream goes on at the next frame (its length was read, so the stream is still in step). A bad magic or a
 * length out of range cannot be stepped over: {@link OutOfStep} tells the reader to close the connection; the sender
 * reconnects. Neither ever stops the node.
 */
public record Frame(String sender, Map<String, Long> clock, byte[] payload) {

    public static final int VERSION = 1;
    static final int MAGIC = 0xDD4D;
    static final int HEADER_BYTES = 2 + 1 + 4 + 4;
    /** The largest body accepted: far above any protocol message here; a larger length is damage. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** The most clock entries accepted (one per node of a cluster). */
    static final int MAX_CLOCK_ENTRIES = 4096;

    public Frame {
        if (sender == null || sender.isEmpty()) {
            throw new IllegalArgumentException("a frame needs a sender");
        }
        clock = Collections.unmodifiableMap(new TreeMap<>(clock));
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The frame's bytes, header included. */
    public byte[] encode() {
        return encode(VERSION);
    }

    /** As {@link #encode()}, claiming {@code version} (tests write frames of versions this reader refuses). */
    byte[] encode(int version) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + payload.length);
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeUTF(sender);
            out.writeInt(clock.size());
            for (Map.Entry<String, Long> e : clock.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        byte[] b = body.toByteArray();
        if (b.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("frame body of " + b.length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + b.length);
        frame.putShort((short) MAGIC).put((byte) version).putInt(b.length).putInt(crc(version, b.length, b)).put(b);
        return frame.array();
    }

    static int crc(int version, int length, byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(version);
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(body);
        return (int) crc.getValue();
    }

    /** A frame that was read whole but does not decode: dropped, and the stream goes on. */
    public static final class BadFrame extends IOException {
        BadFrame(String what) {
            super(what);
        }
    }

    /** The stream is not at a frame boundary (bad magic, impossible length): the connection must be closed. */
    public static final class OutOfStep extends IOException {
        OutOfStep(String what) {
            super(what);
        }
    }

    /**
     * Reads the next frame from {@code in}; null at a clean end of stream (between frames).
     *
     * @throws BadFrame  the frame was read whole but is damaged or of another version (skip it, read on)
     * @throws OutOfStep the stream is out of step (close the connection)
     * @throws EOFException the stream ended inside a frame
     */
    public static Frame read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int magic = (first << 8) | in.readUnsignedByte();
        if (magic != MAGIC) {
            throw new OutOfStep(String.format("bad magic 0x%04X", magic));
        }
        int version = in.readUnsignedByte();
        int length = in.readInt();
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new OutOfStep("body length " + length + " out of range");
        }
        int crc = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        if (crc(version, length, body) != crc) {
            throw new BadFrame("CRC32C mismatch over a " + length + "-byte body");
        }
        if (version != VERSION) {
            throw new BadFrame("frame version " + version + ", this node speaks " + VERSION);
        }
        return decodeBody(body);
    }

    private static Frame decodeBody(byte[] body) throws BadFrame {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body))) {
            String sender = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > MAX_CLOCK_ENTRIES) {
                throw new BadFrame("clock of " + n + " entries");
            }
            Map<String, Long> clock = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                clock.put(in.readUTF(), in.readLong());
            }
            int p = in.readInt();
            if (p < 0 || p > in.available()) {
                throw new BadFrame("payload length " + p + " with " + in.available() + " bytes left");
            }
            byte[] payload = in.readNBytes(p);
            if (in.available() != 0 || sender.isEmpty()) {
                throw new BadFrame(sender.isEmpty() ? "no sender" : in.available() + " bytes after the payload");
            }
            return new Frame(sender, clock, payload);
        } catch (BadFrame e) {
            throw e;
        } catch (IOException e) {
            throw new BadFrame("body does not parse: " + e);
        }
    }

    /** Convenience for tests and tools: reads one frame from a stream that is not yet a DataInputStream. */
    static Frame read(InputStream in) throws IOException {
        return read(in instanceof DataInputStream d ? d : new DataInputStream(in));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.sender.equals(sender) && f.clock.equals(clock)
                && java.util.Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return sender.hashCode() * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[" + sender + " " + clock + " " + payload.length + " bytes]";
    }
}
