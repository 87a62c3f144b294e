package ddm.commit;

import ddm.log.MemoryLog;
import ddm.log.RecordLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The logs of a simulated system's nodes, by node name: the driver's side of the durable-log discipline, which 2PC's
 * and Paxos Commit's simulators share. A step's records are appended and forced together before its messages are
 * sent, so a crash, a step of its own, never finds unforced records in a log. Records go in and come out as bytes;
 * each simulator encodes and decodes its own record types.
 *
 * <p>Driver code, not protocol code: it performs I/O (on a {@link MemoryLog} in the simulator, on any
 * {@link RecordLog} in tests). An I/O error is rethrown unchecked: the simulator has no crash path for a failed log,
 * so the run stops there.
 */
public final class NodeLogs {

    private final Map<String, RecordLog> logs = new HashMap<>();

    /** Gives {@code node} the log {@code log}; a node has one log for the whole run. */
    public void add(String node, RecordLog log) {
        if (logs.putIfAbsent(node, log) != null) {
            throw new IllegalArgumentException("node " + node + " already has a log");
        }
    }

    /** The records in node's log now, oldest first. */
    public List<byte[]> read(String node) {
        try {
            return log(node).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code records} to node's log and forces them: the first half of a step's effects. */
    public void force(String node, List<byte[]> records) {
        RecordLog log = log(node);
        try {
            for (byte[] r : records) {
                log.append(r);
            }
            log.force();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one record to node's log, not yet forced (a step's effects performed one at a time). */
    public void append(String node, byte[] record) {
        try {
            log(node).append(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forces node's log: every record appended so far becomes durable. */
    public void force(String node) {
        try {
            log(node).force();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node crashed: a memory log loses what was not forced, which is nothing, as every step forces before it ends. */
    public void crash(String node) {
        if (log(node) instanceof MemoryLog m) {
            m.crash();
        }
    }

    private RecordLog log(String node) {
        RecordLog log = logs.get(node);
        if (log == null) {
            throw new IllegalArgumentException("no log for node " + node);
        }
        return log;
    }
}
