package ddm.conformance.replay;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Replays traces against an implementation: a fresh instance per trace, each step applied with its parameters, and
 * the abstraction compared with the trace's next state. Stops a trace at its first divergence.
 */
public final class Replayer {

    private final ProtocolAdapter adapter;

    public Replayer(ProtocolAdapter adapter) {
        this.adapter = adapter;
    }

    /**
     * Replays one trace. {@code visit} sees each state the implementation reached, with the step that led to it
     * (none for the initial state), for coverage.
     *
     * @throws BadInputException if the trace does not belong to this protocol or names an unknown action
     */
    public Optional<Divergence> replay(ItfTrace trace, BiConsumer<Optional<Label>, Map<String, Object>> visit) {
        if (!new HashSet<>(trace.vars()).equals(new HashSet<>(adapter.variables()))) {
            throw new BadInputException(trace.source() + ": variables " + trace.vars() + " are not those of protocol "
                    + adapter.protocol() + " " + adapter.variables());
        }
        ProtocolAdapter.Instance impl = adapter.start(trace.constants(), trace.states().get(0));
        Optional<Divergence> d = compare(trace, 0, Optional.empty(), impl);
        if (d.isPresent()) return d;
        visit.accept(Optional.empty(), trace.states().get(0));
        for (int i = 0; i < trace.steps(); i++) {
            Label step = trace.actions().get(i);
            try {
                impl.apply(step, trace.states().get(i + 1));
            } catch (BadInputException e) {
                throw new BadInputException(trace.source() + ": step " + (i + 1) + ": " + e.getMessage());
            } catch (RuntimeException e) {
                return Optional.of(new Divergence(trace.source(), i + 1, Optional.of(step),
                        "the implementation refused the step: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                        List.of()));
            }
            d = compare(trace, i + 1, Optional.of(step), impl);
            if (d.isPresent()) return d;
            visit.accept(Optional.of(step), trace.states().get(i + 1));
        }
        return Optional.empty();
    }

    public Optional<Divergence> replay(ItfTrace trace) {
        return replay(trace, (l, s) -> {});
    }

    private static Optional<Divergence> compare(ItfTrace trace, int index, Optional<Label> step,
                                                ProtocolAdapter.Instance impl) {
        List<Divergence.VarDiff> diffs = diff(trace.vars(), trace.states().get(index), impl.abstraction());
        return diffs.isEmpty() ? Optional.empty()
                : Optional.of(new Divergence(trace.source(), index, step, "", diffs));
    }

    /** The variables whose values differ between the spec's state and the implementation's abstraction. */
    static List<Divergence.VarDiff> diff(List<String> vars, Map<String, Object> expected, Map<String, Object> abstraction) {
        Map<String, Object> actual = Values.canonicalState(abstraction);
        List<Divergence.VarDiff> diffs = new ArrayList<>();
        if (expected.equals(actual)) return diffs;
        for (String v : vars) {
            if (!expected.get(v).equals(actual.get(v))) diffs.add(new Divergence.VarDiff(v, expected.get(v), actual.get(v)));
        }
        return diffs;
    }
}
