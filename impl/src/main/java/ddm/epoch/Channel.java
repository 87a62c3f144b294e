package ddm.epoch;

import java.util.List;

/** A FIFO channel of the dataflow, the spec's edge {@code <<from, to>>}. */
public record Channel(String from, String to) implements Comparable<Channel> {

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
