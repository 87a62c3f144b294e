package ddm.conformance.explain;

import ddm.conformance.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLC's counterexample as its output prints it: what was violated, the states (each variable's value, canonical) and,
 * for each state after the first, the name of the action TLC says led to it. TLC names the action, not its
 * parameters (those {@link ddm.conformance.graph.TraceLabeller} recovers). A liveness counterexample is a lasso: it
 * ends with {@code Back to state k} (the behaviour returns to state k and loops) or {@code Stuttering} (it stays in
 * the last state forever).
 *
 * @param violated   TLC's error line, e.g. {@code Invariant Consistency is violated.}
 * @param states     the states, first to last (TLC's "State 1" is index 0)
 * @param actions    the action TLC names for each state after the first (empty if it names none)
 * @param loopsBackTo for a lasso: the index of the state the behaviour returns to
 * @param loopAction the action of the step back, if TLC names it
 * @param stutters   for a lasso that ends stuttering in its last state
 */
public record TlcErrorTrace(String violated, List<Map<String, Object>> states, List<Optional<String>> actions,
                            OptionalInt loopsBackTo, Optional<String> loopAction, boolean stutters) {

    private static final Pattern ERROR = Pattern.compile("^Error: (Invariant .* is violated.*|Temporal properties were violated.*"
            + "|Deadlock reached.*|Action property .* is violated.*|The property .* was violated.*)$");
    private static final Pattern STATE = Pattern.compile("^State (\\d+): (.*)$");
    private static final Pattern ACTION = Pattern.compile("^<(\\w+)(?:\\(.*?\\))? line \\d+.*>$");
    private static final Pattern BACK = Pattern.compile("^Back to state (\\d+)(?:: (.*))?$");
    private static final Pattern VAR = Pattern.compile("^(?:/\\\\ )?([A-Za-z_][A-Za-z0-9_]*) = (.*)$");

    public boolean lasso() {
        return loopsBackTo.isPresent() || stutters;
    }

    /** Reads the first counterexample in TLC's output; bad input if there is none. */
    public static TlcErrorTrace parse(String output) {
        List<String> lines = output.lines().toList();
        String violated = null;
        int at = 0;
        for (; at < lines.size(); at++) {
            Matcher m = ERROR.matcher(lines.get(at).strip());
            if (m.find()) {
                violated = m.group(1);
                break;
            }
        }
        if (violated == null) throw new BadInputException("TLC's output has no counterexample (no error line)");
        List<Map<String, Object>> states = new ArrayList<>();
        List<Optional<String>> actions = new ArrayList<>();
        OptionalInt back = OptionalInt.empty();
        Optional<String> backAction = Optional.empty();
        boolean stutters = false;
        int i = at + 1;
        while (i < lines.size() && !STATE.matcher(lines.get(i)).find()) i++;
        while (i < lines.size()) {
            // TLC ends a lasso with "Back to state k: <Action ...>" (on a line of its own, or after "State n: ").
            Matcher h = STATE.matcher(lines.get(i));
            String what;
            if (h.find()) {
                what = h.group(2).strip();
            } else if (lines.get(i).startsWith("Back to state")) {
                what = lines.get(i).strip();
            } else {
                break;
            }
            i++;
            Matcher b = BACK.matcher(what);
            if (b.find()) {
                back = OptionalInt.of(Integer.parseInt(b.group(1)) - 1);
                backAction = b.group(2) == null ? Optional.empty() : actionName(b.group(2).strip());
                break;
            }
            if (what.startsWith("Stuttering")) {
                stutters = true;
                break;
            }
            List<String> body = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isBlank() && !STATE.matcher(lines.get(i)).find()) body.add(lines.get(i++));
            while (i < lines.size() && lines.get(i).isBlank()) i++;
            states.add(state(body, states.size() + 1));
            if (states.size() > 1) actions.add(actionName(what));
        }
        if (states.isEmpty()) throw new BadInputException("TLC's counterexample has no states");
        return new TlcErrorTrace(violated, states, actions, back, backAction, stutters);
    }

    private static Optional<String> actionName(String what) {
        Matcher m = ACTION.matcher(what);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** One state's lines: {@code /\ var = value}, a value running on over the lines below it. */
    private static Map<String, Object> state(List<String> body, int number) {
        Map<String, StringBuilder> text = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String l : body) {
            Matcher v = VAR.matcher(l);
            if (v.find() && (l.startsWith("/\\ ") || text.isEmpty() && !l.startsWith(" "))) {
                current = new StringBuilder(v.group(2));
                text.put(v.group(1), current);
            } else if (current != null) {
                current.append('\n').append(l);
            } else {
                throw new BadInputException("TLC's state " + number + " does not start with a variable: " + l);
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        text.forEach((k, v) -> {
            try {
                state.put(k, TlcValueParser.parse(v.toString()));
            } catch (BadInputException e) {
                throw new BadInputException("TLC's state " + number + ", variable " + k + ": " + e.getMessage());
            }
        });
        return state;
    }
}
