package ddm.conformance.adapters;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.ActionTable;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.epoch.Channel;
import ddm.epoch.Dataflow;
import ddm.epoch.EpochAlignmentSystem;
import ddm.epoch.EpochSimulation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * EpochAlignment.tla against {@link EpochSimulation} (viewed through {@link EpochAlignmentSystem}): each spec action
 * is the simulation's method of the same name. The dataflow is read off the initial state: {@code Sources} is
 * {@code DOMAIN emitted}, {@code Tasks} is {@code DOMAIN count}, {@code Edges} is {@code DOMAIN chan} (a task with an
 * output channel is an operator, the others are sinks) and {@code MaxEpoch} is the length of a task's {@code snap}.
 * Two constants are not visible in an initial state: {@code MaxRecords} and {@code MaxFailures}. They come from the
 * model's constants when the trace carries them (traces generated from a model do), and otherwise from this adapter's
 * parameters. MaxFailures matters even where it is 0: FanIn and FanIn-Recovery start in equal states, and the refusal
 * check asks for {@code Recover} in every state of a model without failures too, where it must be refused.
 */
public final class EpochAlignmentAdapter implements ProtocolAdapter {

    static final ActionTable<EpochSimulation> ACTIONS = new ActionTable<EpochSimulation>()
            .onValues("StartEpoch", List.of("e"), (s, a) -> s.startEpoch(epoch(a.get(0))))
            .onValues("CompleteEpoch", List.of("e"), (s, a) -> s.completeEpoch(epoch(a.get(0))))
            .on("SourceEmit", "s", EpochSimulation::sourceEmit)
            .on("InjectBarrier", "s", EpochSimulation::injectBarrier)
            .onValues("Process", List.of("t", "c"),
                    (s, a) -> s.process(ActionTable.string(a.get(0), "Process's t"), channel(a.get(1))))
            .onValues("RcvBarrier", List.of("t", "c"),
                    (s, a) -> s.rcvBarrier(ActionTable.string(a.get(0), "RcvBarrier's t"), channel(a.get(1))))
            .on("AlignedSnapshot", "t", EpochSimulation::alignedSnapshot)
            .on("Recover", EpochSimulation::recoverFromFailure);

    private final int maxRecords;
    private final int maxFailures;
    private final Function<EpochSimulation.Config, EpochSimulation> newSimulation;

    /** Protocol {@code epoch}: by default (no constants) 1 record per source and no failures. */
    public EpochAlignmentAdapter() {
        this(1, 0, EpochSimulation::new);
    }

    /** Without constants: 1 record per source, 1 failure (the FanIn-Recovery model). */
    public static EpochAlignmentAdapter recovery() {
        return new EpochAlignmentAdapter(1, 1, EpochSimulation::new);
    }

    /**
     * With the constants the initial state does not show, and a simulation factory: how tests put a deliberately
     * broken implementation under the harness.
     */
    public EpochAlignmentAdapter(int maxRecords, int maxFailures,
                                 Function<EpochSimulation.Config, EpochSimulation> newSimulation) {
        this.maxRecords = maxRecords;
        this.maxFailures = maxFailures;
        this.newSimulation = newSimulation;
    }

    @Override
    public String protocol() {
        return "epoch";
    }

    @Override
    public List<String> variables() {
        return List.of("chan", "blocked", "emitted", "count", "recorded", "snap", "offset", "started", "completed",
                "acked", "failures");
    }

    @Override
    public Instance start(Map<String, Object> initialState) {
        return start(initialState, maxRecords, maxFailures);
    }

    @Override
    public Instance start(Map<String, Object> constants, Map<String, Object> initialState) {
        return start(initialState, constant(constants, "MaxRecords", maxRecords),
                constant(constants, "MaxFailures", maxFailures));
    }

    private static int constant(Map<String, Object> constants, String name, int otherwise) {
        Object v = constants.get(name);
        if (v == null) return otherwise;
        if (v instanceof Long n) return Math.toIntExact(n);
        throw new BadInputException(name + " is not an integer");
    }

    private Instance start(Map<String, Object> initialState, int maxRecords, int maxFailures) {
        Dataflow df = dataflow(initialState);
        EpochSimulation sim = newSimulation.apply(
                EpochAlignmentSystem.config(df, maxRecords, maxEpoch(initialState), maxFailures));
        EpochAlignmentSystem system = new EpochAlignmentSystem(sim);
        return ACTIONS.bind(sim, system::abstraction);
    }

    /** The dataflow the initial state shows. */
    static Dataflow dataflow(Map<String, Object> init) {
        Set<String> sources = names(init.get("emitted"), "emitted");
        Set<String> tasks = names(init.get("count"), "count");
        if (!(init.get("chan") instanceof Map<?, ?> chan)) {
            throw new BadInputException("the initial state's chan is not a function from channels");
        }
        Set<Channel> channels = new HashSet<>();
        for (Object c : chan.keySet()) channels.add(channel(c));
        Set<String> operators = new TreeSet<>(), sinks = new TreeSet<>(tasks);
        for (Channel c : channels) {
            if (tasks.contains(c.from())) {
                operators.add(c.from());
                sinks.remove(c.from());
            }
        }
        try {
            return Dataflow.of(sources, operators, sinks, channels);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the initial state's dataflow is not one the spec allows: " + e.getMessage());
        }
    }

    static int maxEpoch(Map<String, Object> init) {
        if (init.get("snap") instanceof Map<?, ?> snap && !snap.isEmpty()) {
            Object perTask = snap.values().iterator().next();
            if (perTask instanceof List<?> l) return l.size();
            if (perTask instanceof Map<?, ?> m && m.isEmpty()) return 0;
        }
        throw new BadInputException("the initial state's snap is not a function from tasks to epochs 1..MaxEpoch");
    }

    private static Set<String> names(Object f, String var) {
        if (!(f instanceof Map<?, ?> m)) throw new BadInputException("the initial state's " + var + " is not a function");
        Set<String> out = new TreeSet<>();
        for (Object k : m.keySet()) out.add(ActionTable.string(k, "a node name in " + var));
        return out;
    }

    static Channel channel(Object v) {
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String a && l.get(1) instanceof String b) {
            return new Channel(a, b);
        }
        throw new BadInputException("a channel must be a pair of node names, not " + Values.show(v));
    }

    static int epoch(Object v) {
        if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw new BadInputException("an epoch must be a small natural number, not " + Values.show(v));
    }
}
