package ddm.conformance.validate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.commit.CommitEvent;
import ddm.commit.shards.ShardEvent;
import ddm.commit.shards.ShardsSimulation;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records one transaction of a {@link ShardsSimulation} run as a trace of {@code ReplicatedShards.tla}: the
 * abstraction after every event, and each event's label. Self-contained, with no lock and no advice: the simulator is
 * single-threaded and the recorder reads it between events, so it needs nothing of the shared recording machinery.
 *
 * <p>A 2PC step is labelled with its action and {@code rm}. A MicroRaft event (a message handled, a timer, a tick)
 * is labelled by what it changed, each change being one spec action: a new leader or term is
 * {@code ElectLeader(g, s)}; a leader that stopped pending is {@code LeaderAct(g)}; a follower's log that changed is
 * {@code ReplicaAppend(g, s, k)} with k its new length; nothing changed, a stutter. An event that changed something
 * else, or more than one of these, keeps the first label that fits, and the validator reports the step.
 */
public final class ShardsRecorder {

    /** The spec's variables, in the order the traces list them. */
    public static final List<String> VARIABLES = List.of("rmState", "tmState", "tmPrepared", "msgs", "replicaLog",
            "leader", "term", "pending", "lost", "down");

    private final ShardsSimulation sim;
    private final long tx;
    private final List<Map<String, Object>> states = new ArrayList<>();
    private final List<Label> steps = new ArrayList<>();

    /** Starts recording tx of {@code sim}, which must have begun it: its abstraction now is the first state. */
    public ShardsRecorder(ShardsSimulation sim, long tx) {
        this.sim = sim;
        this.tx = tx;
        states.add(Values.canonicalState(sim.abstraction(tx)));
    }

    /** Performs {@code event} in the simulation and records the step. */
    public void step(ShardEvent event) {
        sim.step(event);
        Map<String, Object> before = states.get(states.size() - 1);
        Map<String, Object> after = Values.canonicalState(sim.abstraction(tx));
        steps.add(label(event, before, after));
        states.add(after);
    }

    /** The label of {@code event}, which took the abstraction from {@code before} to {@code after}. */
    static Label label(ShardEvent event, Map<String, Object> before, Map<String, Object> after) {
        if (event instanceof ShardEvent.Step s) {
            return twoPhase(s.event());
        }
        if (event instanceof ShardEvent.LoseDataCentre d) {
            return new Label("LoseDataCentre", Map.of("d", d.dc()));
        }
        Map<?, ?> leaderB = (Map<?, ?>) before.get("leader"), leaderA = (Map<?, ?>) after.get("leader");
        Map<?, ?> termB = (Map<?, ?>) before.get("term"), termA = (Map<?, ?>) after.get("term");
        for (Object g : new TreeSet<>(leaderA.keySet().stream().map(Object::toString).toList())) {
            if (!Objects.equals(leaderB.get(g), leaderA.get(g)) || !Objects.equals(termB.get(g), termA.get(g))) {
                return new Label("ElectLeader", Map.of("g", g, "s", leaderA.get(g)));
            }
        }
        Map<?, ?> pendingB = (Map<?, ?>) before.get("pending"), pendingA = (Map<?, ?>) after.get("pending");
        for (Object g : new TreeSet<>(pendingA.keySet().stream().map(Object::toString).toList())) {
            if (Boolean.TRUE.equals(pendingB.get(g)) && Boolean.FALSE.equals(pendingA.get(g))) {
                return new Label("LeaderAct", Map.of("g", g));
            }
        }
        Map<?, ?> logB = (Map<?, ?>) before.get("replicaLog"), logA = (Map<?, ?>) after.get("replicaLog");
        for (Object g : new TreeSet<>(logA.keySet().stream().map(Object::toString).toList())) {
            Map<?, ?> sb = (Map<?, ?>) logB.get(g), sa = (Map<?, ?>) logA.get(g);
            for (Object s : new TreeSet<>(sa.keySet().stream().map(Object::toString).toList())) {
                if (!Objects.equals(sb.get(s), sa.get(s))) {
                    return new Label("ReplicaAppend", Map.of("g", g, "s", s, "k", (long) ((List<?>) sa.get(s)).size()));
                }
            }
        }
        return Label.of("MicroRaft");   // nothing the spec sees: a stutter
    }

    /** A 2PC step's label, as ReplicatedShards names it. */
    static Label twoPhase(CommitEvent e) {
        if (e instanceof CommitEvent.RmPrepare x) return rm("RMPrepare", x.rm());
        if (e instanceof CommitEvent.RmChooseToAbort x) return rm("RMChooseToAbort", x.rm());
        if (e instanceof CommitEvent.RmRcvCommitMsg x) return rm("RMRcvCommitMsg", x.rm());
        if (e instanceof CommitEvent.RmRcvAbortMsg x) return rm("RMRcvAbortMsg", x.rm());
        if (e instanceof CommitEvent.RmAskOutcome x) return rm("RMAskOutcome", x.rm());
        if (e instanceof CommitEvent.TmRcvPrepared x) return rm("TMRcvPrepared", x.rm());
        if (e instanceof CommitEvent.TmRcvQuery x) return rm("TMRcvQuery", x.rm());
        if (e instanceof CommitEvent.TmCommit) return Label.of("TMCommit");
        if (e instanceof CommitEvent.TmAbort) return Label.of("TMAbort");
        throw new IllegalArgumentException("not a 2PC step of ReplicatedShards: " + e);
    }

    private static Label rm(String action, String rm) {
        return new Label(action, Map.of("rm", rm));
    }

    /** The recorded transaction as one ITF trace, with the model's {@code constants}. */
    public ItfTrace trace(Map<String, Object> constants, String source) {
        List<ObjectNode> json = new ArrayList<>();
        for (Map<String, Object> s : states) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            VARIABLES.forEach(v -> o.set(v, ItfValues.encode(s.get(v))));
            json.add(o);
        }
        return new ItfTrace(source, new LinkedHashMap<>(constants), VARIABLES, List.copyOf(states), json,
                List.copyOf(steps));
    }

    /** The last recorded state. */
    public Map<String, Object> last() {
        return states.get(states.size() - 1);
    }

    /** Whether every RM of the last recorded state has committed or aborted. */
    public boolean decided() {
        Map<?, ?> rmState = (Map<?, ?>) last().get("rmState");
        return rmState.values().stream().allMatch(v -> Set.of("committed", "aborted").contains(v));
    }
}
