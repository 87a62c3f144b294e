package ddm.conformance.replay;

import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.List;
import java.util.Optional;

/**
 * Where an implementation first left the spec: the step (the index of the trace state it should have reached; 0 is
 * the initial state), the action, what went wrong in a sentence (the implementation refused a step the spec takes,
 * or took one the spec does not allow), and the variables whose values differ, expected against actual.
 */
public record Divergence(String source, int step, Optional<Label> action, String problem, List<VarDiff> diffs) {

    /** One variable whose abstraction differs from the spec's value. */
    public record VarDiff(String var, Object expected, Object actual) {}

    public String report() {
        StringBuilder sb = new StringBuilder("divergence in ").append(source).append(" at step ").append(step);
        sb.append(action.map(a -> ", action " + a).orElse(" (the initial state)"));
        if (!problem.isEmpty()) sb.append("\n  ").append(problem);
        for (VarDiff d : diffs) {
            sb.append("\n  ").append(d.var()).append(":\n    expected ").append(Values.show(d.expected()))
                    .append("\n    actual   ").append(d.actual() == null ? "(missing)" : Values.show(d.actual()));
        }
        return sb.toString();
    }
}
