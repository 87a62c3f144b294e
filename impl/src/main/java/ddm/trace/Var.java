package ddm.trace;

import java.util.List;

/**
 * One entry of a node's own part of the spec state: the value of variable {@code var} at the path of keys {@code at}
 * (empty: the whole variable). RM {@code rm1} of 2PC owns {@code rmState[rm1]}: {@code Var.at("rmState", "rm1",
 * "prepared")}; the TM owns all of {@code tmState}: {@code Var.whole("tmState", "init")}.
 *
 * <p>{@code instance} is null for an entry of the event's own instance. A step of the whole node (no instance: a
 * recovery) that sets the node's state in many instances at once names, in each entry, the instance it holds in:
 * an RM's recovery logs {@code rmState[rm1]} once per transaction its log rebuilt.
 */
public record Var(String var, List<Object> at, Object value, String instance) {

    public Var {
        if (var == null || var.isEmpty()) throw new IllegalArgumentException("a variable needs a name");
        at = List.copyOf(at);
        if (value == null) throw new IllegalArgumentException("variable " + var + " has no value");
    }

    /** An entry of the event's own instance. */
    public Var(String var, List<Object> at, Object value) {
        this(var, at, value, null);
    }

    /** The whole of variable {@code var}. */
    public static Var whole(String var, Object value) {
        return new Var(var, List.of(), value);
    }

    /** {@code var[key]}. */
    public static Var at(String var, Object key, Object value) {
        return new Var(var, List.of(key), value);
    }

    /** This entry, as it holds in {@code instance}. */
    public Var in(String instance) {
        return new Var(var, at, value, instance);
    }
}
