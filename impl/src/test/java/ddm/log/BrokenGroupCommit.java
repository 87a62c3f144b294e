package ddm.log;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit with one deliberate bug, for showing that the group-commit tests catch it. A plain monitor version of
 * {@link GroupCommit}'s algorithm; with {@code bug} switched off it would be correct.
 */
final class BrokenGroupCommit implements Coordinator {

    enum Bug {
        /** A force that finds a sync in progress returns at once, whether or not that sync covers its records. */
        RETURN_WHILE_SYNCING,
        /** The leader counts the records its sync covered after the sync, so records written during it are claimed. */
        COUNT_AFTER_SYNC,
        /** No sharing: every force runs its own sync. Correct, but not group commit. */
        SYNC_PER_FORCE
    }

    private final GroupCommit.Storage storage;
    private final Bug bug;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncDone = lock.newCondition();
    private long appended;
    private long durable;
    private boolean syncing;
    private long syncCount;

    BrokenGroupCommit(GroupCommit.Storage storage, Bug bug) {
        this.storage = storage;
        this.bug = bug;
    }

    @Override
    public long append(byte[] record) throws IOException {
        lock.lock();
        try {
            storage.write(record);
            return appended++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void force() throws IOException {
        lock.lock();
        try {
            if (bug == Bug.SYNC_PER_FORCE) {
                syncCount++;
                lock.unlock();
                try {
                    storage.sync();
                } finally {
                    lock.lock();
                }
                return;
            }
            long target = appended;
            while (durable < target) {
                if (syncing) {
                    if (bug == Bug.RETURN_WHILE_SYNCING) {
                        return;
                    }
                    syncDone.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                syncCount++;
                long upTo = appended;
                lock.unlock();
                try {
                    storage.sync();
                } finally {
                    lock.lock();
                }
                if (bug == Bug.COUNT_AFTER_SYNC) {
                    upTo = appended;
                }
                syncing = false;
                durable = Math.max(durable, upTo);
                syncDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long syncCount() {
        lock.lock();
        try {
            return syncCount;
        } finally {
            lock.unlock();
        }
    }
}
