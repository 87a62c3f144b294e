package ddm.conformance.paxos;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosCommitSystem;
import ddm.commit.paxos.PaxosEvent;
import ddm.commit.paxos.PaxosMessage;
import ddm.commit.paxos.Quorums;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Runs of the Paxos Commit simulator (one transaction) on a partitioned network, as ITF traces of PaxosCommit.tla.
 * Each run draws from its seed whom each ballot's messages reach: the RM's ballot-0 proposal reaches a random
 * non-empty set of acceptors (the RM may fail in the middle of its broadcast), and the leader of each ballot b > 0
 * reaches a random quorum with its phase 1a and 2a messages (a leader cut off from the rest); the leader of b takes
 * over once ballot b - 1 has a proposal (it timed out waiting for b - 1 to finish). The run then takes random
 * enabled events among those the network lets through, until none is left or {@code maxSteps}.
 *
 * <p>Leaders that saw different acceptors are what make a ballot-2 leader hear of votes in two earlier ballots, the
 * case that tells its value rule apart: under a uniform random schedule, where every message reaches everyone, it
 * takes a few hundred runs to happen once; here about one run in 25 (measured over 20,000 seeds). Every event the
 * simulator takes is a spec step, so each run is a behaviour of the spec if the code conforms.
 */
final class PartitionedRuns {

    private PartitionedRuns() {}

    /** {@code runs} runs of at most {@code maxSteps} events each, seeds {@code seed, seed + 1, ...}. */
    static List<ItfTrace> runs(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes,
                               Map<String, Object> constants, int runs, int maxSteps, long seed) {
        List<ItfTrace> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) out.add(run(setup, nodes, constants, maxSteps, seed + i));
        return out;
    }

    static ItfTrace run(PaxosCommitSimulation.Setup setup, PaxosCommitSimulation.Nodes nodes,
                        Map<String, Object> constants, int maxSteps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> acceptors = setup.acceptors();
        Quorums quorums = Quorums.majorities(acceptors);
        List<Set<String>> reach = new ArrayList<>();
        for (int b = 0; b <= setup.maxBallot(); b++) {
            if (b == 0) {
                Set<String> some = new TreeSet<>();
                while (some.isEmpty()) {
                    for (String a : acceptors) if (random.nextBoolean()) some.add(a);
                }
                reach.add(some);
            } else {
                List<SortedSet<String>> all = quorums.all();
                reach.add(all.get(random.nextInt(all.size())));
            }
        }
        PaxosCommitSystem system = new PaxosCommitSystem(setup, nodes);
        List<Map<String, Object>> states = new ArrayList<>(List.of(Values.canonicalState(system.abstraction())));
        List<Label> labels = new ArrayList<>();
        for (int n = 0; n < maxSteps; n++) {
            List<PaxosMessage> sent = system.simulation().sent(PaxosCommitSystem.TX);
            List<PaxosEvent> allowed = system.simulation().enabled().stream()
                    .filter(e -> !(e instanceof PaxosEvent.AcceptorRecover)) // not a spec action
                    .filter(e -> !(e instanceof PaxosEvent.Phase1b p) || reach.get(p.m().bal()).contains(p.acc()))
                    .filter(e -> !(e instanceof PaxosEvent.Phase2b p) || reach.get(p.m().bal()).contains(p.acc()))
                    .filter(e -> !(e instanceof PaxosEvent.Phase1a p) || sent.stream().anyMatch(m ->
                            m instanceof PaxosMessage.Phase2a x && x.ins().equals(p.ins()) && x.bal() == p.ballot() - 1))
                    .toList();
            if (allowed.isEmpty()) break;
            PaxosEvent e = allowed.get(random.nextInt(allowed.size()));
            system.step(e);
            labels.add(label(e));
            states.add(Values.canonicalState(system.abstraction()));
        }
        List<String> vars = new ArrayList<>(states.get(0).keySet());
        List<ObjectNode> json = new ArrayList<>();
        for (Map<String, Object> s : states) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            vars.forEach(v -> o.set(v, ItfValues.encode(s.get(v))));
            json.add(o);
        }
        return new ItfTrace("partitioned run, seed " + seed, constants, vars, states, json, labels);
    }

    /** The spec action an event is a step of, with the action's parameters. */
    static Label label(PaxosEvent e) {
        if (e instanceof PaxosEvent.RmPrepare x) return new Label("RMPrepare", Map.of("rm", x.rm()));
        if (e instanceof PaxosEvent.RmChooseToAbort x) return new Label("RMChooseToAbort", Map.of("rm", x.rm()));
        if (e instanceof PaxosEvent.RmRcvCommitMsg x) return new Label("RMRcvCommitMsg", Map.of("rm", x.rm()));
        if (e instanceof PaxosEvent.RmRcvAbortMsg x) return new Label("RMRcvAbortMsg", Map.of("rm", x.rm()));
        if (e instanceof PaxosEvent.Phase1a x) return new Label("Phase1a", Map.of("b", (long) x.ballot(), "rm", x.ins()));
        if (e instanceof PaxosEvent.Phase2a x) return new Label("Phase2a", Map.of("b", (long) x.ballot(), "rm", x.ins()));
        if (e instanceof PaxosEvent.Phase1b x) return new Label("Phase1b", Map.of("a", x.acc()));
        if (e instanceof PaxosEvent.Phase2b x) return new Label("Phase2b", Map.of("a", x.acc()));
        if (e instanceof PaxosEvent.AcceptorCrash x) return new Label("AcceptorCrash", Map.of("a", x.acc()));
        if (e instanceof PaxosEvent.LeaderStop x) return new Label("LeaderStop", Map.of("b", (long) x.ballot()));
        throw new IllegalArgumentException("not a spec action: " + e);
    }
}
