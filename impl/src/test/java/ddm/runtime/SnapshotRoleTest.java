package ddm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.runtime.node.Step;
import ddm.runtime.node.Timers;
import ddm.snapshot.Graph;
import ddm.snapshot.Message;
import ddm.runtime.proc.SnapshotCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A bank process's role without a driver: its channels are reliable and FIFO over a wire that drops, duplicates and
 * reorders, and its recovery from its records puts it back exactly where it was.
 */
class SnapshotRoleTest {

    static final Graph RING = Graph.complete(2);

    static SnapshotRole role(String name) {
        return new SnapshotRole(name, RING.in(name), RING.out(name), 100, SnapshotRole.Processes.STANDARD,
                new Timers(), 50, 64);
    }

    /** Records of every step, in order, and the messages to peers, as a driver would keep them. */
    record Out(List<byte[]> records, List<Step.Send<SnapshotWire>> sends) {
    }

    static Out perform(List<Step<SnapshotWire>> steps) {
        Out o = new Out(new ArrayList<>(), new ArrayList<>());
        for (Step<SnapshotWire> s : steps) {
            o.records().addAll(s.records());
            o.sends().addAll(s.sends());
        }
        return o;
    }

    @Test
    void aWireThatDropsDuplicatesAndReordersStillDeliversInOrderOnce() throws IOException {
        SnapshotRole p1 = role("p1"), p2 = role("p2");
        SplittableRandom random = new SplittableRandom(3);
        SnapshotCodec codec = new SnapshotCodec();
        List<Step.Send<SnapshotWire>> wire = new ArrayList<>();
        long paid = 0;
        for (int i = 0; i < 40; i++) {
            wire.addAll(perform(p1.deliver("client", new SnapshotWire.Pay("p2", 1))).sends());
            paid++;
            if (i % 10 == 0) {
                wire.addAll(perform(p1.deliver("client", new SnapshotWire.Initiate())).sends());
            }
        }
        // Deliver in random order with drops and duplicates; retransmit until everything is acknowledged.
        for (int round = 0; round < 200 && p2.bank().received(new ddm.snapshot.Channel("p1", "p2"))[0] < paid; round++) {
            List<Step.Send<SnapshotWire>> next = new ArrayList<>();
            java.util.Collections.shuffle(wire, new java.util.Random(random.nextLong()));
            for (Step.Send<SnapshotWire> s : wire) {
                if (random.nextInt(10) == 0 || s.to().equals("client")) {
                    continue;           // dropped (and the client's reports are not under test here)
                }
                SnapshotWire m = codec.decode(codec.encode(s.message()));
                SnapshotRole to = s.to().equals("p1") ? p1 : p2;
                String from = s.to().equals("p1") ? "p2" : "p1";
                for (int copies = random.nextInt(4) == 0 ? 2 : 1; copies > 0; copies--) {
                    next.addAll(perform(to.deliver(from, m)).sends());
                }
            }
            next.addAll(perform(p1.timeout(SnapshotRole.RETRANSMIT)).sends());
            wire = next;
        }
        ddm.snapshot.Channel c = new ddm.snapshot.Channel("p1", "p2");
        assertEquals(paid, p2.bank().received(c)[0]);
        assertEquals(200, p1.bank().balance() + p2.bank().balance());
        assertEquals(4, p2.bank().recorded());
    }

    static String show(ddm.snapshot.RepeatedBankProcess.Part p) {
        StringBuilder sb = new StringBuilder(p.snapshot() + " " + p.balance() + " " + p.channels() + " " + p.done());
        p.sentAtCut().forEach((c, n) -> sb.append(' ').append(c).append(java.util.Arrays.toString(n)));
        p.receivedAtCut().forEach((c, n) -> sb.append(' ').append(c).append(java.util.Arrays.toString(n)));
        return sb.toString();
    }

    @Test
    void recoveryFromItsRecordsPutsTheProcessBackWhereItWas() {
        SnapshotRole p1 = role("p1"), p2 = role("p2");
        List<byte[]> records1 = new ArrayList<>(), records2 = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Out a = perform(p1.deliver("client", new SnapshotWire.Pay("p2", 1 + i % 7)));
            records1.addAll(a.records());
            if (i % 7 == 3) {
                Out b = perform(p1.deliver("client", new SnapshotWire.Initiate()));
                records1.addAll(b.records());
                a.sends().addAll(b.sends());
            }
            for (Step.Send<SnapshotWire> s : a.sends()) {
                if (s.to().equals("p2") && i < 26) {        // the last never arrive: unacknowledged at p1
                    Out r = perform(p2.deliver("p1", s.message()));
                    records2.addAll(r.records());
                    for (Step.Send<SnapshotWire> x : r.sends()) {
                        if (x.to().equals("p1")) {
                            records1.addAll(perform(p1.deliver("p2", x.message())).records());
                        }
                    }
                }
            }
        }
        SnapshotRole again1 = role("p1"), again2 = role("p2");
        List<SnapshotWire> owed = new ArrayList<>();
        again1.recover(records1).sends().forEach(s -> owed.add(s.message()));
        again2.recover(records2);
        assertEquals(p1.bank().toString(), again1.bank().toString());
        assertEquals(p2.bank().toString(), again2.bank().toString());
        assertTrue(p1.bank().finished(1), "p1 finished no snapshot: the test shows nothing of parts");
        assertEquals(show(p1.bank().part(1).orElseThrow()), show(again1.bank().part(1).orElseThrow()));
        for (long s = 1; s <= p2.bank().recorded(); s++) {
            assertEquals(p2.bank().part(s).orElseThrow().channels().toString(),
                    again2.bank().part(s).orElseThrow().channels().toString());
        }
        // What the restarted p1 sends at once: the messages p2 has not acknowledged, and its finished parts again.
        assertTrue(owed.stream().anyMatch(m -> m instanceof SnapshotWire.Data d && d.message() instanceof Message.Transfer),
                owed.toString());
        assertTrue(owed.stream().anyMatch(m -> m instanceof SnapshotWire.Part), owed.toString());
    }
}
