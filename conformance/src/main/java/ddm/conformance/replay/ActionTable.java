package ddm.conformance.replay;

import ddm.conformance.BadInputException;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The map from a spec's action names and parameters to calls on the implementation, with the checks that make an
 * unknown action or parameter bad input rather than a divergence. Adapters are mostly one of these.
 *
 * @param <S> the implementation's conformance view (a system in the simulator)
 */
public final class ActionTable<S> {

    private record Binding<S>(List<String> params, BiConsumer<S, List<Object>> call) {}

    private final Map<String, Binding<S>> actions = new LinkedHashMap<>();

    /** An action without parameters. */
    public ActionTable<S> on(String action, Consumer<S> call) {
        actions.put(action, new Binding<>(List.of(), (s, args) -> call.accept(s)));
        return this;
    }

    /** An action with one parameter whose value is a string (a model value such as an RM's name). */
    public ActionTable<S> on(String action, String param, BiConsumer<S, String> call) {
        actions.put(action, new Binding<>(List.of(param),
                (s, args) -> call.accept(s, string(args.get(0), action + "'s parameter " + param))));
        return this;
    }

    /** An action with any parameters, passed in the order given, as canonical values. */
    public ActionTable<S> onValues(String action, List<String> params, BiConsumer<S, List<Object>> call) {
        actions.put(action, new Binding<>(List.copyOf(params), call));
        return this;
    }

    public void apply(S system, Label step) {
        Binding<S> b = actions.get(step.action());
        if (b == null) throw new BadInputException("unknown action " + step.action() + " (known: " + actions.keySet() + ")");
        if (!step.params().keySet().equals(new java.util.HashSet<>(b.params()))) {
            throw new BadInputException("action " + step.action() + " takes parameters " + b.params() + ", the trace gives "
                    + step.params().keySet());
        }
        List<Object> args = new ArrayList<>(b.params().size());
        for (String p : b.params()) args.add(step.params().get(p));
        b.call().accept(system, args);
    }

    /**
     * A running instance over {@code system}: each step through this table, the abstraction from {@code abstraction}.
     * What most adapters' {@code start} returns.
     */
    public ProtocolAdapter.Instance bind(S system, Supplier<Map<String, Object>> abstraction) {
        return new ProtocolAdapter.Instance() {
            @Override
            public void apply(Label step) {
                ActionTable.this.apply(system, step);
            }

            @Override
            public Map<String, Object> abstraction() {
                return abstraction.get();
            }
        };
    }

    /** A string-valued parameter, checked: the value must be a string (a model value). */
    public static String string(Object v, String what) {
        if (v instanceof String s) return s;
        throw new BadInputException(what + " must be a string, not " + Values.show(v));
    }
}
