package ddm.runtime.proc;

import ddm.commit.CommitMessage;
import ddm.runtime.CommitWire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** 2PC's {@link CommitWire} messages as frame payloads: a tag byte, then the fields in order. */
public final class CommitCodec implements Codec<CommitWire> {

    private static final int PREPARED = 1, COMMIT = 2, ABORT = 3, QUERY = 4, BEGIN = 10, OUTCOME = 11,
            RECOVERED = 12, STATUS = 13, STATUS_REPLY = 14;

    @Override
    public byte[] encode(CommitWire message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof CommitWire.Spec s) {
                CommitMessage m = s.message();
                if (m instanceof CommitMessage.Prepared p) {
                    out.writeByte(PREPARED);
                    out.writeLong(p.tx());
                    out.writeUTF(p.rm());
                } else if (m instanceof CommitMessage.Commit c) {
                    out.writeByte(COMMIT);
                    out.writeLong(c.tx());
                } else if (m instanceof CommitMessage.Abort a) {
                    out.writeByte(ABORT);
                    out.writeLong(a.tx());
                } else if (m instanceof CommitMessage.Query q) {
                    out.writeByte(QUERY);
                    out.writeLong(q.tx());
                    out.writeUTF(q.rm());
                }
            } else if (message instanceof CommitWire.Begin b) {
                out.writeByte(BEGIN);
                out.writeLong(b.tx());
                out.writeLong(b.issuedMillis());
            } else if (message instanceof CommitWire.Outcome o) {
                out.writeByte(OUTCOME);
                out.writeLong(o.tx());
                out.writeUTF(o.node());
                out.writeBoolean(o.committed());
            } else if (message instanceof CommitWire.Recovered r) {
                out.writeByte(RECOVERED);
                out.writeUTF(r.node());
                out.writeLong(r.startMillis());
                out.writeInt(r.decided().size());
                for (Map.Entry<Long, Boolean> e : r.decided().entrySet()) {
                    out.writeLong(e.getKey());
                    out.writeBoolean(e.getValue());
                }
                writeSet(out, r.inDoubt());
            } else if (message instanceof CommitWire.Status) {
                out.writeByte(STATUS);
            } else if (message instanceof CommitWire.StatusReply r) {
                out.writeByte(STATUS_REPLY);
                out.writeUTF(r.node());
                out.writeBoolean(r.up());
                writeSet(out, r.inDoubt());
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    @Override
    public CommitWire decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int tag = in.readUnsignedByte();
            CommitWire m = switch (tag) {
                case PREPARED -> new CommitWire.Spec(new CommitMessage.Prepared(in.readLong(), in.readUTF()));
                case COMMIT -> new CommitWire.Spec(new CommitMessage.Commit(in.readLong()));
                case ABORT -> new CommitWire.Spec(new CommitMessage.Abort(in.readLong()));
                case QUERY -> new CommitWire.Spec(new CommitMessage.Query(in.readLong(), in.readUTF()));
                case BEGIN -> new CommitWire.Begin(in.readLong(), in.readLong());
                case OUTCOME -> new CommitWire.Outcome(in.readLong(), in.readUTF(), in.readBoolean());
                case RECOVERED -> {
                    String node = in.readUTF();
                    long start = in.readLong();
                    int n = count(in);
                    Map<Long, Boolean> decided = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        decided.put(in.readLong(), in.readBoolean());
                    }
                    yield new CommitWire.Recovered(node, start, decided, readSet(in));
                }
                case STATUS -> new CommitWire.Status();
                case STATUS_REPLY -> new CommitWire.StatusReply(in.readUTF(), in.readBoolean(), readSet(in));
                default -> throw new IOException("not a 2PC message: tag " + tag);
            };
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after a 2PC message");
            }
            return m;
        }
    }

    private static void writeSet(DataOutputStream out, Set<Long> s) throws IOException {
        out.writeInt(s.size());
        for (long x : s) {
            out.writeLong(x);
        }
    }

    private static Set<Long> readSet(DataInputStream in) throws IOException {
        int n = count(in);
        Set<Long> s = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            s.add(in.readLong());
        }
        return s;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }
}
