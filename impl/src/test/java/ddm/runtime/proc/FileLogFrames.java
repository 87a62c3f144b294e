package ddm.runtime.proc;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** A FileLog frame built by hand ([length][CRC32C over length and payload][payload]), to tear it in tests. */
final class FileLogFrames {
    private FileLogFrames() {
    }

    static byte[] frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, payload.length));
        crc.update(payload);
        return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue())
                .put(payload).array();
    }
}
