package ddm.runtime.proc;

import ddm.epoch.Message;
import ddm.runtime.EpochWire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The dataflow's {@link EpochWire} messages as frame payloads: a tag byte, then the fields in order. */
public final class EpochCodec implements Codec<EpochWire> {

    private static final int RECORD = 1, BARRIER = 2, ACK = 3, TRIGGER = 4, ACKNOWLEDGE = 5, RESTORE = 6,
            RESTORED = 7, HELLO = 8, STATUS = 10, STATUS_REPLY = 11;

    @Override
    public byte[] encode(EpochWire message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof EpochWire.Data d) {
                if (d.message() instanceof Message.Record r) {
                    out.writeByte(RECORD);
                    out.writeLong(d.attempt());
                    out.writeLong(d.seq());
                    out.writeUTF(r.origin());
                    out.writeInt(r.epoch());
                    out.writeLong(r.key());
                    out.writeLong(r.value());
                } else if (d.message() instanceof Message.Barrier b) {
                    out.writeByte(BARRIER);
                    out.writeLong(d.attempt());
                    out.writeLong(d.seq());
                    out.writeInt(b.epoch());
                } else {
                    throw new IllegalArgumentException("no end of stream between node processes");
                }
            } else if (message instanceof EpochWire.Ack a) {
                out.writeByte(ACK);
                out.writeLong(a.attempt());
                out.writeLong(a.seq());
            } else if (message instanceof EpochWire.Trigger t) {
                out.writeByte(TRIGGER);
                out.writeLong(t.attempt());
                out.writeInt(t.epoch());
            } else if (message instanceof EpochWire.Acknowledge a) {
                out.writeByte(ACKNOWLEDGE);
                out.writeLong(a.attempt());
                out.writeUTF(a.task());
                out.writeInt(a.epoch());
            } else if (message instanceof EpochWire.Restore r) {
                out.writeByte(RESTORE);
                out.writeLong(r.attempt());
                out.writeInt(r.epoch());
            } else if (message instanceof EpochWire.Restored r) {
                out.writeByte(RESTORED);
                out.writeLong(r.attempt());
                out.writeUTF(r.node());
            } else if (message instanceof EpochWire.Hello h) {
                out.writeByte(HELLO);
                out.writeUTF(h.node());
                out.writeLong(h.incarnation());
                out.writeLong(h.lastAttempt());
            } else if (message instanceof EpochWire.Status) {
                out.writeByte(STATUS);
            } else if (message instanceof EpochWire.StatusReply r) {
                out.writeByte(STATUS_REPLY);
                out.writeUTF(r.node());
                out.writeLong(r.attempt());
                out.writeInt(r.epoch());
                out.writeLong(r.emitted());
                out.writeInt(r.consumed().size());
                for (Map.Entry<String, Long> e : new TreeMap<>(r.consumed()).entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(r.state().length);
                for (long x : r.state()) {
                    out.writeLong(x);
                }
                out.writeLong(r.unacknowledged());
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    @Override
    public EpochWire decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int tag = in.readUnsignedByte();
            EpochWire m = switch (tag) {
                case RECORD -> new EpochWire.Data(in.readLong(), in.readLong(),
                        new Message.Record(in.readUTF(), in.readInt(), in.readLong(), in.readLong()));
                case BARRIER -> new EpochWire.Data(in.readLong(), in.readLong(), new Message.Barrier(in.readInt()));
                case ACK -> new EpochWire.Ack(in.readLong(), in.readLong());
                case TRIGGER -> new EpochWire.Trigger(in.readLong(), in.readInt());
                case ACKNOWLEDGE -> new EpochWire.Acknowledge(in.readLong(), in.readUTF(), in.readInt());
                case RESTORE -> new EpochWire.Restore(in.readLong(), in.readInt());
                case RESTORED -> new EpochWire.Restored(in.readLong(), in.readUTF());
                case HELLO -> new EpochWire.Hello(in.readUTF(), in.readLong(), in.readLong());
                case STATUS -> new EpochWire.Status();
                case STATUS_REPLY -> {
                    String node = in.readUTF();
                    long attempt = in.readLong();
                    int epoch = in.readInt();
                    long emitted = in.readLong();
                    Map<String, Long> consumed = new TreeMap<>();
                    for (int i = 0, n = count(in, 10); i < n; i++) {
                        consumed.put(in.readUTF(), in.readLong());
                    }
                    long[] state = new long[count(in, 8)];
                    for (int i = 0; i < state.length; i++) {
                        state[i] = in.readLong();
                    }
                    yield new EpochWire.StatusReply(node, attempt, epoch, emitted, consumed, state, in.readLong());
                }
                default -> throw new IOException("not a dataflow message: tag " + tag);
            };
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after a dataflow message");
            }
            return m;
        }
    }

    private static int count(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * bytesEach > in.available()) {
            throw new IOException("count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }
}
