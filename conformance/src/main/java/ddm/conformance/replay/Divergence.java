package ddm.conformance.replay;

import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.List;
import java.util.Optional;

/**
 * Where an implementation first left a trace: the step (the index of the trace state it should have reached; 0 is
 * the initial state), the action taken, and either the implementation's refusal or the variables whose values differ.
 */
public record Divergence(String source, int step, Optional<Label> action, Optional<String> refusal, List<VarDiff> diffs) {

    /** One variable whose abstraction differs from the trace. */
    public record VarDiff(String var, Object expected, Object actual) {}

    public String report() {
        StringBuilder sb = new StringBuilder("divergence in ").append(source).append(" at step ").append(step);
        sb.append(action.map(a -> ", action " + a).orElse(" (the initial state)"));
        refusal.ifPresent(r -> sb.append("\n  the implementation refused the step: ").append(r));
        for (VarDiff d : diffs) {
            sb.append("\n  ").append(d.var()).append(":\n    expected ").append(Values.show(d.expected()))
                    .append("\n    actual   ").append(d.actual() == null ? "(missing)" : Values.show(d.actual()));
        }
        return sb.toString();
    }
}
