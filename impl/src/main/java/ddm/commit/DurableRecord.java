package ddm.commit;

import java.nio.charset.StandardCharsets;

/**
 * What a 2PC node forces to its log before it acts: an RM its prepare record before it votes, the TM its commit
 * decision before it broadcasts. Encoded as short readable text ({@code prepared 7}) inside the log's framing.
 */
public sealed interface DurableRecord {

    long tx();

    /** The record's kind as written in the log: {@code prepared}, {@code committed} or {@code aborted}. */
    String kind();

    /** The RM has prepared tx: after a crash it must not abort on its own, only ask the TM. */
    record Prepared(long tx) implements DurableRecord {
        public String kind() {
            return "prepared";
        }
    }

    /** The node's outcome for tx is commit (the TM's commit point; an RM's applied commit). */
    record Committed(long tx) implements DurableRecord {
        public String kind() {
            return "committed";
        }
    }

    /** The node's outcome for tx is abort (only an RM writes it; the TM presumes abort and writes none). */
    record Aborted(long tx) implements DurableRecord {
        public String kind() {
            return "aborted";
        }
    }

    default byte[] encode() {
        return (kind() + " " + tx()).getBytes(StandardCharsets.US_ASCII);
    }

    static DurableRecord decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("not a 2PC record: " + text);
        }
        long tx = Long.parseLong(text.substring(space + 1));
        return switch (text.substring(0, space)) {
            case "prepared" -> new Prepared(tx);
            case "committed" -> new Committed(tx);
            case "aborted" -> new Aborted(tx);
            default -> throw new IllegalArgumentException("not a 2PC record: " + text);
        };
    }
}
