package ddm.trace;

import java.util.List;

/**
 * One entry of a node's own part of the spec state: the value of variable {@code var} at the path of keys {@code at}
 * (empty: the whole variable). RM {@code rm1} of 2PC owns {@code rmState[rm1]}: {@code new Var("rmState",
 * List.of("rm1"), "prepared")}; the TM owns all of {@code tmState}: {@code new Var("tmState", List.of(), "init")}.
 */
public record Var(String var, List<Object> at, Object value) {

    public Var {
        if (var == null || var.isEmpty()) throw new IllegalArgumentException("a variable needs a name");
        at = List.copyOf(at);
        if (value == null) throw new IllegalArgumentException("variable " + var + " has no value");
    }

    /** The whole of variable {@code var}. */
    public static Var whole(String var, Object value) {
        return new Var(var, List.of(), value);
    }

    /** {@code var[key]}. */
    public static Var at(String var, Object key, Object value) {
        return new Var(var, List.of(key), value);
    }
}
