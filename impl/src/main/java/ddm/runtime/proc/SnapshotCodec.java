package ddm.runtime.proc;

import ddm.runtime.SnapshotWire;
import ddm.snapshot.Channel;
import ddm.snapshot.Message;
import ddm.snapshot.RepeatedBankProcess;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The bank's {@link SnapshotWire} messages as frame payloads: a tag byte, then the fields in order. */
public final class SnapshotCodec implements Codec<SnapshotWire> {

    private static final int TRANSFER = 1, MARKER = 2, ACK = 3, PAY = 10, INITIATE = 11, PART = 12, STATUS = 13,
            STATUS_REPLY = 14;

    @Override
    public byte[] encode(SnapshotWire message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof SnapshotWire.Data d) {
                if (d.message() instanceof Message.Marker m) {
                    out.writeByte(MARKER);
                    out.writeLong(d.seq());
                    out.writeLong(m.snapshot());
                } else {
                    Message.Transfer t = (Message.Transfer) d.message();
                    out.writeByte(TRANSFER);
                    out.writeLong(d.seq());
                    out.writeLong(t.amount());
                    out.writeLong(t.id());
                }
            } else if (message instanceof SnapshotWire.Ack a) {
                out.writeByte(ACK);
                out.writeLong(a.seq());
            } else if (message instanceof SnapshotWire.Pay p) {
                out.writeByte(PAY);
                out.writeUTF(p.to());
                out.writeLong(p.amount());
            } else if (message instanceof SnapshotWire.Initiate) {
                out.writeByte(INITIATE);
            } else if (message instanceof SnapshotWire.Part p) {
                out.writeByte(PART);
                out.writeUTF(p.node());
                writePart(out, p.part());
            } else if (message instanceof SnapshotWire.Status s) {
                out.writeByte(STATUS);
                out.writeInt(s.snapshots().size());
                for (long x : s.snapshots()) {
                    out.writeLong(x);
                }
            } else if (message instanceof SnapshotWire.StatusReply r) {
                out.writeByte(STATUS_REPLY);
                out.writeUTF(r.node());
                out.writeBoolean(r.up());
                out.writeLong(r.balance());
                out.writeLong(r.recorded());
                out.writeLong(r.unacknowledged());
                out.writeLong(r.inFlightMoney());
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    @Override
    public SnapshotWire decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int tag = in.readUnsignedByte();
            SnapshotWire m;
            try {
                m = switch (tag) {
                    case TRANSFER -> new SnapshotWire.Data(in.readLong(),
                            new Message.Transfer(in.readLong(), in.readLong()));
                    case MARKER -> new SnapshotWire.Data(in.readLong(), new Message.Marker(in.readLong()));
                    case ACK -> new SnapshotWire.Ack(in.readLong());
                    case PAY -> new SnapshotWire.Pay(in.readUTF(), in.readLong());
                    case INITIATE -> new SnapshotWire.Initiate();
                    case PART -> new SnapshotWire.Part(in.readUTF(), readPart(in));
                    case STATUS -> {
                        int n = count(in);
                        List<Long> snaps = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            snaps.add(in.readLong());
                        }
                        yield new SnapshotWire.Status(snaps);
                    }
                    case STATUS_REPLY -> new SnapshotWire.StatusReply(in.readUTF(), in.readBoolean(), in.readLong(),
                            in.readLong(), in.readLong(), in.readLong());
                    default -> throw new IOException("not a bank message: tag " + tag);
                };
            } catch (IllegalArgumentException bad) {
                throw new IOException("a bank message out of range: " + bad.getMessage());
            }
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after a bank message");
            }
            return m;
        }
    }

    private static void writePart(DataOutputStream out, RepeatedBankProcess.Part p) throws IOException {
        out.writeLong(p.snapshot());
        out.writeLong(p.balance());
        out.writeInt(p.channels().size());
        for (Map.Entry<Channel, List<Message.Transfer>> e : p.channels().entrySet()) {
            writeChannel(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (Message.Transfer t : e.getValue()) {
                out.writeLong(t.amount());
                out.writeLong(t.id());
            }
        }
        out.writeInt(p.done().size());
        for (Channel c : p.done()) {
            writeChannel(out, c);
        }
        writeCounters(out, p.sentAtCut());
        writeCounters(out, p.receivedAtCut());
    }

    private static RepeatedBankProcess.Part readPart(DataInputStream in) throws IOException {
        long snapshot = in.readLong(), balance = in.readLong();
        Map<Channel, List<Message.Transfer>> channels = new TreeMap<>();
        for (int i = 0, n = count(in); i < n; i++) {
            Channel c = readChannel(in);
            List<Message.Transfer> ts = new ArrayList<>();
            for (int j = 0, k = count(in); j < k; j++) {
                ts.add(new Message.Transfer(in.readLong(), in.readLong()));
            }
            channels.put(c, List.copyOf(ts));
        }
        Set<Channel> done = new TreeSet<>();
        for (int i = 0, n = count(in); i < n; i++) {
            done.add(readChannel(in));
        }
        return new RepeatedBankProcess.Part(snapshot, balance, channels, done, readCounters(in), readCounters(in));
    }

    private static void writeChannel(DataOutputStream out, Channel c) throws IOException {
        out.writeUTF(c.from());
        out.writeUTF(c.to());
    }

    private static Channel readChannel(DataInputStream in) throws IOException {
        return new Channel(in.readUTF(), in.readUTF());
    }

    private static void writeCounters(DataOutputStream out, Map<Channel, long[]> counters) throws IOException {
        out.writeInt(counters.size());
        for (Map.Entry<Channel, long[]> e : counters.entrySet()) {
            writeChannel(out, e.getKey());
            out.writeLong(e.getValue()[0]);
            out.writeLong(e.getValue()[1]);
        }
    }

    private static Map<Channel, long[]> readCounters(DataInputStream in) throws IOException {
        Map<Channel, long[]> out = new TreeMap<>();
        for (int i = 0, n = count(in); i < n; i++) {
            out.put(readChannel(in), new long[] {in.readLong(), in.readLong()});
        }
        return out;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }
}
