package ddm.epoch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Random DAGs and inputs from a seed, for the property tests. */
final class RandomDataflows {

    private RandomDataflows() {}

    /**
     * A DAG of {@code sources} sources and {@code tasks} tasks (operators and sinks, at most 6 in the tests): each
     * task reads one or two earlier nodes (fan-in), a node read by several tasks fans out; a task nobody reads is a
     * sink; operators are keyed counts or sums.
     */
    static Dataflow dag(Random r, int sources, int tasks) {
        List<String> nodes = new ArrayList<>();
        Set<String> srcs = new TreeSet<>();
        for (int i = 0; i < sources; i++) {
            srcs.add("s" + i);
            nodes.add("s" + i);
        }
        Set<Channel> channels = new HashSet<>();
        for (int i = 0; i < tasks; i++) {
            String t = "t" + i;
            int fanIn = 1 + r.nextInt(Math.min(2, nodes.size()));
            List<String> pool = new ArrayList<>(nodes);
            for (int k = 0; k < fanIn; k++) channels.add(new Channel(pool.remove(r.nextInt(pool.size())), t));
            nodes.add(t);
        }
        for (String s : srcs) {
            if (channels.stream().noneMatch(c -> c.from().equals(s))) channels.add(new Channel(s, "t0"));
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int i = 0; i < tasks; i++) {
            String t = "t" + i;
            boolean sink = channels.stream().noneMatch(c -> c.from().equals(t));
            kinds.put(t, sink ? "sink" : (r.nextBoolean() ? "count" : "sum"));
        }
        return new Dataflow(srcs, kinds, channels);
    }

    /** Up to {@code max} records per source, keys 0..2, values 1..5. */
    static Map<String, List<long[]>> input(Random r, Dataflow df, int max) {
        Map<String, List<long[]>> in = new HashMap<>();
        for (String s : df.sources()) {
            List<long[]> recs = new ArrayList<>();
            for (int i = r.nextInt(max + 1); i > 0; i--) recs.add(new long[] {r.nextInt(3), 1 + r.nextInt(5)});
            in.put(s, recs);
        }
        return in;
    }

    /** The final state of every task, in a form independent of the order records arrived in. */
    static Map<String, Object> outcome(EpochSimulation sim) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String t : sim.dataflow().tasks()) {
            Task task = sim.task(t);
            Object state = task.operator() instanceof Operator.Collect c
                    ? c.output().stream().sorted().toList()
                    : task.operator() instanceof Operator.KeyedCount k ? k.counts() : ((Operator.Sum) task.operator()).sums();
            out.put(t, List.of(task.consumed(), state));
        }
        return out;
    }
}
