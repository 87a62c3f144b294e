package ddm.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A log file holds a damaged record that is not a torn tail: a frame whose checksum or length is wrong and that is
 * followed by valid data. Recovery refuses to skip it (skipping would silently lose a record that was durable, and
 * maybe acted on); the operator decides. Names the file and the byte offset where the damaged frame starts.
 */
public final class LogCorruptedException extends IOException {

    private final transient Path file;
    private final long offset;

    LogCorruptedException(Path file, long offset, String what) {
        super(file + ": corrupted record at byte offset " + offset + ": " + what);
        this.file = file;
        this.offset = offset;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Byte offset in the file where the damaged frame starts. */
    public long offset() {
        return offset;
    }
}
