package ddm.epoch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The values a checkpoint stores, and their byte encoding. */
public final class Snapshots {

    private Snapshots() {}

    /**
     * Task {@code task}'s snapshot of epoch {@code epoch} (the spec's {@code snap[t][e]}): the records it had consumed
     * per origin ({@code count[t]}) and its operator's state.
     */
    public record TaskSnapshot(String task, int epoch, Map<String, Long> consumed, long[] state) {
        public TaskSnapshot {
            consumed = Collections.unmodifiableMap(new TreeMap<>(consumed));
            state = state.clone();
        }

        public byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(task);
                out.writeInt(epoch);
                out.writeInt(consumed.size());
                for (Map.Entry<String, Long> e : consumed.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(state.length);
                for (long x : state) out.writeLong(x);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        public static TaskSnapshot decode(byte[] b) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
                String task = in.readUTF();
                int epoch = in.readInt();
                Map<String, Long> consumed = new TreeMap<>();
                for (int i = in.readInt(); i > 0; i--) consumed.put(in.readUTF(), in.readLong());
                long[] state = new long[in.readInt()];
                for (int i = 0; i < state.length; i++) state[i] = in.readLong();
                return new TaskSnapshot(task, epoch, consumed, state);
            } catch (IOException e) {
                throw new UncheckedIOException("damaged task snapshot", e);
            }
        }
    }

    /** Source {@code source}'s position when it injected barrier {@code epoch} (the spec's {@code offset[s][e]}). */
    public record SourceOffset(String source, int epoch, int offset) {
        public byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(source);
                out.writeInt(epoch);
                out.writeInt(offset);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        public static SourceOffset decode(byte[] b) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
                return new SourceOffset(in.readUTF(), in.readInt(), in.readInt());
            } catch (IOException e) {
                throw new UncheckedIOException("damaged source offset", e);
            }
        }
    }
}
