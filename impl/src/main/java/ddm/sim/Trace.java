package ddm.sim;

import java.util.ArrayList;
import java.util.List;

/** A run as the list of its events, each labelled with its spec action ({@code r1 RMPrepare}). */
public final class Trace {

    private final List<String> events = new ArrayList<>();

    public void add(String event) {
        events.add(event);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    public int size() {
        return events.size();
    }

    @Override
    public String toString() {
        return String.join("\n", events);
    }
}
