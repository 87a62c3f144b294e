package ddm.runtime.proc;

import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.Vote;
import ddm.runtime.PaxosWire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** Paxos Commit's {@link PaxosWire} messages as frame payloads: a tag byte, then the fields in order. */
public final class PaxosCodec implements Codec<PaxosWire> {

    private static final int P1A = 1, P1B = 2, P2A = 3, P2B = 4, RESEND = 5, CLIENT = 6;
    private final CommitCodec client = new CommitCodec();

    @Override
    public byte[] encode(PaxosWire message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof PaxosWire.Spec s) {
                PaxosMessage m = s.message();
                if (m instanceof PaxosMessage.Phase1a a) {
                    out.writeByte(P1A);
                    out.writeLong(a.tx());
                    out.writeUTF(a.ins());
                    out.writeInt(a.bal());
                } else if (m instanceof PaxosMessage.Phase1b b) {
                    out.writeByte(P1B);
                    out.writeLong(b.tx());
                    out.writeUTF(b.acc());
                    out.writeUTF(b.ins());
                    out.writeInt(b.bal());
                    out.writeInt(b.vbal());
                    out.writeByte(vote(b.vval()));
                } else if (m instanceof PaxosMessage.Phase2a a) {
                    out.writeByte(P2A);
                    out.writeLong(a.tx());
                    out.writeUTF(a.ins());
                    out.writeInt(a.bal());
                    out.writeByte(vote(a.val()));
                } else if (m instanceof PaxosMessage.Phase2b b) {
                    out.writeByte(P2B);
                    out.writeLong(b.tx());
                    out.writeUTF(b.acc());
                    out.writeUTF(b.ins());
                    out.writeInt(b.bal());
                    out.writeByte(vote(b.val()));
                }
            } else if (message instanceof PaxosWire.Resend r) {
                out.writeByte(RESEND);
                out.writeLong(r.tx());
                out.writeUTF(r.from());
            } else if (message instanceof PaxosWire.Client c) {
                out.writeByte(CLIENT);
                out.write(client.encode(c.message()));
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return bytes.toByteArray();
    }

    @Override
    public PaxosWire decode(byte[] payload) throws IOException {
        if (payload.length > 0 && payload[0] == CLIENT) {
            return new PaxosWire.Client(client.decode(Arrays.copyOfRange(payload, 1, payload.length)));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int tag = in.readUnsignedByte();
            PaxosWire m = switch (tag) {
                case P1A -> new PaxosWire.Spec(new PaxosMessage.Phase1a(in.readLong(), in.readUTF(), in.readInt()));
                case P1B -> new PaxosWire.Spec(new PaxosMessage.Phase1b(in.readLong(), in.readUTF(), in.readUTF(),
                        in.readInt(), in.readInt(), vote(in.readByte())));
                case P2A -> new PaxosWire.Spec(new PaxosMessage.Phase2a(in.readLong(), in.readUTF(), in.readInt(),
                        required(vote(in.readByte()))));
                case P2B -> new PaxosWire.Spec(new PaxosMessage.Phase2b(in.readLong(), in.readUTF(), in.readUTF(),
                        in.readInt(), required(vote(in.readByte()))));
                case RESEND -> new PaxosWire.Resend(in.readLong(), in.readUTF());
                default -> throw new IOException("not a Paxos Commit message: tag " + tag);
            };
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after a Paxos Commit message");
            }
            return m;
        }
    }

    private static int vote(Vote v) {
        return v == null ? 0 : v == Vote.PREPARED ? 1 : 2;
    }

    private static Vote vote(byte b) throws IOException {
        return switch (b) {
            case 0 -> null;
            case 1 -> Vote.PREPARED;
            case 2 -> Vote.ABORTED;
            default -> throw new IOException("not a vote: " + b);
        };
    }

    private static Vote required(Vote v) throws IOException {
        if (v == null) {
            throw new IOException("a proposal or vote without a value");
        }
        return v;
    }

    /** The client's messages (2PC's vocabulary) as Paxos Commit payloads. */
    static Codec<ddm.runtime.CommitWire> clientCodec() {
        PaxosCodec p = new PaxosCodec();
        return new Codec<>() {
            @Override
            public byte[] encode(ddm.runtime.CommitWire m) {
                return p.encode(new PaxosWire.Client(m));
            }

            @Override
            public ddm.runtime.CommitWire decode(byte[] payload) throws IOException {
                PaxosWire w = p.decode(payload);
                if (w instanceof PaxosWire.Client c) {
                    return c.message();
                }
                throw new IOException("not a client message: " + w);
            }
        };
    }
}
