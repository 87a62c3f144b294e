package ddm.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileLog: round trips, recovery from a torn write at every byte offset of the last record, detection of a flipped
 * bit at every bit of a middle record. The torn-write and bit-flip checks are functions of a {@link Recovery}, so they
 * are also run against deliberately broken recoveries (at the bottom) and must catch them.
 */
class FileLogTest {

    @TempDir
    Path dir;

    /** A way to read a log file back after a crash; a {@link LogCorruptedException} means "damage reported". */
    interface Recovery {
        List<byte[]> recover(Path file) throws IOException;
    }

    static final Recovery FILE_LOG = file -> {
        try (FileLog log = FileLog.open(file)) {
            return log.readAll();
        }
    };

    /** Records of different sizes, including an empty one; the last is the one torn by the tests. */
    static final List<byte[]> RECORDS = List.of(
            bytes("prepare T1"), new byte[0], bytes("commit T1 decided by TM"), bytes("abort T2"),
            bytes("the last record, long enough to tear at many offsets"));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    Path writeLog(List<byte[]> records) throws IOException {
        Path file = Files.createTempFile(dir, "log", ".bin");
        Files.delete(file);
        try (FileLog log = FileLog.open(file)) {
            for (byte[] r : records) {
                log.append(r);
            }
            log.force();
        }
        return file;
    }

    static int frameBytes(byte[] record) {
        return FileLog.HEADER_BYTES + record.length;
    }

