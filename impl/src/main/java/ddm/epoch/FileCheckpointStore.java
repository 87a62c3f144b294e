package ddm.epoch;

import ddm.epoch.Snapshots.SourceOffset;
import ddm.epoch.Snapshots.TaskSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A checkpoint store in a directory, one file per part ({@code task-<name>.<epoch>}, {@code source-<name>.<epoch>}).
 * A part is written to a temporary file, forced, renamed atomically over its final name, and the directory is forced
 * so that the rename survives a crash: a reader sees the whole part or none of it.
 */
public final class FileCheckpointStore implements CheckpointStore {

    private final Path dir;

    public FileCheckpointStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(TaskSnapshot s) {
        write("task-" + s.task() + "." + s.epoch(), s.encode());
    }

    @Override
    public void put(SourceOffset o) {
        write("source-" + o.source() + "." + o.epoch(), o.encode());
    }

    @Override
    public Optional<TaskSnapshot> task(String task, int epoch) {
        return read("task-" + task + "." + epoch, TaskSnapshot::decode);
    }

    @Override
    public Optional<SourceOffset> source(String source, int epoch) {
        return read("source-" + source + "." + epoch, SourceOffset::decode);
    }

    @Override
    public void discardAfter(int epoch) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp")) continue;
                if (Integer.parseInt(n.substring(n.lastIndexOf('.') + 1)) > epoch) Files.delete(p);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long bytes(int epoch) {
        try (Stream<Path> files = Files.list(dir)) {
            long n = 0;
            for (Path p : files.toList()) if (p.getFileName().toString().endsWith("." + epoch)) n += Files.size(p);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void write(String name, byte[] bytes) {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or force a directory; the rename is then as durable as they make it.
        }
    }

    private <T> Optional<T> read(String name, Function<byte[], T> decode) {
        try {
            return Optional.of(decode.apply(Files.readAllBytes(dir.resolve(name))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
