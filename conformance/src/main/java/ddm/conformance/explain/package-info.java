/**
 * A negative model's counterexample explained: TLC runs the model ({@code ddm.conformance.tlc.TlcRun}), its error
 * trace is read from its output ({@link ddm.conformance.explain.TlcErrorTrace}, values by
 * {@link ddm.conformance.explain.TlcValueParser}), each step is labelled with its action's parameters by following the
 * states with TLC's split actions in a child JVM ({@code ddm.conformance.graph.TraceLabeller}), and the steps are said
 * in the spec's own sentences ({@link ddm.conformance.explain.Explanation}: the comment above each action, with the
 * parameters put in) and drawn as a space-time diagram. A lasso (a liveness counterexample) shows where its loop
 * starts.
 *
 * <p>TLC's output, not a second checker: TLC is the authority on what fails and why; this package only reads it. TLC
 * 2.18 has no JSON output of its traces (no {@code -dumpTrace}), hence the reader of its printed values.
 */
package ddm.conformance.explain;
