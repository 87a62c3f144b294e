package ddm.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's inbox: bounded, many writers, one reader, FIFO.
 *
 * <p>Contract. {@link #offer} never blocks: when the mailbox holds {@code capacity} items it refuses the new one and
 * returns false (a full mailbox drops, like a lossy network; 2PC survives loss through its timeouts, asking and
 * answering, and its handlers are idempotent, so a sender need not retry at once). {@link #put} blocks while full,
 * for inputs that must not be lost (a client's request). {@link #poll()} takes the oldest item or returns null at once;
 * {@link #poll(long, TimeUnit)} waits up to the timeout for one. {@link #drainTo} moves up to n items in FIFO order.
 * One lock guards the queue; {@code notEmpty} and {@code notFull} are signalled on each change.
 */
public final class Mailbox<T> {

    private final int capacity;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    public Mailbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Adds item at the tail unless the mailbox is full; never blocks. */
    public boolean offer(T item) {
        lock.lock();
        try {
            if (items.size() == capacity) {
                return false;
            }
            items.addLast(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds item at the tail, waiting while the mailbox is full. */
    public void put(T item) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.size() == capacity) {
                notFull.await();
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, or returns null if there is none; never blocks. */
    public T poll() {
        lock.lock();
        try {
            T item = items.pollFirst();
            if (item != null) {
                notFull.signal();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, waiting up to the timeout for one; null if none came. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            T item = items.pollFirst();
            notFull.signal();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} of the oldest items into the returned list, oldest first; never blocks. */
    public List<T> drain(int max) {
        lock.lock();
        try {
            List<T> out = new ArrayList<>(Math.min(max, items.size()));
            while (out.size() < max && !items.isEmpty()) {
                out.add(items.pollFirst());
            }
            if (!out.isEmpty()) {
                notFull.signalAll();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
