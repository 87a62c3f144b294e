/**
 * The threaded runtime: the protocol nodes on one thread each, with bounded {@link ddm.runtime.Mailbox}es; the only
 * place a clock lives (timeouts). {@link ddm.runtime.CommitRuntime} runs two-phase commit, and crashes and recovers
 * its nodes on request.
 */
package ddm.runtime;
