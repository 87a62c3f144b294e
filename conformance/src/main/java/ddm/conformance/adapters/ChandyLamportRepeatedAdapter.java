package ddm.conformance.adapters;

import ddm.conformance.BadInputException;
import ddm.conformance.replay.ActionTable;
import ddm.conformance.replay.ProtocolAdapter;
import ddm.snapshot.RepeatedBankProcess;
import ddm.snapshot.RepeatedSnapshotSystem;
import java.util.List;
import java.util.Map;

/**
 * ChandyLamportRepeated.tla against {@link RepeatedSnapshotSystem}, whose processes are the
 * {@link RepeatedBankProcess}es the bank's node processes run: each spec action is the system's method of the same
 * name. The graph and InitBalance are read off the initial state as for ChandyLamport; MaxSnapshots is the size of
 * {@code procSnap}'s domain; MaxTransfers, which no initial state shows, from the model's constants (traces generated
 * from a model carry them), else this adapter's.
 */
public final class ChandyLamportRepeatedAdapter implements ProtocolAdapter {

    static final ActionTable<RepeatedSnapshotSystem> ACTIONS = new ActionTable<RepeatedSnapshotSystem>()
            .on("Initiate", "p", RepeatedSnapshotSystem::initiate)
            .onValues("RcvMarker", List.of("p", "q"), (s, a) -> s.rcvMarker(proc(a.get(0)), proc(a.get(1))))
            .onValues("SendTransfer", List.of("p", "q", "amount"),
                    (s, a) -> s.sendTransfer(proc(a.get(0)), proc(a.get(1)), amount(a.get(2))))
            .onValues("RcvTransfer", List.of("p", "q"), (s, a) -> s.rcvTransfer(proc(a.get(0)), proc(a.get(1))));

    private final int maxTransfers;
    private final RepeatedSnapshotSystem.Processes processes;

    /** Protocol {@code chandylamport-repeated}: MaxTransfers = 1 unless the model says otherwise. */
    public ChandyLamportRepeatedAdapter() {
        this(1, RepeatedBankProcess::new);
    }

    /** With the constant no initial state shows, and the processes (tests pass broken ones). */
    public ChandyLamportRepeatedAdapter(int maxTransfers, RepeatedSnapshotSystem.Processes processes) {
        this.maxTransfers = maxTransfers;
        this.processes = processes;
    }

    @Override
    public String protocol() {
        return "chandylamport-repeated";
    }

    @Override
    public List<String> variables() {
        return RepeatedSnapshotSystem.VARIABLES;
    }

    @Override
    public Instance start(Map<String, Object> initialState) {
        return start(Map.of(), initialState);
    }

    /** As {@link #start(Map)}, with MaxTransfers from the model's constants when given. */
    public Instance start(Map<String, Object> constants, Map<String, Object> initialState) {
        int bound = constants.get("MaxTransfers") instanceof Long l ? Math.toIntExact(l) : maxTransfers;
        RepeatedSnapshotSystem system = new RepeatedSnapshotSystem(ChandyLamportAdapter.graph(initialState),
                ChandyLamportAdapter.initBalance(initialState), bound, maxSnapshots(initialState), processes);
        return ACTIONS.bind(system, system::abstraction);
    }

    /** MaxSnapshots: procSnap is a function of 1..MaxSnapshots (a sequence, as TLA+ sees it). */
    static int maxSnapshots(Map<String, Object> init) {
        Object procSnap = init.get("procSnap");
        if (procSnap instanceof List<?> l && !l.isEmpty()) {
            return l.size();
        }
        if (procSnap instanceof Map<?, ?> m && !m.isEmpty()) {
            return m.size();
        }
        throw new BadInputException("the initial state's procSnap is not a function of 1..MaxSnapshots");
    }

    private static String proc(Object v) {
        return ActionTable.string(v, "a process name");
    }

    private static long amount(Object v) {
        if (v instanceof Long l && l >= 1) return l;
        throw new BadInputException("an amount must be a positive integer, not " + ddm.conformance.itf.Values.show(v));
    }
}
