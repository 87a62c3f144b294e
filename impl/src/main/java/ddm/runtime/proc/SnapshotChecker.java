package ddm.runtime.proc;

import ddm.runtime.SnapshotWire;
import ddm.snapshot.Channel;
import ddm.snapshot.Graph;
import ddm.snapshot.Message;
import ddm.snapshot.RepeatedBankProcess.Part;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checker of a bank run, on what the client saw (Jepsen style: independent of the spec harness). For every
 * snapshot some process recorded:
 * <ul>
 *   <li>termination: every process reported its part, with every incoming channel's marker in;</li>
 *   <li>money: the recorded balances and the recorded transfers in flight add up to the bank's total;</li>
 *   <li>a consistent cut (the spec's Validity): on each channel p->q, q had taken no more transfers before its cut
 *       than p had sent before its own (no transfer received that was never sent), the channel's recorded state is
 *       exactly the transfers sent before p's cut and taken after q's (numbers and amounts), and each process's
 *       recorded balance is its starting money less what it had sent plus what it had taken at its cut;</li>
 *   <li>cuts in order (CutsOrdered): a process's cut of s + 1 is no earlier than its cut of s.</li>
 * </ul>
 * And at the end, once every channel is empty (nothing unacknowledged): the processes' balances add up to the total.
 */
public final class SnapshotChecker {

    private SnapshotChecker() {
    }

    /** What the checker found: snapshots checked whole, and every violation in words. */
    public record Verdict(long snapshots, long complete, long finalMoney, long total, List<String> violations) {
        public boolean ok() {
            return violations.isEmpty();
        }
    }

    /**
     * Checks {@code parts} (by snapshot, by process) of the snapshots 1..{@code recorded} of a bank on {@code graph}
     * whose processes each started with {@code balance}; {@code last} is each process's status once the run had
     * settled (null if it never did: then termination and the final money are not checked).
     */
    public static Verdict check(Graph graph, long balance, long recorded, Map<Long, Map<String, Part>> parts,
                                Map<String, SnapshotWire.StatusReply> last) {
        List<String> violations = new ArrayList<>();
        long total = balance * graph.processes().size(), complete = 0;
        for (long s = 1; s <= recorded; s++) {
            Map<String, Part> of = parts.getOrDefault(s, Map.of());
            List<String> missing = graph.processes().stream().filter(p -> !of.containsKey(p)).toList();
            if (!missing.isEmpty()) {
                if (last != null) {
                    violations.add("snapshot " + s + ": no finished part from " + missing + " once the run settled");
                }
                continue;
            }
            complete++;
            checkSnapshot(graph, balance, total, s, of, violations);
            Map<String, Part> next = parts.get(s + 1);
            if (next != null) {
                for (Map.Entry<String, Part> e : next.entrySet()) {
                    Part earlier = of.get(e.getKey());
                    for (Map.Entry<Channel, long[]> n : e.getValue().sentAtCut().entrySet()) {
                        if (n.getValue()[0] < earlier.sentAtCut().get(n.getKey())[0]) {
                            violations.add("snapshot " + (s + 1) + ": " + e.getKey() + "'s cut is before its cut of "
                                    + "snapshot " + s + " on " + n.getKey());
                        }
                    }
                }
            }
        }
        long money = 0;
        if (last != null) {
            for (SnapshotWire.StatusReply r : last.values()) {
                money += r.balance() + r.inFlightMoney();
            }
            if (money != total) {
                violations.add("money: the processes hold " + money + " (balances and transfers unacknowledged) "
                        + "once the run settled, not the bank's " + total);
            }
        }
        return new Verdict(recorded, complete, money, total, List.copyOf(violations));
    }

    private static void checkSnapshot(Graph graph, long balance, long total, long s, Map<String, Part> of,
                                      List<String> violations) {
        long money = 0;
        for (Map.Entry<String, Part> e : of.entrySet()) {
            Part p = e.getValue();
            money += p.balance();
            long expect = balance;
            for (long[] n : p.sentAtCut().values()) {
                expect -= n[1];
            }
            for (long[] n : p.receivedAtCut().values()) {
                expect += n[1];
            }
            if (p.balance() != expect) {
                violations.add("snapshot " + s + ": " + e.getKey() + " recorded " + p.balance() + ", but what it had "
                        + "sent and taken at its cut leaves it " + expect);
            }
        }
        for (Channel c : graph.channels()) {
            long[] sent = of.get(c.from()).sentAtCut().get(c), took = of.get(c.to()).receivedAtCut().get(c);
            List<Message.Transfer> state = of.get(c.to()).channels().get(c);
            long amount = state.stream().mapToLong(Message.Transfer::amount).sum();
            money += amount;
            if (took[0] > sent[0]) {
                violations.add("snapshot " + s + ": not a consistent cut: " + c.to() + " had taken " + took[0]
                        + " transfers on " + c + " at its cut, " + c.from() + " had sent " + sent[0] + " at its own");
                continue;
            }
            List<Long> ids = state.stream().map(Message.Transfer::id).toList();
            List<Long> want = java.util.stream.LongStream.rangeClosed(took[0] + 1, sent[0]).boxed().toList();
            if (!ids.equals(want) || amount != sent[1] - took[1]) {
                violations.add("snapshot " + s + ": " + c + " recorded transfers " + ids + " (" + amount + "), but "
                        + "those sent before " + c.from() + "'s cut and taken after " + c.to() + "'s are " + want
                        + " (" + (sent[1] - took[1]) + ")");
            }
        }
        if (money != total) {
            violations.add("snapshot " + s + ": records " + money + " in balances and channels, not the bank's "
                    + total);
        }
    }
}
