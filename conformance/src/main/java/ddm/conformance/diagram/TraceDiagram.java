package ddm.conformance.diagram;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws an ITF trace (generated, recorded, a failing run, a TLC counterexample) through its protocol's
 * {@link Choreography}: one column per state, each step given to the choreography with the states around it.
 * {@code describe} gives each step its sentence (by default the step's changes, one line each).
 */
public final class TraceDiagram {

    private TraceDiagram() {}

    /** The choreography for {@code protocol}, or, if that is null, the one whose variables the trace has. */
    public static Choreography choreography(ItfTrace trace, String protocol) {
        if (protocol != null) return Choreographies.byName(protocol);
        return Choreographies.forVariables(trace.vars()).orElseThrow(() -> new BadInputException(trace.source()
                + ": no diagram knows the variables " + trace.vars() + " (give --protocol, one of "
                + String.join(", ", Choreographies.names()) + ")"));
    }

    public static SpaceTime draw(ItfTrace trace, Choreography c, String title, Optional<SpaceTime.Highlight> highlight,
                                 Optional<SpaceTime.Loop> loop) {
        return draw(trace, c, title, highlight, loop, (i, l) -> String.join("; ", changes(trace, i)));
    }

    /**
     * As above, with each step's sentence from {@code describe} (step index from 1, label); column 0's sentence is
     * "the initial state".
     */
    public static SpaceTime draw(ItfTrace trace, Choreography c, String title, Optional<SpaceTime.Highlight> highlight,
                                 Optional<SpaceTime.Loop> loop, java.util.function.BiFunction<Integer, Label, String> describe) {
        if (!trace.vars().containsAll(c.variables())) {
            throw new BadInputException(trace.source() + ": the diagram needs variables " + c.variables()
                    + ", the trace has " + trace.vars());
        }
        SpaceTimeBuilder d = new SpaceTimeBuilder();
        List<Map<String, Object>> states = trace.states();
        c.start(trace.constants(), states.get(0), d);
        d.column(new SpaceTime.Column(0, "init", "the initial state", shown(states.get(0)), List.of()));
        for (int i = 1; i < states.size(); i++) {
            Label l = trace.actions().get(i - 1);
            c.step(new Choreography.Step(i, l, states.get(i - 1), states.get(i)), d);
            d.column(new SpaceTime.Column(i, l.toString(), describe.apply(i, l), shown(states.get(i)),
                    StateDiff.changed(states.get(i - 1), states.get(i))));
        }
        c.finish(d, states.size() - 1);
        return d.build(title, highlight, loop);
    }

    /** What step {@code i} (from 1) of {@code trace} changed, one line per change. */
    public static List<String> changes(ItfTrace trace, int i) {
        return StateDiff.lines(trace.states().get(i - 1), trace.states().get(i));
    }

    static Map<String, String> shown(Map<String, Object> state) {
        Map<String, String> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, Values.show(v)));
        return out;
    }
}
