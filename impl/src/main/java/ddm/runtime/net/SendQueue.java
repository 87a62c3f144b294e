package ddm.runtime.net;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames waiting to go to one peer: bounded, many writers (the node's thread, the fault scheduler), one reader
 * (the link's writer thread), FIFO.
 *
 * <p>Contract. {@link #offer} never blocks: it refuses an item when the queue holds {@code capacity} items or is
 * closed (a peer that stays down must not hold a node's memory hostage; every protocol here survives loss, or runs
 * where links do not fail). {@link #poll(long, TimeUnit)} takes the oldest item, waiting up to the timeout; null when
 * none came or the queue is closed and empty. {@link #pushBack} returns an item the reader took but could not write
 * (the connection broke) to the head, so it goes first after the reconnect; it may exceed the capacity by that one
 * item. {@link #close} refuses every later offer and returns the items still queued, which are dropped: every item
 * ever accepted is either taken by the reader or returned by {@code close}, exactly once. One lock guards it all.
 */
public final class SendQueue<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private boolean closed;

    public SendQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Queues item at the tail unless full or closed; never blocks. */
    public boolean offer(T item) {
        lock.lock();
        try {
            if (closed || items.size() >= capacity) {
                return false;
            }
            items.addLast(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Puts back at the head an item the reader took and could not deliver; false (dropped) if closed. */
    public boolean pushBack(T item) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            items.addFirst(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item or returns null at once. */
    public T poll() {
        lock.lock();
        try {
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, waiting up to the timeout; null if none came, or if closed and empty. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses every later offer and returns (drops) the items still queued, oldest first. */
    public List<T> close() {
        lock.lock();
        try {
            closed = true;
            List<T> left = new ArrayList<>(items);
            items.clear();
            notEmpty.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
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
