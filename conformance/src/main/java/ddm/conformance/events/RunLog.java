package ddm.conformance.events;

import ddm.conformance.BadInputException;
import ddm.trace.Event;
import ddm.trace.NdjsonEventLog;
import ddm.trace.VectorClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One run as its nodes logged it: each node's events in its own order, nothing else. No order between nodes is
 * given beyond what the events' vector clocks and message edges ({@code from}) say.
 *
 * @param source names the run in reports ("run seed 7", a folder)
 * @param nodes  each node's events, oldest first, by node name
 */
public record RunLog(String source, Map<String, List<Event>> nodes) {

    /** The suffix the per-node event files this harness writes have. */
    public static final String SUFFIX = ".events.ndjson";

    /**
     * The suffix every per-node event file read has: a threaded run's ({@code NODE.events.ndjson}) and a cluster's
     * ({@code events/NODE.ndjson}, one file per node process) alike. The node is the one the events name, not the file.
     */
    public static final String READ_SUFFIX = ".ndjson";

    public RunLog {
        TreeMap<String, List<Event>> copy = new TreeMap<>();
        nodes.forEach((n, es) -> copy.put(n, List.copyOf(es)));
        nodes = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** The run of the logs given, one list per node (a node with no events may be left out). */
    public static RunLog of(String source, Collection<List<Event>> logs) {
        TreeMap<String, List<Event>> byNode = new TreeMap<>();
        for (List<Event> es : logs) {
            if (es.isEmpty()) continue;
            if (byNode.put(es.get(0).node(), es) != null) {
                throw new IllegalArgumentException("two logs of node " + es.get(0).node());
            }
        }
        return new RunLog(source, byNode);
    }

    /**
     * The run whose per-node logs ({@code *.ndjson}: {@code *.events.ndjson}, or a cluster's {@code events} folder)
     * are in {@code dir}.
     *
     * @throws BadInputException naming the file and line of a log that does not read, or a folder without logs
     */
    public static RunLog read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new BadInputException(dir + " is not a folder of per-node event logs");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(READ_SUFFIX)).sorted().toList();
        }
        if (files.isEmpty()) throw new BadInputException(dir + " holds no per-node event log (*" + SUFFIX + ")");
        List<List<Event>> logs = new ArrayList<>();
        for (Path f : files) {
            try {
                logs.add(NdjsonEventLog.read(f));
            } catch (IllegalArgumentException bad) {
                throw new BadInputException(bad.getMessage());
            }
        }
        try {
            return of(dir.toString(), logs);
        } catch (IllegalArgumentException bad) {
            throw new BadInputException(dir + ": " + bad.getMessage());
        }
    }

    /** Every event, node by node. */
    public Stream<Event> events() {
        return nodes.values().stream().flatMap(List::stream);
    }

    /** How many events the run has. */
    public long size() {
        return nodes.values().stream().mapToLong(List::size).sum();
    }

    /**
     * What makes the logs impossible as logs, whatever the spec: a node's events out of order, a clock that goes
     * back, a dependency on an event the other node's log does not have, a message edge to no event. Empty when the
     * logs are well formed.
     */
    public List<String> malformed() {
        List<String> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        events().forEach(e -> ids.add(e.id()));
        nodes.forEach((node, es) -> {
            Map<String, Long> prev = VectorClock.ZERO;
            for (int i = 0; i < es.size(); i++) {
                Event e = es.get(i);
                if (!e.node().equals(node) || e.seq() != i + 1) {
                    out.add(node + "'s log holds " + e.id() + " where " + node + "#" + (i + 1) + " was due");
                    return;
                }
                if (!VectorClock.leq(prev, e.clock())) {
                    out.add(e.id() + "'s clock " + e.clock() + " is behind the one before it, " + prev);
                }
                for (Map.Entry<String, Long> c : e.clock().entrySet()) {
                    List<Event> other = nodes.get(c.getKey());
                    long has = other == null ? 0 : other.size();
                    if (c.getValue() > has) {
                        out.add(e.id() + " depends on " + Event.id(c.getKey(), c.getValue()) + ", which "
                                + c.getKey() + "'s log does not have (it has " + has + " events)");
                    }
                }
                for (String from : e.from()) {
                    if (!ids.contains(from)) out.add(e.id() + " consumed a message from " + from + ", no event of the run");
                }
                prev = e.clock();
            }
        });
        return out;
    }
}
