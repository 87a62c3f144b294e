package ddm.log;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordLog} in memory, for the simulator: deterministic, no I/O, no threads of its own. It models the disk
 * at record granularity: a record is either durable (a force covered it) or not; a crash drops what was not forced,
 * or, with {@link #crashKeeping}, keeps a chosen prefix of it, as a real disk may have written some unforced records.
 * A torn record is a dropped record here ({@link FileLog}'s recovery truncates it), so it needs no model of its own.
 *
 * <p>Methods are synchronized so that the threaded runtime may share one; the simulator calls them from one thread.
 */
public final class MemoryLog implements RecordLog {

    private final List<byte[]> records = new ArrayList<>();
    private int durable;      // records covered by a force; records[0, durable) survive any crash
    private long forceCount;  // forces that had something to make durable

    @Override
    public synchronized long append(byte[] record) {
        records.add(record.clone());
        return records.size() - 1;
    }

    /** Makes every appended record durable. A force with nothing new to cover is free, as under group commit. */
    @Override
    public synchronized void force() {
        if (durable < records.size()) {
            durable = records.size();
            forceCount++;
        }
    }

    @Override
    public synchronized List<byte[]> readAll() {
        List<byte[]> copy = new ArrayList<>(records.size());
        for (byte[] r : records) {
            copy.add(r.clone());
        }
        return copy;
    }

    /** A crash: every record not covered by a force is lost. */
    public synchronized void crash() {
        crashKeeping(0);
    }

    /**
     * A crash where the disk had written the first {@code unforcedKept} of the unforced records anyway (a real disk
     * may write back before a force). Only a prefix can survive: recovery keeps the longest valid prefix.
     */
    public synchronized void crashKeeping(int unforcedKept) {
        int unforced = records.size() - durable;
        if (unforcedKept < 0 || unforcedKept > unforced) {
            throw new IllegalArgumentException("can keep 0.." + unforced + " unforced records, not " + unforcedKept);
        }
        records.subList(durable + unforcedKept, records.size()).clear();
        durable = records.size();
    }

    /** Records that survive any crash now. */
    public synchronized int durableCount() {
        return durable;
    }

    /** Records appended and not yet covered by a force. */
    public synchronized int unforcedCount() {
        return records.size() - durable;
    }

    /** Forces that made something durable (package-private, for tests). */
    synchronized long forceCount() {
        return forceCount;
    }

    /** Nothing to release; the records stay readable (a closed-and-reopened memory log is the same log). */
    @Override
    public void close() {
    }
}
