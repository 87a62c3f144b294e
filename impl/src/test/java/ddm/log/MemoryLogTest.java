package ddm.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MemoryLog, the simulator's log: a crash keeps exactly the forced records, or a chosen prefix beyond them. */
class MemoryLogTest {

    static byte[] b(int v) {
        return new byte[] {(byte) v};
    }

    static List<Integer> values(MemoryLog log) {
        return log.readAll().stream().map(r -> (int) r[0]).toList();
    }

    @Test
    void aCrashDropsWhatWasNotForced() {
        MemoryLog log = new MemoryLog();
        log.append(b(1));
        log.append(b(2));
        log.force();
        log.append(b(3));
        assertEquals(List.of(1, 2, 3), values(log), "readAll sees unforced records before a crash");
        log.crash();
        assertEquals(List.of(1, 2), values(log));
        assertEquals(2, log.append(b(4)), "positions continue after the crash");
    }

    @Test
    void aCrashMayKeepAPrefixOfTheUnforcedRecords() {
        MemoryLog log = new MemoryLog();
        log.append(b(1));
        log.force();
        log.append(b(2));
        log.append(b(3));
        log.append(b(4));
        assertEquals(3, log.unforcedCount());
        log.crashKeeping(2);
        assertEquals(List.of(1, 2, 3), values(log));
        assertEquals(3, log.durableCount(), "what survived a crash is on disk");
        log.crash();
        assertEquals(List.of(1, 2, 3), values(log));
    }

    @Test
    void onlyAPrefixOfTheUnforcedRecordsCanBeKept() {
        MemoryLog log = new MemoryLog();
        log.append(b(1));
        assertThrows(IllegalArgumentException.class, () -> log.crashKeeping(2));
        assertThrows(IllegalArgumentException.class, () -> log.crashKeeping(-1));
    }

    @Test
    void aForceWithNothingNewIsFreeAndRecordsAreCopies() {
        MemoryLog log = new MemoryLog();
        byte[] record = b(7);
        log.append(record);
        record[0] = 9;
        log.force();
        log.force();
        assertEquals(1, log.forceCount());
        log.readAll().get(0)[0] = 5;
        assertArrayEquals(b(7), log.readAll().get(0), "callers cannot change the log through their arrays");
    }

    @Test
    void sameCallsSameLog() {
        for (int run = 0; run < 2; run++) {
            MemoryLog log = new MemoryLog();
            for (int i = 0; i < 10; i++) {
                log.append(b(i));
                if (i % 4 == 0) {
                    log.force(); // after records 0, 4 and 8
                }
            }
            log.crash();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), values(log), "run " + run);
        }
    }
}
