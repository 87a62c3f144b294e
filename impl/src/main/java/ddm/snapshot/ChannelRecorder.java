package ddm.snapshot;

import ddm.snapshot.Message.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorded state of one incoming channel: the spec's {@code chanSnap[<<p, q>>]} and whether the channel is in
 * {@code chanDone}. Idle until its process records ({@link #start}); while recording, each transfer received on the
 * channel is added ({@link #record}); the channel's marker ends it ({@link #stop}), and the state is final.
 *
 * <p>Thread-safe: on the {@link SnapshotRuntime} a process's thread records and stops while the runtime's collector
 * reads; every method holds the recorder's monitor, so each call is one atomic step (checked with Lincheck). Contract:
 * {@code record} returns whether the transfer became part of the channel state; a transfer recorded before
 * {@code stop} is in the list {@code stop} returns, and one not recorded is in no state.
 */
public final class ChannelRecorder {

    private enum Phase { IDLE, RECORDING, DONE }

    private Phase phase = Phase.IDLE;
    private final List<Transfer> transfers = new ArrayList<>();

    /** The process recorded its state: from now on, transfers received on this channel are its state. */
    public synchronized void start() {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("the channel is already " + phase);
        }
        phase = Phase.RECORDING;
    }

    /** Adds t to the channel state if the channel is being recorded; returns whether it did. */
    public synchronized boolean record(Transfer t) {
        if (phase != Phase.RECORDING) {
            return false;
        }
        transfers.add(t);
        return true;
    }

    /** The channel's marker arrived: the state is final (empty if recording never started). Returns it. */
    public synchronized List<Transfer> stop() {
        if (phase == Phase.DONE) {
            throw new IllegalStateException("the channel state is already final");
        }
        phase = Phase.DONE;
        return List.copyOf(transfers);
    }

    public synchronized boolean recording() {
        return phase == Phase.RECORDING;
    }

    public synchronized boolean done() {
        return phase == Phase.DONE;
    }

    /** The transfers recorded so far (all of them once {@link #done}). */
    public synchronized List<Transfer> state() {
        return List.copyOf(transfers);
    }
}
