/**
 * The node driver that threads and node processes share (ARCHITECTURE.md, "Distribution"): a {@link
 * ddm.runtime.node.NodeDriver} takes a node's inputs, steps its {@link ddm.runtime.node.Role} (a thin layer over
 * the pure protocol classes), logs each step's event with its vector clock ({@link ddm.runtime.node.StepLog}),
 * forces the step's records and only then sends its messages ({@link ddm.runtime.node.Effector}). Crashes can fall
 * at named {@link ddm.runtime.node.FaultPoint}s inside a batch's effects, switched on only by a test's seed ({@link
 * ddm.runtime.node.FaultPoints}; production passes {@code NONE} and pays one call on a constant per point). No
 * dependency beyond the JDK and {@code ddm.log}.
 */
package ddm.runtime.node;
