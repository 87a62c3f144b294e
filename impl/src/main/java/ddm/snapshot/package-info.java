/**
 * Chandy–Lamport snapshots of a bank, following {@code specs/snapshot/ChandyLamport.tla} action by action.
 *
 * <p>Layers. {@link ddm.snapshot.BankProcess} is the deterministic protocol node: one method per spec action
 * ({@code initiate}, {@code rcvMarker}, {@code sendTransfer}, {@code rcvTransfer}), each returning the messages the
 * step sends instead of sending them. {@link ddm.snapshot.SnapshotSimulation} owns the FIFO channels, the run's
 * history (the spec's {@code hist} and {@code cut}, which are not protocol state) and the model's transfer bound; the
 * caller chooses every event. {@link ddm.snapshot.ChandyLamportSystem} is the conformance view: the spec's actions and
 * {@code abstraction()}. {@link ddm.snapshot.SnapshotRuntime} runs the same nodes on threads. A finished snapshot is a
 * {@link ddm.snapshot.GlobalSnapshot}: recorded balances and channel states, checked by its total money.
 */
package ddm.snapshot;
