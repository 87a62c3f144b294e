package ddm.runtime.proc;

import ddm.commit.DurableRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checker of a 2PC cluster run, independent of the spec harness: it reads only what the client was told
 * ({@link CommitHistory}) and what every node's log holds once the run has stopped, and checks, per transaction:
 * <ul>
 *   <li>atomicity: one outcome at every RM (an RM with no record has aborted: presumed abort);</li>
 *   <li>no report reversed: every outcome a node reported to the client (decided, applied, or read back at
 *       recovery) is the outcome the RMs ended with, after every crash;</li>
 *   <li>the TM's durable decision holds: a transaction whose commit record is in the TM's log committed;</li>
 *   <li>liveness: no RM is still in doubt (prepared, no outcome) after the faults stopped and the liveness phase
 *       ran.</li>
 * </ul>
 */
public final class CommitChecker {

    /** Counts and the violations found. */
    public record Verdict(int transactions, int committed, int aborted, int inDoubt, int toldCommitted,
                          int toldAborted, int unknown, List<String> violations) {
        public boolean ok() {
            return violations.isEmpty();
        }
    }

    private CommitChecker() {
    }

    /** Checks {@code history} against {@code logs} (node name to the records its log holds: "tm" and every RM). */
    public static Verdict check(CommitHistory history, List<String> rms, Map<String, List<DurableRecord>> logs) {
        Map<String, Map<Long, String>> last = new TreeMap<>();
        Set<Long> txs = new TreeSet<>(history.invoked().keySet());
        logs.forEach((node, records) -> {
            Map<Long, String> m = new TreeMap<>();
            for (DurableRecord r : records) {
                m.put(r.tx(), r.kind());
                txs.add(r.tx());
            }
            last.put(node, m);
        });
        List<String> violations = new ArrayList<>();
        int committed = 0, aborted = 0, inDoubt = 0, toldC = 0, toldA = 0, unknown = 0;
        for (long tx : txs) {
            Set<String> commitAt = new TreeSet<>(), abortAt = new TreeSet<>(), doubtAt = new TreeSet<>();
            for (String rm : rms) {
                String k = last.getOrDefault(rm, Map.of()).getOrDefault(tx, "none");
                switch (k) {
                    case "committed" -> commitAt.add(rm);
                    case "prepared" -> doubtAt.add(rm);
                    default -> abortAt.add(rm);
                }
            }
            if (!commitAt.isEmpty() && !abortAt.isEmpty()) {
                violations.add("tx " + tx + ": committed at " + commitAt + " but aborted at " + abortAt + " ("
                        + logsOf(last, abortAt, tx) + ")");
            }
            if (!doubtAt.isEmpty()) {
                inDoubt++;
                violations.add("tx " + tx + ": still in doubt at " + doubtAt + " after the liveness phase");
            } else if (abortAt.isEmpty()) {
                committed++;
            } else if (commitAt.isEmpty()) {
                aborted++;
            }
            if ("committed".equals(last.getOrDefault("tm", Map.of()).get(tx)) && !abortAt.isEmpty()) {
                violations.add("tx " + tx + ": the TM's log holds its commit but " + abortAt + " aborted");
            }
            List<CommitHistory.Report> reports = history.reports(tx);
            for (CommitHistory.Report r : reports) {
                if (r.committed() && !abortAt.isEmpty()) {
                    violations.add("tx " + tx + ": " + r + " was reported to the client, but " + abortAt
                            + " ended aborted");
                } else if (!r.committed() && !commitAt.isEmpty()) {
                    violations.add("tx " + tx + ": " + r + " was reported to the client, but " + commitAt
                            + " ended committed");
                }
            }
            if (reports.stream().map(CommitHistory.Report::committed).distinct().count() > 1) {
                violations.add("tx " + tx + ": reported both ways: " + reports);
            }
            Boolean told = history.decision(tx);
            if (told == null) {
                unknown++;
            } else if (told) {
                toldC++;
            } else {
                toldA++;
            }
        }
        return new Verdict(txs.size(), committed, aborted, inDoubt, toldC, toldA, unknown, List.copyOf(violations));
    }

    private static String logsOf(Map<String, Map<Long, String>> last, Set<String> nodes, long tx) {
        List<String> out = new ArrayList<>();
        for (String n : nodes) {
            out.add(n + "'s log: " + last.getOrDefault(n, Map.of()).getOrDefault(tx, "no record"));
        }
        return String.join(", ", out);
    }
}
