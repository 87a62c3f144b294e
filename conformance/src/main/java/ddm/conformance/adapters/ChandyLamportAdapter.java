package ddm.conformance.adapters;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.ActionTable;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.snapshot.ChandyLamportSystem;
import ddm.snapshot.Channel;
import ddm.snapshot.Graph;
import ddm.snapshot.SnapshotSimulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * ChandyLamport.tla against {@link SnapshotSimulation} (viewed through {@link ChandyLamportSystem}): each spec action
 * is the system's method of the same name. Read off the initial state: {@code Proc} is {@code DOMAIN balance},
 * {@code Edges} is {@code DOMAIN chan}, {@code InitBalance} is any process's balance (all are equal in Init). Not
 * visible in an initial state: {@code MaxTransfers}, which matters (the refusal check asks for a SendTransfer after
 * the last transfer, and it must be refused). It comes from the model's constants ({@link #start(Map, Map)}; traces
 * generated from a model carry them), and otherwise (a trace from elsewhere) from this adapter's parameter.
 */
public final class ChandyLamportAdapter implements ProtocolAdapter {

    static final ActionTable<ChandyLamportSystem> ACTIONS = new ActionTable<ChandyLamportSystem>()
            .on("Initiate", "p", ChandyLamportSystem::initiate)
            .onValues("RcvMarker", List.of("p", "q"), (s, a) -> s.rcvMarker(proc(a.get(0)), proc(a.get(1))))
            .onValues("SendTransfer", List.of("p", "q", "amount"),
                    (s, a) -> s.sendTransfer(proc(a.get(0)), proc(a.get(1)), amount(a.get(2))))
            .onValues("RcvTransfer", List.of("p", "q"), (s, a) -> s.rcvTransfer(proc(a.get(0)), proc(a.get(1))));

    private final int maxTransfers;
    private final Function<SnapshotSimulation.Config, SnapshotSimulation> newSimulation;

    /** Protocol {@code chandylamport}: MaxTransfers = 2. */
    public ChandyLamportAdapter() {
        this(2, SnapshotSimulation::new);
    }

    /**
     * With the constant the initial state does not show, and a simulation factory: how tests put a deliberately
     * broken implementation under the harness.
     */
    public ChandyLamportAdapter(int maxTransfers, Function<SnapshotSimulation.Config, SnapshotSimulation> newSimulation) {
        this.maxTransfers = maxTransfers;
        this.newSimulation = newSimulation;
    }

    /** The protocol name this adapter serves, as {@link ddm.conformance.Protocols} registers it. */
    @Override
    public String protocol() {
        return "chandylamport";
    }

    @Override
    public List<String> variables() {
        return ChandyLamportSystem.VARIABLES;
    }

    @Override
    public Instance start(Map<String, Object> initialState) {
        return start(Map.of(), initialState);
    }

    /**
     * As {@link #start(Map)}, with the model's constants where the harness knows them: MaxTransfers from there when
     * given, else this adapter's.
     */
    public Instance start(Map<String, Object> constants, Map<String, Object> initialState) {
        int bound = constants.get("MaxTransfers") instanceof Long l ? Math.toIntExact(l) : maxTransfers;
        ChandyLamportSystem system = new ChandyLamportSystem(newSimulation.apply(
                new SnapshotSimulation.Config(graph(initialState), initBalance(initialState), bound)));
        return ACTIONS.bind(system, system::abstraction);
    }

    /** The graph the initial state shows: processes from {@code balance}, channels from {@code chan}. */
    static Graph graph(Map<String, Object> init) {
        if (!(init.get("balance") instanceof Map<?, ?> balance) || balance.isEmpty()) {
            throw new BadInputException("the initial state's balance is not a function from process names");
        }
        if (!(init.get("chan") instanceof Map<?, ?> chan)) {
            throw new BadInputException("the initial state's chan is not a function from channels");
        }
        TreeSet<String> procs = new TreeSet<>();
        for (Object p : balance.keySet()) procs.add(proc(p));
        List<Channel> channels = new ArrayList<>();
        for (Object c : chan.keySet()) {
            if (c instanceof List<?> l && l.size() == 2) {
                channels.add(new Channel(proc(l.get(0)), proc(l.get(1))));
            } else {
                throw new BadInputException("a channel must be a pair of process names, not " + Values.show(c));
            }
        }
        try {
            return Graph.of(procs, channels);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the initial state's graph is not one the spec allows: " + e.getMessage());
        }
    }

    static long initBalance(Map<String, Object> init) {
        Map<?, ?> balance = (Map<?, ?>) init.get("balance");
        Object first = balance.values().iterator().next();
        if (!(first instanceof Long b) || b < 1 || !balance.values().stream().allMatch(first::equals)) {
            throw new BadInputException("the initial balances are not one positive InitBalance: " + Values.show(balance));
        }
        return b;
    }

    private static String proc(Object v) {
        return ActionTable.string(v, "a process name");
    }

    private static long amount(Object v) {
        if (v instanceof Long l && l >= 1) return l;
        throw new BadInputException("an amount must be a positive integer, not " + Values.show(v));
    }
}
