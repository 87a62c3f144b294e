package ddm.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-loss layer beneath the real {@link FileLog}: a crash (the channel dropped without a force, as when the
 * process dies) loses exactly what was not forced; with write-back, a prefix of it survives, torn or not, and
 * recovery keeps the whole records of that prefix. And the teeth: a log whose force never reaches the disk loses
 * everything under this layer, while on a plain file it loses nothing, which is why every test passed it before.
 */
class PowerLossChannelTest {

    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> strings(List<byte[]> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(new String(r, StandardCharsets.UTF_8)));
        return out;
    }

    /** A log whose force returns without forcing: the seeded bug. */
    static final class ForceThatDoesNothing implements RecordLog {
        final FileLog log;

        ForceThatDoesNothing(FileLog log) {
            this.log = log;
        }

        @Override
        public long append(byte[] record) throws IOException {
            return log.append(record);
        }

        @Override
        public void force() {
        }

        @Override
        public List<byte[]> readAll() throws IOException {
            return log.readAll();
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }

    @Test
    void whatWasNotForcedIsLostAtACrashAndReadsSeeItBefore() throws IOException {
        Path file = dir.resolve("log");
        FileLog log = FileLog.open(file, f -> PowerLossChannel.open(f, 1, 0));
        log.append(bytes("prepared 1"));
        log.force();
        log.append(bytes("committed 1"));
        assertEquals(List.of("prepared 1", "committed 1"), strings(log.readAll()), "reads see unforced writes");
        log.close();   // the process dies: nothing forces the second record
        try (FileLog after = FileLog.open(file)) {
            assertEquals(List.of("prepared 1"), strings(after.readAll()));
        }
    }

    @Test
    void aForceThatNeverReachesTheDiskIsCaughtOnlyUnderPowerLoss() throws IOException {
        for (boolean powerLoss : new boolean[] {false, true}) {
            Path file = dir.resolve("log-" + powerLoss);
            FileLog.Opener opener = powerLoss ? f -> PowerLossChannel.open(f, 1, 0)
                    : f -> java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
            RecordLog log = new ForceThatDoesNothing(FileLog.open(file, opener));
            log.append(bytes("prepared 1"));
            log.force();
            log.close();
            try (FileLog after = FileLog.open(file)) {
                assertEquals(powerLoss ? List.of() : List.of("prepared 1"), strings(after.readAll()),
                        powerLoss ? "the record never reached the disk" : "the page cache kept it for the bug");
            }
        }
    }

    @Test
    void writeBackLeavesAPrefixAndATornTailIsTruncated() throws IOException {
        int torn = 0;
        for (long seed = 0; seed < 60; seed++) {
            Path file = dir.resolve("wb-" + seed);
            List<String> written = new ArrayList<>();
            FileLog log = FileLog.open(file, f -> PowerLossChannel.open(f, 99, 0));
            log.append(bytes("durable"));
            log.force();
            log.close();
            written.add("durable");
            long seedForRun = seed;
            log = FileLog.open(file, f -> PowerLossChannel.open(f, seedForRun, 0.7));
            for (int i = 0; i < 5; i++) {
                log.append(bytes("unforced record " + i));
                written.add("unforced record " + i);
            }
            log.close();
            long sizeOnDisk = Files.size(file);
            try (FileLog after = FileLog.open(file)) {
                List<String> kept = strings(after.readAll());
                assertTrue(kept.size() >= 1 && kept.equals(written.subList(0, kept.size())), seed + ": " + kept);
                if (Files.size(file) < sizeOnDisk) {
                    torn++;
                }
            }
        }
        assertTrue(torn > 5, "write-back cut inside a record in " + torn + " of 60 seeds");
    }

    @Test
    void positionalReadsMergeTheFileAndThePendingWrites() throws IOException {
        Path file = dir.resolve("raw");
        try (PowerLossChannel c = PowerLossChannel.open(file, 3, 0)) {
            c.write(java.nio.ByteBuffer.wrap(bytes("abcdef")), 0);
            c.force(false);
            c.write(java.nio.ByteBuffer.wrap(bytes("XY")), 2);
            c.write(java.nio.ByteBuffer.wrap(bytes("gh")), 6);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
            assertEquals(8, c.read(b, 0));
            assertArrayEquals(bytes("abXYefgh"), b.array());
            assertEquals(8, c.size());
            assertEquals(4, c.unforcedBytes());
        }
        assertArrayEquals(bytes("abcdef"), Files.readAllBytes(file));
    }
}
