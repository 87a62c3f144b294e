package ddm.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A file channel that loses what was not forced when its process dies, the way a machine's page cache dies with the
 * power (LazyFS does this below a real file system): the layer beneath the real {@link FileLog}, so that the log the
 * nodes use is the one under test. Writes are held in this process's memory and reach the file only when
 * {@link #force} is called; reads see them. A process killed (kill -9, or at a fault point) before a force loses
 * them, as a power loss would. Nothing else changes: the file on disk is exactly what the last forces made durable.
 *
 * <p>Write-back. A real disk may write back some unforced data before a force, and a crash may cut such a write
 * short. With {@code writebackRate} &gt; 0, each write, with that probability (drawn from a seeded random), pushes a
 * random number of the oldest pending bytes to the file without forcing them: they survive the process, and if the
 * cut falls inside a record, recovery finds a torn tail. Pending writes are pushed in the order they were made, so
 * what survives is always a prefix of what was written: the contract {@link RecordLog} states for a disk.
 *
 * <p>Supports what {@link FileLog} uses (positional reads and writes, size, force, truncate); the rest throws.
 * Truncation is applied to the file at once (FileLog truncates a torn tail only at recovery, and forces it).
 */
public final class PowerLossChannel extends FileChannel {

    /** Bytes written at {@code position} and not yet on the file; {@code done} of them already pushed. */
    private static final class Pending {
        final long position;
        final byte[] bytes;
        int done;

        Pending(long position, byte[] bytes) {
            this.position = position;
            this.bytes = bytes;
        }
    }

    private final FileChannel file;
    private final List<Pending> pending = new ArrayList<>();
    private final SplittableRandom random;
    private final double writebackRate;
    private long size;
    private long position;

    private PowerLossChannel(FileChannel file, SplittableRandom random, double writebackRate) throws IOException {
        this.file = file;
        this.random = random;
        this.writebackRate = writebackRate;
        this.size = file.size();
    }

    /** Opens {@code path} for reading and writing (creating it) beneath a power-loss layer. */
    public static PowerLossChannel open(Path path, long seed, double writebackRate) throws IOException {
        if (writebackRate < 0 || writebackRate > 1) {
            throw new IllegalArgumentException("write-back rate must be in [0, 1], not " + writebackRate);
        }
        return new PowerLossChannel(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), new SplittableRandom(seed), writebackRate);
    }

    /** Bytes written and not yet on the file: what a power loss now would lose. */
    public synchronized long unforcedBytes() {
        long n = 0;
        for (Pending p : pending) {
            n += p.bytes.length - p.done;
        }
        return n;
    }

    @Override
    public synchronized int read(ByteBuffer dst, long at) throws IOException {
        if (at >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - at);
        byte[] out = new byte[n];
        ByteBuffer fromFile = ByteBuffer.wrap(out);
        while (fromFile.hasRemaining()) {
            int r = file.read(fromFile, at + fromFile.position());
            if (r < 0) {
                break;    // the rest is pending only (or a hole before a pending write, which reads as zeros)
            }
        }
        for (Pending p : pending) {
            long from = Math.max(at, p.position + p.done), to = Math.min(at + n, p.position + p.bytes.length);
            if (from < to) {
                System.arraycopy(p.bytes, (int) (from - p.position), out, (int) (from - at), (int) (to - from));
            }
        }
        dst.put(out);
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src, long at) throws IOException {
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        pending.add(new Pending(at, bytes));
        size = Math.max(size, at + bytes.length);
        if (writebackRate > 0 && random.nextDouble() < writebackRate) {
            push(random.nextLong(unforcedBytes() + 1));
        }
        return bytes.length;
    }

    /** Writes the oldest {@code count} pending bytes to the file, in write order, without forcing them. */
    private void push(long count) throws IOException {
        while (count > 0 && !pending.isEmpty()) {
            Pending p = pending.get(0);
            int n = (int) Math.min(count, p.bytes.length - p.done);
            ByteBuffer b = ByteBuffer.wrap(p.bytes, p.done, n);
            while (b.hasRemaining()) {
                file.write(b, p.position + p.done + (n - b.remaining()));
            }
            p.done += n;
            count -= n;
            if (p.done == p.bytes.length) {
                pending.remove(0);
            }
        }
    }

    @Override
    public synchronized void force(boolean metaData) throws IOException {
        push(Long.MAX_VALUE);
        file.force(metaData);
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized FileChannel truncate(long newSize) throws IOException {
        push(Long.MAX_VALUE);
        file.truncate(newSize);
        size = Math.min(size, newSize);
        return this;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        int n = write(src, position);
        position += n;
        return n;
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();      // a clean close does not force: what was not forced is lost, as at a power loss
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException("scattering reads");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("gathering writes");
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("transferTo");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new UnsupportedOperationException("transferFrom");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("map: mapped writes would bypass the layer");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("lock");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("tryLock");
    }
}