    static long prefixBytes(List<byte[]> records, int count) {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += frameBytes(records.get(i));
        }
        return n;
    }

    static void assertRecords(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Arrays.equals(expected.get(i), actual.get(i)), "record " + i + " differs");
        }
    }

    // ---------------------------------------------------------------------------------------------- round trips

    @Test
    void recordsSurviveCloseAndReopenAndPositionsContinue() throws IOException {
        Path file = writeLog(RECORDS);
        try (FileLog log = FileLog.open(file)) {
            assertRecords(RECORDS, log.readAll());
            assertEquals(RECORDS.size(), log.append(bytes("after reopen")), "positions continue after recovery");
            log.force();
        }
        List<byte[]> expected = new ArrayList<>(RECORDS);
        expected.add(bytes("after reopen"));
        assertRecords(expected, FILE_LOG.recover(file));
        assertEquals(prefixBytes(expected, expected.size()), Files.size(file), "no stray bytes");
    }

    @Test
    void positionsCountFromZeroAndReadAllSeesUnforcedRecords() throws IOException {
        try (FileLog log = FileLog.open(dir.resolve("fresh.log"))) {
            assertEquals(0, log.append(bytes("a")));
            assertEquals(1, log.append(bytes("b")));
            assertRecords(List.of(bytes("a"), bytes("b")), log.readAll());
        }
    }

    @Test
    void theFrameIsLengthCrcPayloadWithCrc32cOverLengthAndPayload() throws IOException {
        byte[] payload = bytes("xyz");
        Path file = writeLog(List.of(payload));
        ByteBuffer onDisk = ByteBuffer.wrap(Files.readAllBytes(file));
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {0, 0, 0, 3});
        crc.update(payload);
        assertEquals(3, onDisk.getInt(0));
        assertEquals((int) crc.getValue(), onDisk.getInt(4));
        assertEquals(11, onDisk.capacity());
    }

    @Test
    void anEmptyFileIsAnEmptyLog() throws IOException {
        assertRecords(List.of(), FILE_LOG.recover(dir.resolve("new.log")));
    }

    @Test
    void aClosedLogRefusesFurtherWork() throws IOException {
        FileLog log = FileLog.open(dir.resolve("closed.log"));
        log.append(bytes("a"));
        log.close();
        assertThrows(IOException.class, () -> log.append(bytes("b")));
        assertThrows(IOException.class, log::force);
    }

    // ------------------------------------------------------------------------------------------------ torn writes

    /**
     * For every byte offset k inside the last frame, two crashes: the file cut at k (a write that stopped there),
     * and the file cut at k with the rest of the frame zeroed (the sectors after k never written). Each must recover
     * exactly the earlier records and, for the real log, leave a file that takes new appends. Returns the failures.
     */
    static List<String> tornWriteFailures(Recovery recovery, Path dir, Path intact) throws IOException {
        byte[] whole = Files.readAllBytes(intact);
        int lastStart = (int) prefixBytes(RECORDS, RECORDS.size() - 1);
        List<byte[]> earlier = RECORDS.subList(0, RECORDS.size() - 1);
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < whole.length - lastStart; k++) {
            byte[] cut = Arrays.copyOf(whole, lastStart + k);
            byte[] zeroed = Arrays.copyOf(cut, whole.length);
            for (byte[] image : List.of(cut, zeroed)) {
                String what = (image == cut ? "cut" : "zero-filled") + " at offset " + k + " of the last record";
                Path file = dir.resolve("torn-" + k + "-" + image.length);
                Files.write(file, image);
                try {
                    List<byte[]> got = recovery.recover(file);
                    if (!sameRecords(earlier, got)) {
                        failures.add(what + ": recovered " + got.size() + " records, or different ones");
                    }
                } catch (IOException e) {
                    failures.add(what + ": " + e);
                }
            }
        }
        return failures;
    }

    static boolean sameRecords(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aTornWriteAtEveryByteOffsetOfTheLastRecordRecoversExactlyTheEarlierRecords() throws IOException {
        Path intact = writeLog(RECORDS);
        assertEquals(List.of(), tornWriteFailures(FILE_LOG, dir, intact));
    }

    @Test
    void recoveryTruncatesTheTornTailDurablyAndAppendsContinueAfterIt() throws IOException {
        Path file = writeLog(RECORDS);
        long lastStart = prefixBytes(RECORDS, RECORDS.size() - 1);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, (int) lastStart + 13));
        try (FileLog log = FileLog.open(file)) {
            assertEquals(lastStart, Files.size(file), "torn tail truncated");
            assertEquals(RECORDS.size() - 1, log.append(bytes("replacement")));
            log.force();
        }
        List<byte[]> expected = new ArrayList<>(RECORDS.subList(0, RECORDS.size() - 1));
        expected.add(bytes("replacement"));
        assertRecords(expected, FILE_LOG.recover(file));
    }

    @Test
    void aFinalFrameWithABadCrcEndingAtEndOfFileIsATornTail() throws IOException {
        Path file = writeLog(RECORDS);
        byte[] image = Files.readAllBytes(file);
        image[image.length - 1] ^= 1;
        Files.write(file, image);
        assertRecords(RECORDS.subList(0, RECORDS.size() - 1), FILE_LOG.recover(file));
    }

    // ----------------------------------------------------------------------------------------------- flipped bits

    /**
     * For every bit of the frame of record {@code victim} (header and payload), flips it and recovers; each must be
     * reported as a {@link LogCorruptedException} naming the file and the frame's offset. Returns the misses.
     */
    static List<String> flippedBitMisses(Recovery recovery, Path dir, Path intact, int victim) throws IOException {
        byte[] whole = Files.readAllBytes(intact);
        int start = (int) prefixBytes(RECORDS, victim);
        int end = start + frameBytes(RECORDS.get(victim));
        List<String> misses = new ArrayList<>();
        for (int bit = start * 8; bit < end * 8; bit++) {
            byte[] image = whole.clone();
            image[bit / 8] ^= (byte) (1 << (bit % 8));
            Path file = dir.resolve("flip-" + bit);
            Files.write(file, image);
            String what = "bit " + (bit - start * 8) + " of record " + victim;
            try {
                List<byte[]> got = recovery.recover(file);
                misses.add(what + ": not reported; recovered " + got.size() + " records");
            } catch (LogCorruptedException e) {
                if (e.offset() != start || !file.equals(e.file()) || !e.getMessage().contains(file.toString())) {
                    misses.add(what + ": reported with the wrong place: " + e.getMessage());
                }
            } catch (IOException e) {
                misses.add(what + ": wrong exception " + e);
            }
        }
        return misses;
    }

    @Test
    void aFlippedBitAnywhereInAMiddleRecordIsReportedWithFileAndOffset() throws IOException {
        Path intact = writeLog(RECORDS);
        for (int victim = 0; victim < RECORDS.size() - 1; victim++) {
            assertEquals(List.of(), flippedBitMisses(FILE_LOG, dir, intact, victim), "record " + victim);
        }
    }

    @Test
    void theCorruptionMessageNamesFileAndOffset() throws IOException {
        Path file = writeLog(RECORDS);
        byte[] image = Files.readAllBytes(file);
        int start = (int) prefixBytes(RECORDS, 2);
        image[start + FileLog.HEADER_BYTES + 3] ^= 0x10;
        Files.write(file, image);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> FileLog.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset " + start), e.getMessage());
        assertTrue(e.getMessage().contains("CRC32C mismatch"), e.getMessage());
    }

    @Test
    void aCorruptLogIsLeftUntouched() throws IOException {
        Path file = writeLog(RECORDS);
        byte[] image = Files.readAllBytes(file);
        image[3] ^= 0x01;
        Files.write(file, image);
        assertThrows(LogCorruptedException.class, () -> FileLog.open(file));
        assertTrue(Arrays.equals(image, Files.readAllBytes(file)), "recovery must not truncate a corrupt log");
    }

    // ------------------------------------------------------------------------ the checks above catch broken logs

    /** Reads length-prefixed frames and trusts them: no CRC check. A torn, zero-filled frame reads as a record. */
    static final Recovery IGNORES_CRC = file -> {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= FileLog.HEADER_BYTES) {
            int length = b.getInt();
            b.getInt();
            if (length < 0 || length > b.remaining()) {
                break;
            }
            byte[] r = new byte[length];
            b.get(r);
            out.add(r);
        }
        return out;
    };

    /** Checks CRCs, but skips a bad complete frame and carries on: silent loss of a middle record. */
    static final Recovery SKIPS_BAD_FRAMES = file -> {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= FileLog.HEADER_BYTES) {
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 0 || length > b.remaining()) {
                break;
            }
            byte[] r = new byte[length];
            b.get(r);
            if (crcOf(length, r) == crc) {
                out.add(r);
            }
        }
        return out;
    };

    /** Checks CRCs and truncates at the first bad frame whatever follows: right for tears, silent for damage. */
    static final Recovery TRUNCATES_AT_FIRST_BAD_FRAME = file -> {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= FileLog.HEADER_BYTES) {
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 0 || length > b.remaining()) {
                break;
            }
            byte[] r = new byte[length];
            b.get(r);
            if (crcOf(length, r) != crc) {
                break;
            }
            out.add(r);
        }
        return out;
    };

    /** Reports every invalid frame as corruption, a torn tail too: a node could never restart after a crash. */
    static final Recovery REPORTS_TEARS_AS_CORRUPTION = file -> {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            if (b.remaining() < FileLog.HEADER_BYTES) {
                throw new LogCorruptedException(file, at, "partial header");
            }
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new LogCorruptedException(file, at, "bad length");
            }
            byte[] r = new byte[length];
            b.get(r);
            if (crcOf(length, r) != crc) {
                throw new LogCorruptedException(file, at, "bad crc");
            }
            out.add(r);
        }
        return out;
    };

    static int crcOf(int length, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload);
        return (int) crc.getValue();
    }

    @Test
    void theTornWriteCheckCatchesARecoveryThatIgnoresCrcs() throws IOException {
        assertFalse(tornWriteFailures(IGNORES_CRC, dir, writeLog(RECORDS)).isEmpty());
    }

    @Test
    void theTornWriteCheckCatchesARecoveryThatCannotTellATearFromDamage() throws IOException {
        assertFalse(tornWriteFailures(REPORTS_TEARS_AS_CORRUPTION, dir, writeLog(RECORDS)).isEmpty());
    }

    @Test
    void theBitFlipCheckCatchesRecoveriesThatMisreadSkipOrTruncateDamage() throws IOException {
        Path intact = writeLog(RECORDS);
        for (Recovery broken : List.of(IGNORES_CRC, SKIPS_BAD_FRAMES, TRUNCATES_AT_FIRST_BAD_FRAME)) {
            assertFalse(flippedBitMisses(broken, dir, intact, 2).isEmpty());
        }
    }

    @Test
    void theBitFlipCheckCatchesAReportWithTheWrongOffset() throws IOException {
        Recovery wrongOffset = file -> {
            try {
                return FILE_LOG.recover(file);
            } catch (LogCorruptedException e) {
                throw new LogCorruptedException(file, e.offset() + 1, "off by one");
            }
        };
        assertFalse(flippedBitMisses(wrongOffset, dir, writeLog(RECORDS), 2).isEmpty());
    }

    @Test
    void damageToTheLastRecordCannotBeToldFromATearAndIsTruncated() throws IOException {
        // The documented limit of a checksum-only format: stated as a test so that a change to it is noticed.
        Path file = writeLog(RECORDS);
        byte[] image = Files.readAllBytes(file);
        image[(int) prefixBytes(RECORDS, RECORDS.size() - 1) + FileLog.HEADER_BYTES] ^= 0x04;
        Files.write(file, image);
        assertRecords(RECORDS.subList(0, RECORDS.size() - 1), FILE_LOG.recover(file));
    }
}
