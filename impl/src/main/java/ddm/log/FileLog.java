package ddm.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A {@link RecordLog} in one append-only file, with group commit.
 *
 * <p>Format. Each record is one frame: {@code [length:int32][crc:int32][payload:length bytes]}, big-endian, where
 * {@code crc} is CRC32C over the four length bytes followed by the payload. There is no file header; the first frame
 * starts at byte 0.
 *
 * <p>Durability. {@link #append} writes the frame at the tail (to the OS, not yet durable); {@link #force} returns once
 * a {@code FileChannel.force(false)} (fdatasync on Linux, which also flushes the file size the data needs) that began
 * after the caller's appends has completed. Concurrent forcers share one such call: see {@link GroupCommit}.
 *
 * <p>Recovery. {@link #open} scans the file frame by frame and keeps the longest valid prefix. The first frame that is
 * not valid (a partial header, a length out of range, a payload cut short by the end of file, or a CRC mismatch) is
 * judged by what follows it:
 * <ul>
 *   <li>no valid frame starts anywhere after it: a torn tail (a write cut short by a crash, or unforced data the disk
 *       wrote only in part). It is truncated, and the truncation is forced before the log is used.</li>
 *   <li>a valid frame starts somewhere after it: a damaged record in the middle of the log (a flipped bit, a bad
 *       sector). Recovery throws {@link LogCorruptedException} with the file and offset and skips nothing.</li>
 * </ul>
 * Limits of what a checksum can tell, stated rather than hidden: damage to the very last record is indistinguishable
 * from a torn write and is truncated; and if a disk writes back unforced pages out of order, a hole in the unforced
 * suffix followed by a surviving later record is reported as corruption (fail-stop) rather than guessed away. The
 * search for a later valid frame tries every byte offset after the bad frame, so it costs up to quadratic time in the
 * size of the damaged tail; a torn tail is at most one frame, so the common case is cheap.
 */
public final class FileLog implements RecordLog {

    /** Bytes before the payload: the length and the CRC, four bytes each. */
    static final int HEADER_BYTES = 8;

    /** The largest payload accepted; a larger length field on disk is damage, not a record. */
    static final int MAX_RECORD_BYTES = 16 << 20;

    private final Path file;
    private final FileChannel channel;
    private final GroupCommit group;
    /** Byte offset of the tail: every byte before it belongs to a completely written frame. */
    private volatile long endBytes;

    private FileLog(Path file, FileChannel channel, long endBytes, long records) {
        this.file = file;
        this.channel = channel;
        this.endBytes = endBytes;
        this.group = new GroupCommit(new GroupCommit.Storage() {
            @Override
            public void write(byte[] record) throws IOException {
                writeFrame(record);
            }

            @Override
            public void sync() throws IOException {
                channel.force(false);
            }
        }, records);
    }

    /**
     * Opens the log at {@code file}, creating it if absent, and recovers it: the longest valid prefix is kept, a torn
     * tail is truncated (and the truncation forced).
     *
     * @throws LogCorruptedException if a damaged frame is followed by valid data
     */
    public static FileLog open(Path file) throws IOException {
        return open(file, f -> FileChannel.open(f,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** How a log opens its file: production opens it plainly; the nemesis puts a {@link PowerLossChannel} under it. */
    public interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    /** As {@link #open(Path)}, with the file's channel from {@code opener} (read, write, create). */
    public static FileLog open(Path file, Opener opener) throws IOException {
        boolean created = !Files.exists(file);
        FileChannel channel = opener.open(file);
        try {
            if (created) {
                syncDirectoryOf(file);
            }
            List<byte[]> records = new ArrayList<>();
            long validEnd = recover(file, channel, records);
            if (validEnd < channel.size()) {
                channel.truncate(validEnd);
                channel.force(true);
            }
            return new FileLog(file, channel, validEnd, records.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Makes a new file's directory entry durable: forcing the file covers its contents, not its name, and a log that
     * forced records into a file the directory lost after a crash has lost them. On Linux a directory can be opened
     * and forced; where it cannot (Windows), the file system is trusted to keep the entry.
     */
    private static void syncDirectoryOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    @Override
    public long append(byte[] record) throws IOException {
        if (record.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record of " + record.length + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        return group.append(record);
    }

    @Override
    public void force() throws IOException {
        group.force();
    }

    /** Every record written so far (durable or not), oldest first, read back from the file. */
    @Override
    public List<byte[]> readAll() throws IOException {
        long end = endBytes;
        List<byte[]> records = new ArrayList<>();
        long validEnd = scanFrames(channel, end, records);
        if (validEnd != end) {
            throw new LogCorruptedException(file, validEnd, "frame written by this process no longer reads back");
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The file this log lives in. */
    public Path file() {
        return file;
    }

    /** Device syncs started so far (package-private: tests count forces with it). */
    long forceCount() {
        return group.syncCount();
    }

    /** Called by {@link GroupCommit} under its lock: one frame at the tail, written completely. */
    private void writeFrame(byte[] record) throws IOException {
        ByteBuffer frame = encode(record);
        long at = endBytes;
        while (frame.hasRemaining()) {
            at += channel.write(frame, at);
        }
        endBytes = at;
    }

    static ByteBuffer encode(byte[] record) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + record.length);
        frame.putInt(record.length).putInt(crcOf(record.length, record, 0, record.length)).put(record);
        return frame.flip();
    }

    private static int crcOf(int length, byte[] bytes, int from, int count) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(bytes, from, count);
        return (int) crc.getValue();
    }

    /**
     * Recovery: scans frames from byte 0 into {@code records} and returns the end of the valid prefix.
     *
     * @throws LogCorruptedException if the first invalid frame is followed by a valid one
     */
    private static long recover(Path file, FileChannel channel, List<byte[]> records) throws IOException {
        long size = channel.size();
        long validEnd = scanFrames(channel, size, records);
        if (validEnd < size) {
            long later = firstValidFrameAfter(channel, validEnd, size);
            if (later >= 0) {
                throw new LogCorruptedException(file, validEnd,
                        describeInvalid(channel, validEnd, size) + ", and a valid frame follows at byte offset " + later);
            }
        }
        return validEnd;
    }

    /** Reads valid frames from byte 0 until the first invalid one or {@code end}; returns where it stopped. */
    private static long scanFrames(FileChannel channel, long end, List<byte[]> records) throws IOException {
        long at = 0;
        while (at < end) {
            byte[] payload = readValidFrame(channel, at, end);
            if (payload == null) {
                return at;
            }
            records.add(payload);
            at += HEADER_BYTES + payload.length;
        }
        return at;
    }

    /** The payload of the frame at {@code at} if it is complete before {@code end} and its CRC matches; else null. */
    private static byte[] readValidFrame(FileChannel channel, long at, long end) throws IOException {
        if (end - at < HEADER_BYTES) {
            return null;
        }
        ByteBuffer header = readFully(channel, at, HEADER_BYTES);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (length < 0 || length > MAX_RECORD_BYTES || end - at - HEADER_BYTES < length) {
            return null;
        }
        byte[] payload = readFully(channel, at + HEADER_BYTES, length).array();
        return crcOf(length, payload, 0, length) == crc ? payload : null;
    }

    /** The smallest offset after {@code bad} where a valid frame starts and ends by {@code size}; -1 if none. */
    private static long firstValidFrameAfter(FileChannel channel, long bad, long size) throws IOException {
        long tailBytes = size - bad;
        if (tailBytes > Integer.MAX_VALUE) {
            throw new IOException("damaged tail of " + tailBytes + " bytes is too large to search");
        }
        byte[] tail = readFully(channel, bad, (int) tailBytes).array();
        ByteBuffer view = ByteBuffer.wrap(tail);
        for (int i = 1; i + HEADER_BYTES <= tail.length; i++) {
            int length = view.getInt(i);
            if (length < 0 || length > MAX_RECORD_BYTES || length > tail.length - i - HEADER_BYTES) {
                continue;
            }
            if (crcOf(length, tail, i + HEADER_BYTES, length) == view.getInt(i + 4)) {
                return bad + i;
            }
        }
        return -1;
    }

    private static String describeInvalid(FileChannel channel, long at, long size) throws IOException {
        if (size - at < HEADER_BYTES) {
            return "partial header";
        }
        int length = readFully(channel, at, HEADER_BYTES).getInt(0);
        if (length < 0 || length > MAX_RECORD_BYTES) {
            return "length field " + length + " out of range";
        }
        if (size - at - HEADER_BYTES < length) {
            return "length field " + length + " runs past the end of the file";
        }
        return "CRC32C mismatch over a " + length + "-byte record";
    }

    private static ByteBuffer readFully(FileChannel channel, long at, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at byte offset " + (at + buffer.position()));
            }
        }
        return buffer.flip();
    }
}
