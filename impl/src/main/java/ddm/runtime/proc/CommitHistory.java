package ddm.runtime.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the client of a 2PC cluster saw, Jepsen style: each transaction it began (invoked), and every outcome a node
 * reported to it: a decision (the TM's), an applied outcome (an RM's), or what a recovered node's log said. A
 * transaction nobody reported on is "unknown": neither a failure nor a success. The checker holds the reports, and
 * the nodes' final logs, to the properties of atomic commit. Thread-safe (the client's reader threads write it).
 */
public final class CommitHistory {

    /** One report: {@code node} said tx's outcome is committed or aborted; {@code how}: decided, applied, recovered. */
    public record Report(String node, boolean committed, String how, long atMillis) {
        @Override
        public String toString() {
            return node + " " + (committed ? "committed" : "aborted") + " (" + how + ")";
        }
    }

    private final String decider;
    private final Map<Long, Long> invoked = new ConcurrentHashMap<>();

    /**
     * A history whose transactions are decided by {@code decider} ("tm" in 2PC), or by no single node (null: in Paxos
     * Commit the client learns an outcome from the first RM that applies it).
     */
    public CommitHistory(String decider) {
        this.decider = decider;
    }
    private final Map<Long, List<Report>> reports = new ConcurrentHashMap<>();

    private final Map<Long, Long> invokedNanos = new ConcurrentHashMap<>();
    private final Map<Long, Long> decidedNanos = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Long>> appliedNanos = new ConcurrentHashMap<>();

    public void invoke(long tx, long atMillis) {
        invokedNanos.put(tx, System.nanoTime());
        invoked.put(tx, atMillis);
    }

    public void report(long tx, Report r) {
        reports.computeIfAbsent(tx, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(r);
        long now = System.nanoTime();
        if (decision(tx) != null) {
            decidedNanos.putIfAbsent(tx, now);
        }
        if (r.how().equals("applied")) {
            appliedNanos.computeIfAbsent(tx, k -> new ConcurrentHashMap<>()).putIfAbsent(r.node(), now);
        }
    }

    /**
     * Per transaction every one of {@code rms} applied (as the client heard), nanoseconds from its invocation to the
     * last of those reports: what a threaded runtime's client waits for.
     */
    public List<Long> appliedLatenciesNanos(List<String> rms) {
        List<Long> out = new ArrayList<>();
        appliedNanos.forEach((tx, by) -> {
            Long from = invokedNanos.get(tx);
            if (from != null && by.keySet().containsAll(rms)) {
                out.add(by.values().stream().mapToLong(Long::longValue).max().orElseThrow() - from);
            }
        });
        return out;
    }

    /** Per decided transaction, nanoseconds from its invocation to the client's learning its outcome. */
    public List<Long> latenciesNanos() {
        List<Long> out = new ArrayList<>();
        decidedNanos.forEach((tx, at) -> {
            Long from = invokedNanos.get(tx);
            if (from != null) {
                out.add(at - from);
            }
        });
        return out;
    }

    /** When tx was begun (the client's clock), or null. */
    public Long invokedAt(long tx) {
        return invoked.get(tx);
    }

    /** Transactions begun, by id, with the client's clock at invocation. */
    public Map<Long, Long> invoked() {
        return new TreeMap<>(invoked);
    }

    public List<Report> reports(long tx) {
        List<Report> r = reports.get(tx);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            return List.copyOf(r);
        }
    }

    /** The outcome the client was told first by the decider (any node if none), or null: unknown. */
    public Boolean decision(long tx) {
        for (Report r : reports(tx)) {
            if (decider == null ? !r.how().equals("presumed at recovery") : r.node().equals(decider)) {
                return r.committed();
            }
        }
        return null;
    }
}
