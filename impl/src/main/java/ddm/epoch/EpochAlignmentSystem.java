package ddm.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The conformance view of the epoch-aligned dataflow: a {@link EpochSimulation} whose sources emit
 * {@code maxRecords} records each, one method per action of {@code EpochAlignment.tla} (on the simulation), and
 * {@link #abstraction()}, the spec's variables as plain values computed from the simulation's state and its
 * checkpoint store.
 */
public final class EpochAlignmentSystem {

    private final EpochSimulation sim;
    private final int maxEpoch;

    public EpochAlignmentSystem(EpochSimulation sim) {
        this.sim = sim;
        this.maxEpoch = sim.config().maxEpoch();
    }

    /** The simulation for the spec's constants; source s emits records {@code (0, 1) .. (0, maxRecords)}. */
    public static EpochSimulation.Config config(Dataflow dataflow, int maxRecords, int maxEpoch, int maxFailures) {
        Map<String, List<long[]>> input = new HashMap<>();
        for (String s : dataflow.sources()) {
            List<long[]> records = new ArrayList<>();
            for (int i = 1; i <= maxRecords; i++) records.add(new long[] {0, i});
            input.put(s, records);
        }
        return new EpochSimulation.Config(dataflow, input, maxEpoch, maxFailures);
    }

    public EpochSimulation simulation() {
        return sim;
    }

    /**
     * The abstraction function, the spec's variables: {@code chan} (channel tuple to sequence of message records),
     * {@code blocked}, {@code emitted}, {@code count}, {@code recorded}, {@code snap} and {@code offset} (read back
     * from the checkpoint store: a part of an epoch after the node's last recorded one is zero, as in the spec),
     * {@code started}, {@code completed} (1 .. the last completed epoch), {@code failures}.
     */
    public Map<String, Object> abstraction() {
        Dataflow df = sim.dataflow();
        Map<String, Object> v = new LinkedHashMap<>();
        Map<Object, Object> chan = new HashMap<>();
        Set<Object> blocked = new java.util.HashSet<>();
        for (Channel c : df.channels()) {
            List<Object> q = new ArrayList<>();
            for (Message m : sim.chan(c)) q.add(m.spec());
            chan.put(c.spec(), q);
        }
        Map<Object, Object> emitted = new HashMap<>(), recorded = new HashMap<>(), offset = new HashMap<>();
        Map<Object, Object> count = new HashMap<>(), snap = new HashMap<>();
        for (String s : df.sources()) {
            Source src = sim.source(s);
            emitted.put(s, (long) src.emitted());
            recorded.put(s, (long) src.recorded());
            Map<Object, Object> off = new HashMap<>();
            for (int e = 1; e <= maxEpoch; e++) {
                long o = e <= src.recorded() ? sim.store().source(s, e).orElseThrow(() -> missing(s)).offset() : 0;
                off.put((long) e, o);
            }
            offset.put(s, off);
        }
        for (String t : df.tasks()) {
            Task task = sim.task(t);
            recorded.put(t, (long) task.recorded());
            for (Channel c : task.blocked()) blocked.add(c.spec());
            count.put(t, perOrigin(task.consumed()));
            Map<Object, Object> byEpoch = new HashMap<>();
            for (int e = 1; e <= maxEpoch; e++) {
                byEpoch.put((long) e, e <= task.recorded()
                        ? perOrigin(sim.store().task(t, e).orElseThrow(() -> missing(t)).consumed())
                        : perOrigin(Map.of()));
            }
            snap.put(t, byEpoch);
        }
        Set<Object> completed = new TreeSet<>();
        for (long e = 1; e <= sim.coordinator().lastCompleted(); e++) completed.add(e);
        v.put("chan", chan);
        v.put("blocked", blocked);
        v.put("emitted", emitted);
        v.put("count", count);
        v.put("recorded", recorded);
        v.put("snap", snap);
        v.put("offset", offset);
        v.put("started", (long) sim.coordinator().started());
        v.put("completed", completed);
        v.put("failures", (long) sim.failures());
        return Collections.unmodifiableMap(v);
    }

    /** A task state as the spec has it: a count for every source (zero where none was consumed). */
    private Map<Object, Object> perOrigin(Map<String, Long> consumed) {
        Map<Object, Object> m = new HashMap<>();
        for (String s : sim.dataflow().sources()) m.put(s, consumed.getOrDefault(s, 0L));
        return m;
    }

    private static IllegalStateException missing(String node) {
        return new IllegalStateException(node + " recorded an epoch whose checkpoint part is not in the store");
    }
}
