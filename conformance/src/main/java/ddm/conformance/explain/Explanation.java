package ddm.conformance.explain;

import ddm.conformance.diagram.SpaceTime;
import ddm.conformance.diagram.StateDiff;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.spec.Spec;
import ddm.conformance.spec.TlaModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterexample in words, in the spec's vocabulary: one line a step, the action with its parameters and the first
 * sentence of the comment above the action's definition, with the parameters put in ({@code Working resource manager
 * r1 prepares...}); then what TLC found violated, and for a lasso where the loop starts. The sentences come from the
 * spec, so a bug model's own actions explain themselves.
 */
public final class Explanation {

    /**
     * Parameter names that are also English words: put in only right after a capitalised noun ("Acceptor a joins a
     * ballot" becomes "Acceptor a1 joins a ballot"), where the article cannot stand.
     */
    private static final Set<String> WORDS = Set.of("a", "A", "I");

    private final Spec spec;

    public Explanation(Spec spec) {
        this.spec = spec;
    }

    /** The step's action with its parameter values in the definition's order: {@code SendTransfer(p3, p1, 1)}. */
    public String call(Label l) {
        List<String> order = spec.operator(l.action()).map(TlaModule.Operator::params).orElse(List.of());
        List<String> args = new ArrayList<>();
        for (String p : order) if (l.params().containsKey(p)) args.add(bare(l.params().get(p)));
        for (Map.Entry<String, Object> e : l.params().entrySet()) {
            if (!order.contains(e.getKey())) args.add(e.getKey() + " = " + bare(e.getValue()));
        }
        return args.isEmpty() ? l.action() : l.action() + "(" + String.join(", ", args) + ")";
    }

    /** The action's sentence from the spec with the parameters' values in, or empty if the spec has none. */
    public String sentence(Label l) {
        Optional<TlaModule.Operator> op = spec.operator(l.action());
        if (op.isEmpty() || op.get().comment().isEmpty()) return "";
        String s = op.get().sentence();
        for (Map.Entry<String, Object> e : l.params().entrySet()) {
            String before = WORDS.contains(e.getKey()) ? "(?<=\\b[A-Z][a-z]{1,30} )" : "(?<![A-Za-z0-9_])";
            s = s.replaceAll(before + Pattern.quote(e.getKey()) + "(?![A-Za-z0-9_])",
                    Matcher.quoteReplacement(bare(e.getValue())));
        }
        return s;
    }

    /** One line for step {@code i} (from 1). */
    public String line(int i, Label l) {
        String s = sentence(l);
        return String.format("%3d. %s%s", i, call(l), s.isEmpty() ? "" : "  " + s);
    }

    /** The whole explanation: a heading, a line a step (with its changes if asked), the verdict. */
    public List<String> lines(Counterexample c, boolean changes) {
        ItfTrace t = c.trace();
        List<String> out = new ArrayList<>();
        out.add(c.model().name() + " (" + c.model().module() + "): TLC's counterexample, " + t.steps() + " steps"
                + (c.tlc().lasso() ? ", a lasso" : "") + ". " + c.tlc().violated());
        String init = show(t.states().get(0));
        out.add("  0. the initial state: " + (init.length() > 240 ? init.substring(0, 237) + "..." : init));
        for (int i = 1; i <= t.steps(); i++) {
            if (c.loopFrom().isPresent() && i == c.loopFrom().get() + 1 && !c.tlc().stutters()) {
                out.add("     --- the loop starts here: the steps below repeat forever ---");
            }
            out.add(line(i, t.actions().get(i - 1)));
            if (changes) for (String d : StateDiff.lines(t.states().get(i - 1), t.states().get(i))) out.add("        " + d);
        }
        out.add(verdict(c));
        return out;
    }

    /** What TLC found, said after the last step. */
    public static String verdict(Counterexample c) {
        int n = c.trace().steps();
        if (c.tlc().stutters()) {
            return "After step " + n + " nothing happens any more (the behaviour stutters forever): "
                    + lower(c.tlc().violated());
        }
        if (c.loopFrom().isPresent()) {
            int k = c.loopFrom().get();
            return "Step " + n + " returns to the state after step " + k + ": steps " + (k + 1) + " to " + n
                    + " repeat forever, and " + lower(c.tlc().violated());
        }
        return "After step " + n + ": " + c.tlc().violated();
    }

    /** The lasso as a diagram's loop. */
    public static Optional<SpaceTime.Loop> loop(Counterexample c) {
        if (c.loopFrom().isEmpty()) return Optional.empty();
        int k = c.loopFrom().get(), n = c.trace().steps();
        if (c.tlc().stutters()) return Optional.of(new SpaceTime.Loop(n, n, "stutters forever"));
        return Optional.of(new SpaceTime.Loop(k, n, "back to the state after step " + k + ": steps " + (k + 1) + ".." + n
                + " repeat forever"));
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String show(Map<String, Object> state) {
        List<String> parts = new ArrayList<>();
        state.forEach((k, v) -> parts.add(k + " = " + Values.show(v)));
        return String.join(", ", parts);
    }

    /** A value as a sentence says it: a name bare, a tuple of names {@code <<p, q>>}, anything else in TLA+. */
    static String bare(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof String)) {
            return "<<" + String.join(", ", l.stream().map(String::valueOf).toList()) + ">>";
        }
        return Values.show(v);
    }
}
