package ddm.commit.paxos;

import java.nio.charset.StandardCharsets;

/**
 * What an acceptor forces to its log before it answers: its promise (phase 1b) and its vote (phase 2b). Recovery
 * replays them, so a restarted acceptor never breaks a promise or forgets a vote. Readable text in the log's framing:
 * {@code promise 7 r1 2}, {@code vote 7 r1 2 prepared}.
 */
public sealed interface AcceptorRecord {

    long tx();

    String ins();

    /** The acceptor joined ballot {@code mbal} of (tx, ins): it will vote in no lower ballot. */
    record Promise(long tx, String ins, int mbal) implements AcceptorRecord {}

    /** The acceptor voted {@code val} in ballot {@code bal} of (tx, ins). */
    record Voted(long tx, String ins, int bal, Vote val) implements AcceptorRecord {}

    default byte[] encode() {
        String text = this instanceof Promise p ? "promise " + p.tx() + " " + p.ins() + " " + p.mbal()
                : "vote " + tx() + " " + ins() + " " + ((Voted) this).bal() + " " + ((Voted) this).val().spec();
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static AcceptorRecord decode(byte[] bytes) {
        String[] f = new String(bytes, StandardCharsets.US_ASCII).split(" ");
        if (f.length == 4 && f[0].equals("promise")) {
            return new Promise(Long.parseLong(f[1]), f[2], Integer.parseInt(f[3]));
        }
        if (f.length == 5 && f[0].equals("vote")) {
            Vote v = f[4].equals("prepared") ? Vote.PREPARED : Vote.ABORTED;
            return new Voted(Long.parseLong(f[1]), f[2], Integer.parseInt(f[3]), v);
        }
        throw new IllegalArgumentException("not an acceptor record: " + String.join(" ", f));
    }
}
