/**
 * The deterministic simulator: a {@link ddm.sim.Simulated} system lists its enabled events and performs the one its
 * caller chooses; the {@link ddm.sim.Network} is the specs' set of messages ever sent (duplication and reordering for
 * free); a {@link ddm.sim.RandomScheduler} chooses from a seed; a {@link ddm.sim.Trace} prints the run as its events.
 */
package ddm.sim;
