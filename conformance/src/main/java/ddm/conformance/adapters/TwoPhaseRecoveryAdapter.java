package ddm.conformance.adapters;

import ddm.commit.TwoPhaseCommitRecoverySystem;
import ddm.conformance.BadInputException;
import ddm.conformance.replay.ActionTable;
import ddm.conformance.replay.ProtocolAdapter;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * TwoPhaseCommitRecovery.tla against {@link TwoPhaseCommitRecoverySystem}: the seven actions of two-phase commit,
 * crashes and recoveries of every node, and the query that a prepared RM asks. {@code MaxCrashes} comes from the
 * model's constants when the trace carries them (no bound otherwise); RM is {@code DOMAIN rmState}.
 */
public final class TwoPhaseRecoveryAdapter implements ProtocolAdapter {

    static final ActionTable<TwoPhaseCommitRecoverySystem> ACTIONS =
            TwoPhaseAdapter.<TwoPhaseCommitRecoverySystem>twoPhaseActions()
            .on("RMAskOutcome", "rm", TwoPhaseCommitRecoverySystem::rmAskOutcome)
            .on("TMRcvQuery", "rm", TwoPhaseCommitRecoverySystem::tmRcvQuery)
            .on("RMCrash", "rm", TwoPhaseCommitRecoverySystem::rmCrash)
            .on("RMRecover", "rm", TwoPhaseCommitRecoverySystem::rmRecover)
            .on("TMCrash", TwoPhaseCommitRecoverySystem::tmCrash)
            .on("TMRecover", TwoPhaseCommitRecoverySystem::tmRecover);

    private final BiFunction<List<String>, Integer, TwoPhaseCommitRecoverySystem> newSystem;

    public TwoPhaseRecoveryAdapter() {
        this(TwoPhaseCommitRecoverySystem::new);
    }

    /** With another system factory (RMs, crash bound): how tests put a broken implementation under the harness. */
    public TwoPhaseRecoveryAdapter(BiFunction<List<String>, Integer, TwoPhaseCommitRecoverySystem> newSystem) {
        this.newSystem = newSystem;
    }

    @Override
    public String protocol() {
        return "twophase-recovery";
    }

    @Override
    public List<String> variables() {
        return List.of("rmState", "tmState", "tmPrepared", "msgs", "rmLog", "tmLog", "rmUp", "tmUp", "crashes");
    }

    @Override
    public Instance start(Map<String, Object> initialState) {
        return start(Map.of(), initialState);
    }

    @Override
    public Instance start(Map<String, Object> constants, Map<String, Object> initialState) {
        int maxCrashes = Integer.MAX_VALUE;
        if (constants.get("MaxCrashes") instanceof Long n) maxCrashes = Math.toIntExact(n);
        else if (constants.containsKey("MaxCrashes")) throw new BadInputException("MaxCrashes is not an integer");
        TwoPhaseCommitRecoverySystem system = newSystem.apply(TwoPhaseAdapter.rms(initialState), maxCrashes);
        return ACTIONS.bind(system, system::abstraction);
    }
}
