package ddm.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ddm.log.MemoryLog;
import ddm.sim.FaultPoint;
import org.junit.jupiter.api.Test;

/**
 * The driver's order of effects and its crashes inside a batch, on a toy role: each message "w:x" is one step that
 * writes record x and sends "x" to "peer". The log and the outbox write into one list, so the test reads the order
 * in which effects happened. Nothing is timed: each test waits on the driver's own futures.
 */
class NodeDriverTest {

    /** A node that, up, turns "w:x" into a step forcing x and then sending x; it counts its recoveries. */
    static final class Toy implements Role<String> {
        volatile boolean up = true;
        final List<String> recovered = new ArrayList<>();

        @Override
        public String name() {
            return "toy";
        }

        @Override
        public boolean isUp() {
            return up;
        }

        @Override
        public List<Step<String>> deliver(String from, String m) {
            String x = m.substring(2);
            return List.of(new Step<>(new StepEvent("Write", Map.of("x", x), null, List.of(), List.of(x), List.of()),
                    List.of(x.getBytes(StandardCharsets.UTF_8)), List.of(new Step.Send<>("peer", x))));
        }

        @Override
        public List<Step<String>> timeout(long key) {
            return List.of();
        }

        @Override
        public Step<String> crash() {
            up = false;
            return new Step<>(new StepEvent("Crash", Map.of(), null, List.of(), List.of(), List.of()), List.of(),
                    List.of());
        }

        @Override
        public Step<String> recover(List<byte[]> records) {
            up = true;
            records.forEach(r -> recovered.add(new String(r, StandardCharsets.UTF_8)));
            return new Step<>(null, List.of(), List.of());
        }
    }


    final List<String> effects = Collections.synchronizedList(new ArrayList<>());

    NodeDriver<String> driver(Toy toy, MemoryLog log, Effector effector) {
        ddm.log.RecordLog noting = new ddm.log.RecordLog() {
            @Override
            public long append(byte[] record) {
                effects.add("append " + new String(record, StandardCharsets.UTF_8));
                return log.append(record);
            }

            @Override
            public void force() {
                effects.add("force");
                log.force();
            }

            @Override
            public List<byte[]> readAll() {
                return log.readAll();
            }

            @Override
            public void close() {
            }
        };
        Outbox<String> outbox = (to, m, clock) -> effects.add("send " + m);
        return new NodeDriver<>(toy, new Timers(), noting, outbox, StepLog.NONE, FaultPoints.NONE, effector,
                NodeDriver.OnCrash.IN_PLACE, new NodeDriver.Config(64, 8, 5), e -> effects.add("failed " + e));
    }

    Thread start(NodeDriver<String> d) {
        Thread t = new Thread(d, "toy");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aBatchAppendsEveryRecordForcesOnceThenSends() throws Exception {
        Toy toy = new Toy();
        NodeDriver<String> d = driver(toy, new MemoryLog(), Effector.FORCE_THEN_SEND);
        // Queue the batch before the thread starts, so that it is taken as one batch.
        d.offer("c", "w:a", Map.of());
        d.offer("c", "w:b", Map.of());
        d.crash(null);               // a crash request between batches ends the batch before it: a, b performed
        Thread t = start(d);
        d.recover().get(30, TimeUnit.SECONDS);
        t.interrupt();
        t.join();
        assertEquals(List.of("append a", "append b", "force", "send a", "send b"), effects);
        assertEquals(List.of("a", "b"), toy.recovered);
    }

    @Test
    void aCrashAfterTheForceKeepsTheRecordsAndLosesTheSends() throws Exception {
        Toy toy = new Toy();
        MemoryLog log = new MemoryLog();
        NodeDriver<String> d = driver(toy, log, Effector.FORCE_THEN_SEND);
        Thread t = start(d);
        d.crash(FaultPoint.AFTER_FORCE);
        d.offer("c", "w:a", Map.of());
        d.offer("c", "w:b", Map.of());
        for (int i = 0; i < 3000 && toy.up; i++) {
            Thread.sleep(1);
        }
        d.recover().get(30, TimeUnit.SECONDS);
        t.interrupt();
        t.join();
        assertFalse(effects.contains("send a"), effects.toString());
        assertTrue(effects.contains("force"), effects.toString());
        assertEquals(1, d.crashes());
        assertFalse(toy.recovered.isEmpty(), "the forced records survive the crash");
    }

    @Test
    void aCrashAfterAnAppendLosesTheUnforcedRecords() throws Exception {
        Toy toy = new Toy();
        MemoryLog log = new MemoryLog();   // the log itself, not a wrapper: a crash drops what it did not force
        NodeDriver<String> d = new NodeDriver<>(toy, new Timers(), log, (to, m, clock) -> effects.add("send " + m),
                StepLog.NONE, FaultPoints.NONE, Effector.FORCE_THEN_SEND, NodeDriver.OnCrash.IN_PLACE,
                new NodeDriver.Config(64, 8, 5), e -> effects.add("failed " + e));
        d.crash(FaultPoint.AFTER_APPEND);
        d.offer("c", "w:a", Map.of());
        Thread t = start(d);
        for (int i = 0; i < 3000 && toy.up; i++) {
            Thread.sleep(1);
        }
        d.recover().get(30, TimeUnit.SECONDS);
        t.interrupt();
        t.join();
        assertEquals(List.of(), effects, "nothing was sent");
        assertEquals(List.of(), toy.recovered, "an appended record that was never forced is lost at a crash");
    }

    @Test
    void aBrokenEffectorThatSendsFirstPassesItsPointsInItsOwnOrder() throws Exception {
        Effector sendFirst = (batch, ops) -> {
            for (Effector.Performed<?> p : batch) {
                for (Step.Send<?> s : p.step().sends()) {
                    ops.send(p, s);
                }
            }
            for (Effector.Performed<?> p : batch) {
                for (byte[] r : p.step().records()) {
                    ops.append(p, r);
                }
            }
            ops.force();
        };
        Toy toy = new Toy();
        NodeDriver<String> d = driver(toy, new MemoryLog(), sendFirst);
        d.crash(FaultPoint.AFTER_SEND);
        d.offer("c", "w:a", Map.of());
        Thread t = start(d);
        for (int i = 0; i < 3000 && toy.up; i++) {
            Thread.sleep(1);
        }
        d.recover().get(30, TimeUnit.SECONDS);
        t.interrupt();
        t.join();
        assertEquals(List.of("send a"), effects, "the message left, its record never reached the log");
        assertEquals(List.of(), toy.recovered);
    }
}
