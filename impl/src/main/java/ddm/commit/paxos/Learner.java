package ddm.commit.paxos;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How an RM learns an instance's outcome from phase 2b messages: PaxosCommit's {@code Chosen(r, v)}, "a quorum voted
 * v in one ballot". A pure function of the messages received and the quorums (majorities in production; a test seeds
 * the minority bug by passing smaller quorums).
 */
public record Learner(Quorums quorums) {

    private record Ballot(String ins, int bal, Vote val) {}

    /** Whether instance ins of tx chose v, judging by {@code received}. */
    public boolean chosen(long tx, String ins, Vote v, Collection<PaxosMessage.Phase2b> received) {
        Map<Ballot, Set<String>> voters = new HashMap<>();
        for (PaxosMessage.Phase2b m : received) {
            if (m.tx() == tx && m.ins().equals(ins) && m.val() == v) {
                voters.computeIfAbsent(new Ballot(m.ins(), m.bal(), m.val()), k -> new HashSet<>()).add(m.acc());
            }
        }
        return voters.values().stream().anyMatch(quorums::isQuorum);
    }
}
