package ddm.conformance.shrink;

import ddm.conformance.itf.Label;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A failure small enough to keep as a test: from {@code initial}, the steps {@code steps} (the last is where the code
 * and the spec part), and what the spec says of that last step.
 *
 * @param model      the model the failure was found against
 * @param protocol   the protocol adapter that drives the code
 * @param constants  the model's constants
 * @param initial    the initial state
 * @param steps      the steps, the failing one last
 * @param hints      for each step, the spec's state after it if the code needs it to choose (a Paxos Commit
 *                   acceptor's Phase1b may answer one of several messages), else empty
 * @param expected   what the spec says of the last step
 * @param origin     where the failure was found, and how long it was
 */
public record Reproduction(String model, String protocol, Map<String, Object> constants, Map<String, Object> initial,
                           List<Label> steps, List<Optional<Map<String, Object>>> hints, Expected expected,
                           String origin) {

    public Reproduction {
        steps = List.copyOf(steps);
        hints = List.copyOf(hints);
        if (steps.isEmpty() || hints.size() != steps.size()) throw new IllegalArgumentException("a step, and a hint per step");
    }

    /** What the spec says of the failing step. */
    public sealed interface Expected {}

    /** The spec does not allow the step here: the code must refuse it, and change nothing. */
    public record Refused(Map<String, Object> before) implements Expected {}

    /** The spec takes the step to {@code state}: the code must get there. */
    public record Reaches(Map<String, Object> state) implements Expected {}

    public Label failing() {
        return steps.get(steps.size() - 1);
    }
}
