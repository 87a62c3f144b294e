package ddm.conformance.replay;

import ddm.conformance.itf.Label;
import java.util.List;
import java.util.Map;

/**
 * What the harness needs of one protocol: how to start the implementation in the state a trace starts in, how to
 * apply a spec step to it, and its abstraction (the spec's variables, as plain values). Adding a protocol means
 * writing one of these; the engine does not change.
 */
public interface ProtocolAdapter {

    /** The name used on the command line ({@code replay --protocol <name>}) and in {@code specs/models.json}. */
    String protocol();

    /** The spec variables the abstraction returns; a trace with other variables belongs to another protocol. */
    List<String> variables();

    /**
     * A fresh implementation (in the simulator) for a trace that starts in {@code initialState}; the model's
     * constants (the set of RMs, say) are read off that state.
     *
     * @throws ddm.conformance.BadInputException if the state cannot be an initial state of this protocol
     */
    Instance start(Map<String, Object> initialState);

    /**
     * As {@link #start(Map)}, with the model's constants where they are known (empty for a trace from elsewhere):
     * for a constant the state does not show, such as a bound on crashes.
     */
    default Instance start(Map<String, Object> constants, Map<String, Object> initialState) {
        return start(initialState);
    }

    /** One running implementation. */
    interface Instance {
        /**
         * Performs the spec step {@code step} in the implementation.
         *
         * @throws ddm.conformance.BadInputException for an action or parameter this protocol does not have
         * @throws RuntimeException (any other) when the implementation refuses the step: a divergence
         */
        void apply(Label step);

        /**
         * As {@link #apply(Label)}, knowing the spec's state after the step. An action may choose something its label
         * does not carry (Paxos Commit's Phase1b picks one of the phase 1a messages inside the action, not under
         * Next's {@code \E}); an adapter resolves such a choice by taking the implementation's step that reaches
         * {@code next}. The implementation must still be able to reach it, so nothing is given away.
         */
        default void apply(Label step, Map<String, Object> next) {
            apply(step);
        }

        /** The spec's variables, as the abstraction function computes them from the implementation's state. */
        Map<String, Object> abstraction();
    }
}
