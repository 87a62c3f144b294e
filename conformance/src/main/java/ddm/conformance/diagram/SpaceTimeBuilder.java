package ddm.conformance.diagram;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Builds a {@link SpaceTime} one happening at a time, whatever the input: a choreography reading an ITF trace calls
 * it step by step, and so can a reader of per-node event logs. Messages are matched by key: {@link #send} puts a
 * message with a key on its way to a lane, and {@link #receive} takes the oldest one with that key still on its way
 * to the receiver's lane. A broadcast is one send per destination with the same key.
 */
public final class SpaceTimeBuilder {

    private static final class MutableEvent {
        final int lane, column;
        final String label;
        final Set<SpaceTime.Mark> marks = EnumSet.noneOf(SpaceTime.Mark.class);
        final List<String> notes = new ArrayList<>();

        MutableEvent(int lane, int column, String label) {
            this.lane = lane;
            this.column = column;
            this.label = label;
        }
    }

    private static final class MutableArrow {
        final int from, toLane;
        final Object key;
        final String kind, label;
        int to = -1, lostAt = -1;

        MutableArrow(int from, int toLane, Object key, String kind, String label) {
            this.from = from;
            this.toLane = toLane;
            this.key = key;
            this.kind = kind;
            this.label = label;
        }

        boolean open() {
            return to < 0 && lostAt < 0;
        }
    }

    private record SpanKey(int lane, String kind, String label) {}

    private final List<SpaceTime.Lane> lanes = new ArrayList<>();
    private final Map<String, Integer> laneIds = new HashMap<>();
    private final List<MutableEvent> events = new ArrayList<>();
    private final Map<List<Integer>, Integer> eventAt = new HashMap<>();
    private final List<MutableArrow> arrows = new ArrayList<>();
    private final List<SpaceTime.Span> spans = new ArrayList<>();
    private final Map<SpanKey, Integer> openSpans = new LinkedHashMap<>();
    private final List<SpaceTime.Cut> cuts = new ArrayList<>();
    private final List<SpaceTime.Column> columns = new ArrayList<>();

    /** The lane with this id, added below the others if it is new. */
    public int lane(String id, String label, String role) {
        return laneIds.computeIfAbsent(id, k -> {
            lanes.add(new SpaceTime.Lane(id, label, role));
            return lanes.size() - 1;
        });
    }

    /** A lane labelled by its id. */
    public int lane(String id, String role) {
        return lane(id, id, role);
    }

    public OptionalInt laneOf(String id) {
        Integer i = laneIds.get(id);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    public List<SpaceTime.Lane> lanes() {
        return List.copyOf(lanes);
    }

    /** The event of {@code lane} in {@code column}, made with {@code label} if there is none yet. */
    public int event(int lane, int column, String label) {
        Objects.checkIndex(lane, lanes.size());
        return eventAt.computeIfAbsent(List.of(lane, column), k -> {
            events.add(new MutableEvent(lane, column, label));
            return events.size() - 1;
        });
    }

    public int laneOfEvent(int event) {
        return events.get(event).lane;
    }

    public void mark(int event, SpaceTime.Mark mark) {
        events.get(event).marks.add(mark);
    }

    public void note(int event, String text) {
        events.get(event).notes.add(text);
    }

    /** A message from {@code event} on its way to {@code toLane}; returns the arrow's id. */
    public int send(int event, Object key, int toLane, String kind, String label) {
        Objects.checkIndex(toLane, lanes.size());
        arrows.add(new MutableArrow(event, toLane, key, kind, label));
        return arrows.size() - 1;
    }

    /**
     * {@code event} receives the oldest message with {@code key} still on its way to its lane (or, if none is, to
     * any lane). Returns false if there is none: a message sent before the trace began, say.
     */
    public boolean receive(int event, Object key) {
        int lane = events.get(event).lane;
        Optional<MutableArrow> a = oldestOpen(key, lane);
        if (a.isEmpty()) a = oldestOpen(key, -1);
        a.ifPresent(x -> x.to = event);
        return a.isPresent();
    }

    /** The oldest message with {@code key} on its way to {@code toLane} is lost in {@code column}. */
    public boolean lose(Object key, int toLane, int column) {
        Optional<MutableArrow> a = oldestOpen(key, toLane);
        a.ifPresent(x -> x.lostAt = column);
        return a.isPresent();
    }

    private Optional<MutableArrow> oldestOpen(Object key, int toLane) {
        for (MutableArrow a : arrows) {
            if (a.open() && a.key.equals(key) && (toLane < 0 || a.toLane == toLane)) return Optional.of(a);
        }
        return Optional.empty();
    }

    /** Opens a span of {@code lane} from {@code column}, unless the same one is open. */
    public void open(int lane, int column, String kind, String label) {
        SpanKey k = new SpanKey(lane, kind, label);
        if (openSpans.containsKey(k)) return;
        spans.add(new SpaceTime.Span(lane, column, -1, kind, label));
        openSpans.put(k, spans.size() - 1);
    }

    /** Closes the span of {@code lane} opened with {@code kind} and {@code label}, in {@code column}. */
    public void close(int lane, int column, String kind, String label) {
        Integer i = openSpans.remove(new SpanKey(lane, kind, label));
        if (i == null) return;
        SpaceTime.Span s = spans.get(i);
        spans.set(i, new SpaceTime.Span(s.lane(), s.from(), column, s.kind(), s.label()));
    }

    /** Closes every open span of {@code kind} on {@code lane} (every lane if -1). */
    public void closeAll(int lane, int column, String kind) {
        for (SpanKey k : List.copyOf(openSpans.keySet())) {
            if ((lane < 0 || k.lane() == lane) && k.kind().equals(kind)) close(k.lane(), column, kind, k.label());
        }
    }

    public void cut(String name, List<Integer> recordedEvents) {
        cuts.add(new SpaceTime.Cut(name, recordedEvents));
    }

    public void column(SpaceTime.Column c) {
        if (c.index() != columns.size()) throw new IllegalArgumentException("column " + c.index() + " out of order");
        columns.add(c);
    }

    public SpaceTime build(String title, Optional<SpaceTime.Highlight> highlight, Optional<SpaceTime.Loop> loop) {
        List<SpaceTime.Event> es = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            MutableEvent e = events.get(i);
            es.add(new SpaceTime.Event(i, e.lane, e.column, e.label, e.marks, String.join("; ", e.notes)));
        }
        List<SpaceTime.Arrow> as = new ArrayList<>();
        for (int i = 0; i < arrows.size(); i++) {
            MutableArrow a = arrows.get(i);
            SpaceTime.Fate fate = a.to >= 0 ? SpaceTime.Fate.RECEIVED
                    : a.lostAt >= 0 ? SpaceTime.Fate.LOST : SpaceTime.Fate.IN_FLIGHT;
            as.add(new SpaceTime.Arrow(i, a.from, a.toLane, a.to, a.kind, a.label, fate, a.lostAt));
        }
        return new SpaceTime(title, lanes, columns, es, as, spans, cuts, highlight, loop);
    }
}
