package ddm.conformance.validate;

import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.itf.Label;
import ddm.conformance.replay.Coverage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What checks recorded traces against a model: its enumerated state graph, in process ({@link Validator}), or TLC's
 * next-state relation for a model too large to enumerate ({@link TlcValidator}). Both report the first step of a
 * trace that is not a behaviour of the spec the same way.
 */
public interface TraceChecker {

    /** The first step of {@code t} that is not a step of the spec, if any; feeds {@code coverage} (if not null). */
    Optional<Validator.Failure> validate(ItfTrace t, Coverage coverage);

    /**
     * The actions the spec allows from {@code state}: any state of the enumerated graph, or, through TLC, the last
     * state of a trace validated without failure.
     */
    List<Label> allowed(Map<String, Object> state);

    /** Totals over the traces validated so far. */
    Validator.Totals totals();

    /** The model's graph: all of it in process; through TLC only its constants and initial states. */
    StateGraph graph();
}
