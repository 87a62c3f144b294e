/**
 * Per-node event logs: what each node of a run did, step by step, written by that node alone, with a vector clock,
 * so that a run can be validated against its spec without a lock shared by the nodes (issue #15).
 *
 * <p>The format is NDJSON, one file per node, one line per step ({@link EventFormat}): the spec action and its
 * parameters, the protocol instance it belongs to (a transaction), the node's vector clock after the step, and, as
 * the {@link Level} asks, the node's own part of the spec state and the spec-level messages it sent and consumed. A
 * {@link NodeRecorder} keeps one node's clock and writes its events; the threaded runtimes and the node processes
 * use it the same way. Message clocks travel with the messages (a frame header, a mailbox item): the receiver merges
 * them before it steps, so the logs carry exactly the happens-before order of the run, and the validator, not the
 * system under test, chooses an order of concurrent steps.
 *
 * <p>No dependencies: the JSON here is written by hand ({@link EventFormat}), in the value encoding of the Informal
 * Trace Format (ITF) that the conformance harness reads, so a node process needs nothing beyond the JDK to log.
 */
package ddm.trace;
