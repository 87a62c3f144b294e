package ddm.log;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: the coordination between concurrent appenders and forcers of one log, with the I/O behind
 * {@link Storage}. {@link FileLog} plugs in a file; the Lincheck test plugs in an in-memory fake, which is why this is
 * its own small class.
 *
 * <h2>The design, and why it is correct</h2>
 *
 * One lock guards four counters/flags; one condition, {@code syncDone}, is signalled whenever a sync ends.
 * <ul>
 *   <li>{@code appended}: records whose {@link Storage#write} has returned. Writes happen under the lock, so the
 *       storage sees records in position order and {@code appended} is exactly the number written.</li>
 *   <li>{@code durable}: records covered by a <em>completed</em> sync. It only grows.</li>
 *   <li>{@code syncing}, {@code syncUpTo}: whether a sync is in progress, and the value of {@code appended} read
 *       (under the lock) just before that sync was started.</li>
 * </ul>
 * A caller of {@link #force} reads its target {@code t = appended} under the lock, then loops:
 * <ol>
 *   <li>if {@code durable >= t}, return: a completed sync covered its records (the "returns at once" case);</li>
 *   <li>else if no sync is in progress, become the leader: set {@code syncing}, {@code syncUpTo = appended}
 *       (&ge; t), release the lock, call {@link Storage#sync}, re-take the lock, set {@code durable = syncUpTo},
 *       clear {@code syncing}, signal all;</li>
 *   <li>else wait on {@code syncDone} and loop. If the running sync has {@code syncUpTo >= t} it covers us and we
 *       return on the next turn; if not, we take part in the next one, which covers every record appended by the time
 *       it starts, so all the waiters that arrived during one sync share the next (that is the batching).</li>
 * </ol>
 * Safety: {@code durable} is only ever set to a {@code syncUpTo}, which counts records whose writes had returned
 * before the sync was started; a sync makes durable everything written before it began, so {@code durable} never
 * claims a record the disk may not have. A caller returns only when {@code durable >= t}, i.e. when a sync that
 * started after all of its records were written has completed. Liveness: while some caller waits with
 * {@code durable < t}, either a sync is running (and its end signals everyone) or the caller itself starts one; the
 * lock is never held across {@link Storage#sync}, so appenders are never blocked by a sync and the next batch forms
 * while the current one is on the disk. At most one sync runs at a time, which is what lets a batch grow.
 *
 * <p>Failure: if a write or a sync throws, the log is failed for good and every later call throws. A retried
 * {@code fsync} after a failure may report success for pages the kernel has already dropped (the PostgreSQL
 * "fsyncgate" lesson, 2018), and a failed write may have left a partial frame at the tail; the only safe continuation
 * is a crash and a recovery from what is on disk.
 */
final class GroupCommit {

    /** The I/O under the coordination. Called with records in position order; never concurrently with itself. */
    interface Storage {
        /** Writes one record after the previous one (not yet durable). Called under the coordinator's lock. */
        void write(byte[] record) throws IOException;

        /**
         * Makes every record whose {@link #write} returned before this call began durable. Called without the lock,
         * so writes may run concurrently with it; never two syncs at once.
         */
        void sync() throws IOException;
    }

    private final Storage storage;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncDone = lock.newCondition();

    private long appended;      // records written to storage (their write returned)
    private long durable;       // records covered by a completed sync; only grows
    private boolean syncing;    // a sync is in progress (held by its leader, outside the lock)
    private long syncUpTo;      // appended, read just before the running sync started
    private long syncCount;     // syncs started: the group-commit tests compare it with the number of forces
    private IOException failure; // set once by a failed write or sync; every later call rethrows it

    /** A coordinator over {@code storage}, which already holds {@code recovered} durable records. */
    GroupCommit(Storage storage, long recovered) {
        this.storage = storage;
        this.appended = recovered;
        this.durable = recovered;
    }

    /** Writes the record after all earlier ones and returns its position (0 for the first). Not yet durable. */
    long append(byte[] record) throws IOException {
        lock.lock();
        try {
            throwIfFailed();
            try {
                storage.write(record);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            return appended++;
        } finally {
            lock.unlock();
        }
    }

    /** Returns once every record appended before this call is durable; shares syncs with concurrent callers. */
    void force() throws IOException {
        lock.lock();
        try {
            long target = appended;
            while (durable < target) {
                throwIfFailed();
                if (syncing) {
                    syncDone.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long upTo = appended;
                syncUpTo = upTo;
                syncCount++;
                lock.unlock();
                boolean synced = false;
                IOException error = null;
                try {
                    storage.sync();
                    synced = true;
                } catch (IOException e) {
                    error = e;
                    throw e;
                } finally {
                    lock.lock(); // re-taken before the state is touched, also when sync threw
                    syncing = false;
                    syncDone.signalAll();
                    if (!synced) {
                        failure = error != null ? error : new IOException("sync failed with an unchecked exception");
                    }
                }
                durable = upTo;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records written so far. */
    long appended() {
        lock.lock();
        try {
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Records covered by a completed sync. */
    long durable() {
        lock.lock();
        try {
            return durable;
        } finally {
            lock.unlock();
        }
    }

    /** Syncs started so far (package-private: the group-commit tests count forces with it, never time). */
    long syncCount() {
        lock.lock();
        try {
            return syncCount;
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException("log failed earlier; recover it by reopening", failure);
        }
    }
}
