package ddm.conformance.snapshot;

import ddm.conformance.adapters.ChandyLamportAdapter;
import ddm.snapshot.BankProcess;
import ddm.snapshot.Channel;
import ddm.snapshot.Message.Transfer;
import ddm.snapshot.Message;
import ddm.snapshot.Send;
import ddm.snapshot.SnapshotSimulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deliberately broken variants of the Chandy–Lamport implementation (test code only), each one bug to be caught. */
final class BrokenSnapshot {

    private BrokenSnapshot() {}

    /**
     * Non-FIFO channels: a message of the kind asked for is delivered from anywhere in the channel, not only its head.
     * Breaks {@code ChandyLamport!RcvTransfer} and {@code ChandyLamport!RcvMarker}.
     */
    static final class NonFifoSimulation extends SnapshotSimulation {
        NonFifoSimulation(Config config) {
            super(config);
        }

        @Override
        protected int next(Channel c, Class<? extends Message> kind) {
            List<Message> q = inFlight(c);
            for (int i = 0; i < q.size(); i++) {
                if (kind.isInstance(q.get(i))) return i;
            }
            return -1;
        }
    }

    /**
     * In-flight transfers not recorded: the process never adds a received transfer to a channel's state. Breaks
     * {@code ChandyLamport!RcvTransfer}.
     */
    static final class NoInFlightProcess extends BankProcess {
        NoInFlightProcess(String name, List<Channel> ins, List<Channel> outs, long balance) {
            super(name, ins, outs, balance);
        }

        @Override
        public void rcvTransfer(Channel c, Transfer t) {
            balance += t.amount();
        }
    }

    /**
     * Markers after application messages: the process records its state but holds its markers back, and sends them only
     * after its next transfer (so that transfer, sent after the cut, reaches its receiver before the marker). Breaks
     * {@code ChandyLamport!Initiate} and {@code ChandyLamport!RcvMarker}.
     */
    static final class MarkersLateProcess extends BankProcess {
        private final List<Send> held = new ArrayList<>();

        MarkersLateProcess(String name, List<Channel> ins, List<Channel> outs, long balance) {
            super(name, ins, outs, balance);
        }

        @Override
        protected List<Send> recordState(Optional<Channel> firstMarker) {
            held.addAll(super.recordState(firstMarker));
            return List.of();
        }

        @Override
        public List<Send> sendTransfer(String to, long amount) {
            List<Send> out = new ArrayList<>(super.sendTransfer(to, amount));
            out.addAll(held);
            held.clear();
            return out;
        }
    }

    static ChandyLamportAdapter withProcesses(int maxTransfers, SnapshotSimulation.ProcessFactory processes) {
        return new ChandyLamportAdapter(maxTransfers, c -> new SnapshotSimulation(c.withProcesses(processes)));
    }

    static ChandyLamportAdapter nonFifo(int maxTransfers) {
        return new ChandyLamportAdapter(maxTransfers, NonFifoSimulation::new);
    }
}
