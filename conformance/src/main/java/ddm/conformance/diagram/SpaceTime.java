package ddm.conformance.diagram;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A space-time diagram, before layout: one lane per node, time to the right in columns, events on the lanes, messages
 * as arrows from the event that sent them to the event that received them, and what a protocol adds (forced records,
 * crashes, a snapshot's recorded points and the cut through them, aligned channels). Column 0 is the initial state;
 * column k the state after step k of a trace. Nothing here knows a protocol or an input format: {@link TraceDiagram}
 * builds one from an ITF trace through a protocol's {@link Choreography}, and a per-node event log (events with
 * send-to-receive links) can build one through the same {@link SpaceTimeBuilder}.
 *
 * @param title     what the diagram shows, in a line
 * @param lanes     the nodes, top to bottom
 * @param columns   per column: its step's label, its sentence, the state after it and the variables it changed
 * @param events    what happened on a lane in a column
 * @param arrows    messages, in the order they were sent
 * @param spans     stretches of a lane: a node down, a channel blocked while its task aligns
 * @param cuts      consistent cuts, each through one recorded event per lane
 * @param highlight the step a check failed at, with what it found
 * @param loop      for a liveness counterexample: the columns that repeat forever
 */
public record SpaceTime(String title, List<Lane> lanes, List<Column> columns, List<Event> events, List<Arrow> arrows,
                        List<Span> spans, List<Cut> cuts, Optional<Highlight> highlight, Optional<Loop> loop) {

    public SpaceTime {
        lanes = List.copyOf(lanes);
        columns = List.copyOf(columns);
        events = List.copyOf(events);
        arrows = List.copyOf(arrows);
        spans = List.copyOf(spans);
        cuts = List.copyOf(cuts);
    }

    /** A node: {@code role} names its kind (tm, rm, process, source, acceptor...), which the picture colours. */
    public record Lane(String id, String label, String role) {}

    /**
     * One column: the step that led to it ({@code "init"} for column 0), a sentence about it, the state after it
     * (each variable shown in TLA+ notation) and the variables that step changed.
     */
    public record Column(int index, String label, String text, Map<String, String> state, List<String> changed) {
        public Column {
            state = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(state));
            changed = List.copyOf(changed);
        }
    }

    /** What a step did on a lane, beside sending and receiving. */
    public enum Mark {
        /** a record forced to the durable log */
        FORCE,
        /** the node crashed (or stopped for good) */
        CRASH,
        /** the node recovered */
        RECOVER,
        /** the node recorded its state for a snapshot */
        RECORD,
        /** the node restored its state from a snapshot */
        RESTORE,
        /** the node decided to commit (or an epoch completed) */
        COMMIT,
        /** the node decided to abort */
        ABORT
    }

    /** Something a node did in a column; {@code note} is extra text below it (a recorded channel state, say). */
    public record Event(int id, int lane, int column, String label, Set<Mark> marks, String note) {
        public Event {
            marks = Set.copyOf(marks);
        }
    }

    /** What became of a message. */
    public enum Fate {
        /** received: {@link Arrow#to} is the event that received it */
        RECEIVED,
        /** still in flight when the trace ends */
        IN_FLIGHT,
        /** lost in column {@link Arrow#lostAt} (a failure emptied the channels) */
        LOST
    }

    /**
     * A message from event {@code from} to lane {@code toLane}, received by event {@code to} (-1 if it was not).
     * {@code kind} says what it is (message, marker, barrier, record, ballot-N), which the picture colours.
     */
    public record Arrow(int id, int from, int toLane, int to, String kind, String label, Fate fate, int lostAt) {}

    /** A stretch of a lane, from column {@code from} to column {@code to} (-1: to the end). */
    public record Span(int lane, int from, int to, String kind, String label) {}

    /** A cut: the recorded event of each lane that recorded, in lane order. */
    public record Cut(String name, List<Integer> events) {
        public Cut {
            events = List.copyOf(events);
        }
    }

    /** The column where a check failed, a one-line title, and the lines that say how (a diff, say). */
    public record Highlight(int column, String title, List<String> lines) {
        public Highlight {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A lasso: after column {@code to} the behaviour goes back to the state of column {@code from} and repeats
     * {@code from + 1 .. to} forever; when {@code from == to} it stutters there forever.
     */
    public record Loop(int from, int to, String text) {}

    public Lane lane(int i) {
        return lanes.get(i);
    }

    public Event event(int id) {
        return events.get(id);
    }
}
