package ddm.log;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * An append-only log of opaque records: what a protocol node forces before it acts (an RM's prepare record before
 * its vote, a TM's decision before its broadcast, an acceptor's promise before its reply).
 *
 * <p>Contract. {@link #append} puts a record at the tail; it is not durable until a {@link #force} that started after
 * the append returns. After a crash, {@link #readAll} returns exactly the records that were durable, in order (a
 * record appended but not forced may or may not survive, but never survives corrupted and never out of order: recovery
 * keeps the longest valid prefix). A damaged record that is followed by valid ones is not a torn tail: it is reported
 * ({@link LogCorruptedException}), never skipped. After an I/O error the log fails for good: every later call throws,
 * and the way on is a crash and a recovery. Implementations: {@code FileLog} (length + CRC32C framing,
 * {@code FileChannel.force}, group commit) and {@code MemoryLog} for the simulator, where a crash drops what was not
 * forced (or keeps a prefix of it).
 */
public interface RecordLog extends Closeable {

    /** Appends one record at the tail and returns its position (0 for the first record). Not yet durable. */
    long append(byte[] record) throws IOException;

    /**
     * Returns once every record appended before this call is durable. Concurrent callers may share one force
     * (group commit), so a force that finds its records already covered by another caller's returns at once.
     */
    void force() throws IOException;

    /** The records that are in the log now, oldest first (after a recovery: the durable, valid prefix). */
    List<byte[]> readAll() throws IOException;
}
