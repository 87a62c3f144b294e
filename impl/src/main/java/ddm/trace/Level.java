package ddm.trace;

/**
 * How much a node logs of each step, as in the levels of published trace validation: the more it logs, the more of
 * the search's guessing it removes and the more bugs a log can show. {@link #PARTIAL} logs the variables a
 * {@link NodeRecorder} is told to keep, and no others.
 */
public enum Level {
    /** The action's name only: the validator fills its parameters and every variable. */
    EVENTS,
    /** The action and its parameters. */
    PARAMS,
    /** The action, its parameters, and the variables chosen for this run. */
    PARTIAL,
    /** The action, its parameters, the node's own variables, and the messages the step sent and consumed. */
    VARS;

    /** Whether this level writes the action's parameters. */
    public boolean params() {
        return this != EVENTS;
    }
}
