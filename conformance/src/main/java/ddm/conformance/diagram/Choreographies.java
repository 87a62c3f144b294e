package ddm.conformance.diagram;

import ddm.conformance.BadInputException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The protocols diagrams know, by the names the CLI and {@code specs/models.json} use (those of
 * {@link ddm.conformance.Protocols}). A trace that names no protocol (a TLC counterexample of a negative
 * model) is drawn by the choreography whose variables it has, the one with most if several match.
 */
public final class Choreographies {

    private static final Map<String, Supplier<Choreography>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("twophase", TwoPhaseChoreography::new);
        ALL.put("twophase-recovery", TwoPhaseChoreography::new);
        ALL.put("paxoscommit", PaxosChoreography::new);
        ALL.put("chandylamport", ChandyLamportChoreography::new);
        ALL.put("epoch", EpochChoreography::new);
    }

    private Choreographies() {}

    public static Choreography byName(String protocol) {
        Supplier<Choreography> s = ALL.get(protocol);
        if (s == null) throw new BadInputException("no diagram for protocol '" + protocol + "' (known: " + ALL.keySet() + ")");
        return s.get();
    }

    /** The choreography for a trace with these variables, if one reads only variables it has. */
    public static Optional<Choreography> forVariables(Collection<String> vars) {
        Choreography best = null;
        for (Supplier<Choreography> s : ALL.values()) {
            Choreography c = s.get();
            if (vars.containsAll(c.variables()) && (best == null || c.variables().size() > best.variables().size())) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    public static Iterable<String> names() {
        return ALL.keySet();
    }
}
