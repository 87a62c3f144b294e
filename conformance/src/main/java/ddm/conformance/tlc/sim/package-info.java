/**
 * TLC's simulation mode for models too large to count ({@link ddm.conformance.tlc.sim.SimulationRun}), with the
 * distinct states a simulation reached ({@link ddm.conformance.tlc.sim.SeenStates}), which TLC 2.18 does not report.
 *
 * <p>Dependencies: TLC only. The counter is a TLC module override (a Java definition of a TLA+ operator, found through
 * TLC's override index {@code tlc2.overrides.TLCOverrides}), the extension point TLC offers for this; it reads the
 * fingerprint TLC computes for each state, so the count honours the model's symmetry and view as TLC's own counts do.
 */
package ddm.conformance.tlc.sim;
