package ddm.snapshot;

/** The simulator's events: one per action of ChandyLamport.tla, with its parameters, printed as the spec names them. */
public sealed interface SnapshotEvent {

    /** {@code Initiate(p)}. */
    record Initiate(String p) implements SnapshotEvent {
        @Override
        public String toString() {
            return "Initiate(" + p + ")";
        }
    }

    /** {@code RcvMarker(p, q)}: q receives the marker at the head of p->q. */
    record RcvMarker(String p, String q) implements SnapshotEvent {
        @Override
        public String toString() {
            return "RcvMarker(" + p + ", " + q + ")";
        }
    }

    /** {@code SendTransfer(p, q, amount)}. */
    record SendTransfer(String p, String q, long amount) implements SnapshotEvent {
        @Override
        public String toString() {
            return "SendTransfer(" + p + ", " + q + ", " + amount + ")";
        }
    }

    /** {@code RcvTransfer(p, q)}: q receives the transfer at the head of p->q. */
    record RcvTransfer(String p, String q) implements SnapshotEvent {
        @Override
        public String toString() {
            return "RcvTransfer(" + p + ", " + q + ")";
        }
    }
}
