package ddm.epoch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * The abstraction function of {@code EpochAlignment}, the spec's variables, for this simulation: {@code snap} and
     * {@code offset} are read back from the checkpoint store (a part of an epoch after the node's last recorded one is
     * zero, as in the spec), {@code completed} is 1 .. the coordinator's last completed epoch, {@code acked} the
     * coordinator's acknowledgements. See {@link #abstraction(Readings)}.
     */
    public Map<String, Object> abstraction() {
        return abstraction(new Readings() {
            @Override public Dataflow dataflow() { return sim.dataflow(); }
            @Override public int maxEpoch() { return maxEpoch; }
            @Override public Collection<Message> chan(Channel c) { return sim.chan(c); }
            @Override public Optional<Source> source(String s) { return Optional.of(sim.source(s)); }
            @Override public Optional<Task> task(String t) { return Optional.of(sim.task(t)); }
            @Override public long offset(String s, int e) {
                return e <= sim.source(s).recorded()
                        ? sim.store().source(s, e).orElseThrow(() -> missing(s)).offset() : 0;
            }
            @Override public Map<String, Long> snap(String t, int e) {
                return e <= sim.task(t).recorded()
                        ? sim.store().task(t, e).orElseThrow(() -> missing(t)).consumed() : Map.of();
            }
            @Override public long started() { return sim.coordinator().started(); }
            @Override public Set<Long> completed() {
                Set<Long> done = new TreeSet<>();
                for (long e = 1; e <= sim.coordinator().lastCompleted(); e++) done.add(e);
                return done;
            }
            @Override public Map<String, Integer> acked() { return sim.coordinator().acknowledged(); }
            @Override public long failures() { return sim.failures(); }
        });
    }

    /**
     * What the abstraction function reads, wherever it reads it: the simulator from its nodes, queues and checkpoint
     * store; a recorder of threaded runs from the nodes and from what its recorded steps returned (the runtime
     * stores checkpoints and hands messages on after a step, so the store and the input gates lag the steps).
     */
    public interface Readings {
        Dataflow dataflow();

        int maxEpoch();

        /** The messages in flight on {@code c}, head first. */
        Collection<Message> chan(Channel c);

        /** Source {@code s}, if it exists yet (a recorder may run before the runtime built it: all zero then). */
        Optional<Source> source(String s);

        /** Task {@code t}, if it exists yet. */
        Optional<Task> task(String t);

        /** The offset source {@code s} recorded for epoch {@code e}; 0 for an epoch it has not recorded. */
        long offset(String s, int e);

        /** The counts task {@code t} recorded for epoch {@code e}, per source; empty for an epoch it has not recorded. */
        Map<String, Long> snap(String t, int e);

        long started();

        Set<Long> completed();

        /** The coordinator's acknowledgements: per task, the last epoch it acknowledged (a task not listed: 0). */
        Map<String, Integer> acked();

        long failures();
    }

    /**
     * The spec's variables: {@code chan} (channel tuple to sequence of message records), {@code blocked},
     * {@code emitted}, {@code count}, {@code recorded}, {@code snap} and {@code offset} (per node, for every epoch
     * 1 .. MaxEpoch, zero where not recorded), {@code started}, {@code completed}, {@code acked}, {@code failures}.
     * One abstraction for the simulator and the recorder of threaded runs, so that they cannot come to disagree
     * about what the spec's state is.
     */
    public static Map<String, Object> abstraction(Readings r) {
        Dataflow df = r.dataflow();
        Map<Object, Object> chan = new HashMap<>();
        Set<Object> blocked = new HashSet<>();
        for (Channel c : df.channels()) {
            chan.put(c.spec(), r.chan(c).stream().map(Message::spec).toList());
        }
        Map<Object, Object> emitted = new HashMap<>(), recorded = new HashMap<>(), offset = new HashMap<>();
        Map<Object, Object> count = new HashMap<>(), snap = new HashMap<>();
        for (String s : df.sources()) {
            Optional<Source> src = r.source(s);
            emitted.put(s, src.map(x -> (long) x.emitted()).orElse(0L));
            recorded.put(s, src.map(x -> (long) x.recorded()).orElse(0L));
            Map<Object, Object> byEpoch = new HashMap<>();
            for (int e = 1; e <= r.maxEpoch(); e++) byEpoch.put((long) e, r.offset(s, e));
            offset.put(s, byEpoch);
        }
        for (String t : df.tasks()) {
            Optional<Task> task = r.task(t);
            recorded.put(t, task.map(x -> (long) x.recorded()).orElse(0L));
            task.ifPresent(x -> x.blocked().forEach(c -> blocked.add(c.spec())));
            count.put(t, perOrigin(df, task.map(Task::consumed).orElse(Map.of())));
            Map<Object, Object> byEpoch = new HashMap<>();
            for (int e = 1; e <= r.maxEpoch(); e++) byEpoch.put((long) e, perOrigin(df, r.snap(t, e)));
            snap.put(t, byEpoch);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("chan", chan);
        v.put("blocked", blocked);
        v.put("emitted", emitted);
        v.put("count", count);
        v.put("recorded", recorded);
        v.put("snap", snap);
        v.put("offset", offset);
        v.put("started", r.started());
        v.put("completed", new TreeSet<>(r.completed()));
        Map<Object, Object> acked = new HashMap<>();
        for (String t : df.tasks()) acked.put(t, (long) r.acked().getOrDefault(t, 0));
        v.put("acked", acked);
        v.put("failures", r.failures());
        return Collections.unmodifiableMap(v);
    }

    /** A task state as the spec has it: a count for every source (zero where none was consumed). */
    private static Map<Object, Object> perOrigin(Dataflow df, Map<String, Long> consumed) {
        Map<Object, Object> m = new HashMap<>();
        for (String s : df.sources()) m.put(s, consumed.getOrDefault(s, 0L));
        return m;
    }

    private static IllegalStateException missing(String node) {
        return new IllegalStateException(node + " recorded an epoch whose checkpoint part is not in the store");
    }
}
