package ddm.epoch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A task's input channels in the threaded runtime: one bounded FIFO buffer per channel, filled by many sender
 * threads, read by the task's one thread, with alignment's blocking.
 *
 * <p>Contract. {@link #put} waits while the channel's buffer holds {@code capacity} messages (backpressure: a slow
 * task slows its senders); {@link #offer} refuses instead of waiting. {@link #poll} takes the head of the next
 * unblocked, non-empty channel, round-robin from the channel after the last one taken, or returns null;
 * {@link #take} waits for one. {@link #block} stops taking from a channel (its later messages wait in its buffer, and
 * once the buffer is full its sender waits too); {@link #unblockAll} resumes all. Only the reader calls poll, take,
 * block and unblockAll. One lock guards everything; {@code readable} is signalled when a message arrives or channels
 * unblock, {@code writable} when a message leaves.
 */
public final class InputGate<T> {

    /** A message and the channel (index) it came from. */
    public record Taken<T>(int channel, T message) {}

    private final int capacity;
    private final List<ArrayDeque<T>> buffers = new ArrayList<>();
    private final boolean[] blocked;
    private int next;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();

    public InputGate(int channels, int capacity) {
        if (channels < 1 || capacity < 1) throw new IllegalArgumentException("channels and capacity must be positive");
        this.capacity = capacity;
        for (int i = 0; i < channels; i++) buffers.add(new ArrayDeque<>(Math.min(capacity, 1024)));
        this.blocked = new boolean[channels];
    }

    public boolean offer(int channel, T message) {
        lock.lock();
        try {
            if (buffers.get(channel).size() >= capacity) return false;
            buffers.get(channel).addLast(message);
            readable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void put(int channel, T message) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (buffers.get(channel).size() >= capacity) writable.await();
            buffers.get(channel).addLast(message);
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    public Taken<T> poll() {
        lock.lock();
        try {
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    public Taken<T> take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Taken<T> t;
            while ((t = takeLocked()) == null) readable.await();
            return t;
        } finally {
            lock.unlock();
        }
    }

    public void block(int channel) {
        lock.lock();
        try {
            blocked[channel] = true;
        } finally {
            lock.unlock();
        }
    }

    public void unblockAll() {
        lock.lock();
        try {
            java.util.Arrays.fill(blocked, false);
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    public boolean isBlocked(int channel) {
        lock.lock();
        try {
            return blocked[channel];
        } finally {
            lock.unlock();
        }
    }

    private Taken<T> takeLocked() {
        int n = buffers.size();
        for (int k = 0; k < n; k++) {
            int ch = (next + k) % n;
            if (blocked[ch] || buffers.get(ch).isEmpty()) continue;
            T m = buffers.get(ch).pollFirst();
            next = (ch + 1) % n;
            writable.signalAll();
            return new Taken<>(ch, m);
        }
        return null;
    }
}
