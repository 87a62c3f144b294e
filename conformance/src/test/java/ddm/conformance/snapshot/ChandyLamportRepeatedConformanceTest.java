package ddm.conformance.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Explored;
import ddm.conformance.adapters.ChandyLamportRepeatedAdapter;
import ddm.conformance.replay.ConformanceCheck;
import ddm.conformance.replay.Divergence;
import ddm.snapshot.Channel;
import ddm.snapshot.Message;
import ddm.snapshot.RepeatedBankProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChandyLamportRepeated-Ring3 (two successive, possibly overlapping snapshots on p1 -> p2 -> p3 -> p1, one transfer),
 * explored once: {@link RepeatedBankProcess}, which the bank's node processes run, conforms (every state and edge
 * covered, every disabled step refused), and the negative model's bug, put in a process, is caught where it shows.
 */
class ChandyLamportRepeatedConformanceTest {

    @TempDir
    static Path work;

    static Explored explored;

    @BeforeAll
    static void explore() throws Exception {
        explored = Explored.of("ChandyLamportRepeated-Ring3", work);
    }

    @Test
    void theImplementationConforms() {
        ConformanceCheck.Result r = explored.check(new ChandyLamportRepeatedAdapter());
        assertTrue(r.passed(), () -> r.row() + "\n" + r.divergence().map(Divergence::report).orElse(""));
        assertTrue(r.coverage().full(), r.coverage().summary());
        assertTrue(r.refusalsTried() > 0);
    }

    /**
     * The negative model's RcvTransferLatestOnly in code: with overlapping snapshots, a transfer joins the recorded
     * state of its channel only in the latest snapshot still recording it. Replay diverges at a RcvTransfer, on
     * chanSnap.
     */
    @Test
    void recordingOnlyInTheLatestSnapshotIsCaught() {
        ConformanceCheck.Result r = explored.check(new ChandyLamportRepeatedAdapter(1, LatestOnly::new));
        Divergence d = r.divergence().orElseThrow(() -> new AssertionError("LatestOnly was not caught"));
        assertEquals("RcvTransfer", d.action().orElseThrow().action(), d.report());
        assertTrue(d.diffs().stream().anyMatch(v -> v.var().equals("chanSnap")), d.report());
    }

    /** Records a transfer only in the latest snapshot that is recording its channel. */
    static final class LatestOnly extends RepeatedBankProcess {
        LatestOnly(String name, List<Channel> ins, List<Channel> outs, long balance) {
            super(name, ins, outs, balance);
        }

        @Override
        public void rcvTransfer(Channel c, Message.Transfer t) {
            List<List<Message.Transfer>> earlier = parts.values().stream()
                    .filter(p -> p.snapshot() < recorded && !p.done().contains(c))
                    .map(p -> p.channels().get(c)).toList();
            List<Integer> sizes = earlier.stream().map(List::size).toList();
            super.rcvTransfer(c, t);
            for (int i = 0; i < earlier.size(); i++) {
                earlier.get(i).subList(sizes.get(i), earlier.get(i).size()).clear();
            }
        }
    }
}
