package ddm.conformance.diagram;

import ddm.conformance.itf.Label;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a diagram needs to know of one protocol: which node takes each step and which messages a step sends and
 * receives, read off the spec's state before and after it and the step's label. One small class per protocol,
 * registered once in {@link Choreographies}; the engine ({@link TraceDiagram}) knows none of them. An instance draws
 * one trace (it may remember what it saw: the recorded points of a snapshot, say).
 */
public interface Choreography {

    /** The spec variables it reads; a trace must have all of them (it may have more, as a bug's model does). */
    Set<String> variables();

    /** Declares the lanes, from the model's constants (empty if unknown) and the trace's first state. */
    void start(Map<String, Object> constants, Map<String, Object> initial, SpaceTimeBuilder d);

    /** Draws one step: its event, what it sent and received, what it marked. */
    void step(Step s, SpaceTimeBuilder d);

    /** After the last step (in column {@code last}): cuts, say. */
    default void finish(SpaceTimeBuilder d, int last) {}

    /** Step {@code column} of a trace: {@code before --label--> after}, as canonical values. */
    record Step(int column, Label label, Map<String, Object> before, Map<String, Object> after) {

        /** A parameter that names a node (a string), if the label has it. */
        public Optional<String> name(String param) {
            return label.params().get(param) instanceof String s ? Optional.of(s) : Optional.empty();
        }

        public Optional<Object> param(String param) {
            return Optional.ofNullable(label.params().get(param));
        }

        public String action() {
            return label.action();
        }

        public boolean changed(String var) {
            return after.containsKey(var) && !after.get(var).equals(before.get(var));
        }
    }
}
