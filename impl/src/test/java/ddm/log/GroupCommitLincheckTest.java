package ddm.log;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, model-checking mode, on {@link GroupCommit} over an in-memory disk. Lincheck explores thread interleavings
 * (switching threads at every shared-memory access, lock and wait) of small concurrent scenarios of the operations
 * below and checks each outcome against a sequential run of the same operations.
 *
 * <p>The operations return what a caller can rely on, so any interleaving that breaks group commit shows up as a
 * result no sequential run gives: {@code append} returns positions 0, 1, 2, ... as if one at a time;
 * {@code force} returns whether every record written before it was called is durable when it returns (sequentially:
 * always); {@code appendAndForce} returns whether its own record is durable (sequentially: always). The fake disk's
 * sync reads how many records are written, then (after a possible thread switch) marks that many durable: a sync
 * covers what was written before it began, as a real fdatasync does.
 *
 * <p>The same scenarios run against two broken coordinators, which Lincheck must reject.
 */
class GroupCommitLincheckTest {

    /** The disk Lincheck can see into: counts only, since the coordinator's ordering is what is under test. */
    static final class FakeDisk implements GroupCommit.Storage {
        volatile int written;
        volatile int synced;

        @Override
        public void write(byte[] record) {
            written = written + 1; // called under the coordinator's lock
        }

        @Override
        public void sync() {
            int upTo = written;
            if (upTo > synced) {
                synced = upTo;
            }
        }
    }

    static final byte[] RECORD = {42};

    /** The operations; a subclass picks the coordinator. Lincheck builds a fresh instance per scenario. */
    public abstract static class Scenario {
        final FakeDisk disk = new FakeDisk();
        final Coordinator log = coordinator(disk);

        abstract Coordinator coordinator(FakeDisk disk);

        @Operation
        public long append() throws IOException {
            return log.append(RECORD);
        }

        @Operation
        public boolean force() throws IOException {
            int writtenBefore = disk.written;
            log.force();
            return disk.synced >= writtenBefore;
        }

        @Operation
        public boolean appendAndForce() throws IOException {
            long position = log.append(RECORD);
            log.force();
            return disk.synced > position;
        }
    }

    public static class Correct extends Scenario {
        @Override
        Coordinator coordinator(FakeDisk disk) {
            return Coordinator.of(new GroupCommit(disk, 0));
        }
    }

    public static class ReturnsWhileSyncing extends Scenario {
        @Override
        Coordinator coordinator(FakeDisk disk) {
            return new BrokenGroupCommit(disk, BrokenGroupCommit.Bug.RETURN_WHILE_SYNCING);
        }
    }

    public static class CountsAfterSync extends Scenario {
        @Override
        Coordinator coordinator(FakeDisk disk) {
            return new BrokenGroupCommit(disk, BrokenGroupCommit.Bug.COUNT_AFTER_SYNC);
        }
    }

    /**
     * Three threads of two operations each, after one and before one sequential operation: enough for a leader's sync,
     * a waiter and a late appender to interleave (each bug below needs only two threads). Bounded so that the whole
     * class runs in well under a minute.
     */
    static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(10)
                .invocationsPerIteration(500);
    }

    @Test
    void groupCommitIsLinearizableUnderModelChecking() {
        options().check(Correct.class);
    }

    @Test
    void modelCheckingCatchesAForceThatReturnsWhileAnUncoveringSyncRuns() {
        assertThrows(LincheckAssertionError.class, () -> options().check(ReturnsWhileSyncing.class));
    }

    @Test
    void modelCheckingCatchesALeaderThatClaimsRecordsWrittenDuringItsSync() {
        assertThrows(LincheckAssertionError.class, () -> options().check(CountsAfterSync.class));
    }
}
