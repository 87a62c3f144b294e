/**
 * Failures made small and kept as tests. A replay divergence becomes the shortest path in the model's state graph to
 * the diverging edge ({@link ddm.conformance.shrink.GraphShrinker}); a recorded run that fails validation is shrunk by
 * delta debugging its schedule, faults and whole nodes first ({@link ddm.conformance.shrink.ScheduleShrinker}); either
 * way the result is a {@link ddm.conformance.shrink.Reproduction}, which
 * {@link ddm.conformance.shrink.RegressionTest} writes as a JUnit 5 test that drives the code in the simulator through
 * its conformance adapter and asserts the step the spec allows.
 *
 * <p>No dependency: ddmin is a page of code, and the written test needs only JUnit and the harness it is committed
 * beside ({@link ddm.conformance.shrink.Steps} lets it say labels and states in a few characters).
 */
package ddm.conformance.shrink;
