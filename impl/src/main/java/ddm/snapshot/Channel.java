package ddm.snapshot;

import java.util.List;

/** The directed FIFO channel {@code from->to}: the spec's {@code <<p, q>>}, on which p sends and q receives. */
public record Channel(String from, String to) implements Comparable<Channel> {

    public Channel {
        if (from.equals(to)) {
            throw new IllegalArgumentException("a channel joins two different processes, not " + from + " to itself");
        }
    }

    /** The spec's value: the tuple {@code <<from, to>>}. */
    public List<String> spec() {
        return List.of(from, to);
    }

    @Override
    public int compareTo(Channel o) {
        int c = from.compareTo(o.from);
        return c != 0 ? c : to.compareTo(o.to);
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
