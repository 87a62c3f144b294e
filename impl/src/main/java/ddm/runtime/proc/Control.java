package ddm.runtime.proc;

import java.util.Arrays;

/**
 * Frames that are for the node process itself, not for its protocol: a payload no protocol's codec writes (its first
 * byte is 0xFF; protocol tags are small). {@link #HEAL}: the safety phase is over; stop every fault (link faults,
 * crash points) from now on. The launcher's client sends it to every node at the end of the safety phase, and again
 * with every status request of the liveness phase, so that a node that was down at the time hears it too.
 */
public final class Control {

    private static final byte[] HEAL = {(byte) 0xFF, 'H'};

    private Control() {
    }

    public static byte[] heal() {
        return HEAL.clone();
    }

    public static boolean isHeal(byte[] payload) {
        return Arrays.equals(payload, HEAL);
    }
}
