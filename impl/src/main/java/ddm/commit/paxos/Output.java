package ddm.commit.paxos;

import java.util.List;

/**
 * What one Paxos Commit step asks its driver to do, in this order: force {@code records} to the node's log, then send
 * {@code messages}. As {@code ddm.commit.Effects} for 2PC: the node has already moved; it performs no I/O itself.
 *
 * @param <R> the node's record type ({@link AcceptorRecord}, or {@code ddm.commit.DurableRecord} for an RM)
 */
public record Output<R>(List<R> records, List<PaxosMessage> messages) {

    public Output {
        records = List.copyOf(records);
        messages = List.copyOf(messages);
    }

    static <R> Output<R> none() {
        return new Output<>(List.of(), List.of());
    }

    static <R> Output<R> send(PaxosMessage m) {
        return new Output<>(List.of(), List.of(m));
    }

    static <R> Output<R> force(R r) {
        return new Output<>(List.of(r), List.of());
    }

    static <R> Output<R> forceThenSend(R r, PaxosMessage m) {
        return new Output<>(List.of(r), List.of(m));
    }
}
