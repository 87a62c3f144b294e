package ddm.conformance.adapters;

import ddm.commit.TwoPhaseCommitSystem;
import ddm.conformance.BadInputException;
import ddm.conformance.replay.ActionTable;
import ddm.conformance.replay.ProtocolAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * TwoPhaseCommit.tla against {@link TwoPhaseCommitSystem}: each spec action is the system's method of the same name.
 * The set RM is read off the initial state ({@code DOMAIN rmState}).
 */
public final class TwoPhaseAdapter implements ProtocolAdapter {

    static final ActionTable<TwoPhaseCommitSystem> ACTIONS = twoPhaseActions();

    /**
     * TwoPhaseCommit's seven actions, for any view of two-phase commit: the recovery adapter adds the crash actions
     * to this table rather than listing these again.
     */
    static <S extends TwoPhaseCommitSystem> ActionTable<S> twoPhaseActions() {
        return new ActionTable<S>()
                .on("RMPrepare", "rm", TwoPhaseCommitSystem::rmPrepare)
                .on("RMChooseToAbort", "rm", TwoPhaseCommitSystem::rmChooseToAbort)
                .on("RMRcvCommitMsg", "rm", TwoPhaseCommitSystem::rmRcvCommitMsg)
                .on("RMRcvAbortMsg", "rm", TwoPhaseCommitSystem::rmRcvAbortMsg)
                .on("TMRcvPrepared", "rm", TwoPhaseCommitSystem::tmRcvPrepared)
                .on("TMCommit", TwoPhaseCommitSystem::tmCommit)
                .on("TMAbort", TwoPhaseCommitSystem::tmAbort);
    }

    private final Function<List<String>, TwoPhaseCommitSystem> newSystem;

    public TwoPhaseAdapter() {
        this(TwoPhaseCommitSystem::new);
    }

    /** With another system factory: how tests put a deliberately broken implementation under the harness. */
    public TwoPhaseAdapter(Function<List<String>, TwoPhaseCommitSystem> newSystem) {
        this.newSystem = newSystem;
    }

    @Override
    public String protocol() {
        return "twophase";
    }

    @Override
    public List<String> variables() {
        return List.of("rmState", "tmState", "tmPrepared", "msgs");
    }

    @Override
    public Instance start(Map<String, Object> initialState) {
        TwoPhaseCommitSystem system = newSystem.apply(rms(initialState));
        return ACTIONS.bind(system, system::abstraction);
    }

    /** The RMs: the domain of the initial state's rmState, which must be a function from names. */
    static List<String> rms(Map<String, Object> initialState) {
        if (!(initialState.get("rmState") instanceof Map<?, ?> rmState) || rmState.isEmpty()) {
            throw new BadInputException("the initial state's rmState is not a function from RM names");
        }
        List<String> rms = new ArrayList<>();
        for (Object r : rmState.keySet()) rms.add(ActionTable.string(r, "an RM name"));
        return rms;
    }
}
