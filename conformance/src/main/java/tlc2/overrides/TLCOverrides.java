package tlc2.overrides;

/**
 * TLC's index of Java definitions of TLA+ operators: TLC 2.18 loads the first class of this name on its class path
 * (the extension point the TLA+ CommunityModules use) and takes the definitions of the classes it lists. Ours is
 * {@code DdmSimulation!DdmRecord}, the distinct-state counter of simulation runs
 * ({@link ddm.conformance.tlc.sim.SeenStates}); in a spec without the module {@code DdmSimulation} TLC skips it
 * silently, so the index is harmless on the class path of every other TLC run.
 */
public final class TLCOverrides implements ITLCOverrides {

    @Override
    @SuppressWarnings("rawtypes")
    public Class[] get() {
        return new Class[] {ddm.conformance.tlc.sim.SeenStates.class};
    }
}
