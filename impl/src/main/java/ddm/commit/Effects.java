package ddm.commit;

import java.util.List;

/**
 * What one protocol step asks its driver to do, in this order: force {@code records} to the node's log, then send
 * {@code messages}. The node has already moved to its new state; it never performs I/O itself.
 */
public record Effects(List<DurableRecord> records, List<CommitMessage> messages) {

    public static final Effects NONE = new Effects(List.of(), List.of());

    public Effects {
        records = List.copyOf(records);
        messages = List.copyOf(messages);
    }

    static Effects send(CommitMessage m) {
        return new Effects(List.of(), List.of(m));
    }

    static Effects force(DurableRecord r) {
        return new Effects(List.of(r), List.of());
    }

    static Effects forceThenSend(DurableRecord r, CommitMessage m) {
        return new Effects(List.of(r), List.of(m));
    }
}
