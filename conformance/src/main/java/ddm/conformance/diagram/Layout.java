package ddm.conformance.diagram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where everything of a {@link SpaceTime} goes, in SVG user units: lane i at height {@link #y(int)}, column k at
 * {@link #x(int)}; an arrow from its sender's event to its receiver's (or, in flight, to the receiver's lane past the
 * last column; lost, to the middle of its way in the column that lost it); spans as bands on their lane, stacked when
 * several are open at once; a cut as a line through its recorded events, top to bottom. Pure geometry: the tests hold
 * it to the model (order, endpoints, the cut through the recorded points), the renderers only draw it.
 */
public final class Layout {

    public static final double COLUMN = 92, LANE = 66, LEFT = 112, TOP = 74, RIGHT = 150;

    public record Point(double x, double y) {}

    public record ArrowAt(SpaceTime.Arrow arrow, Point from, Point to) {}

    public record SpanAt(SpaceTime.Span span, double x0, double x1, double y0, double height) {}

    /**
     * A cut's line: its points top to bottom, and for each point whether it is a recorded event (a lane that has not
     * recorded by the end is passed at the end, and the picture draws the way there as pending).
     */
    public record CutAt(SpaceTime.Cut cut, List<Point> points, List<Boolean> recorded) {}

    private final SpaceTime d;
    private final List<ArrowAt> arrows = new ArrayList<>();
    private final List<SpanAt> spans = new ArrayList<>();
    private final List<CutAt> cuts = new ArrayList<>();

    public Layout(SpaceTime d) {
        this.d = d;
        for (SpaceTime.Arrow a : d.arrows()) arrows.add(place(a));
        Map<Integer, Integer> stacked = new HashMap<>();
        for (SpaceTime.Span s : d.spans()) {
            int level = stacked.merge(s.lane(), 1, Integer::sum) - 1;
            double x0 = x(s.from()), x1 = s.to() < 0 ? end() : x(s.to());
            double y0 = y(s.lane()) - 9 + 6 * level;
            spans.add(new SpanAt(s, x0, x1, y0, 18 - 6 * level > 6 ? 18 - 6 * level : 6));
        }
        for (SpaceTime.Cut c : d.cuts()) cuts.add(placeCut(c));
    }

    public SpaceTime diagram() {
        return d;
    }

    public int lastColumn() {
        return Math.max(0, d.columns().size() - 1);
    }

    public double x(int column) {
        return LEFT + column * COLUMN;
    }

    public double y(int lane) {
        return TOP + lane * LANE;
    }

    /** Where lanes end: half a column past the last one (in-flight messages point there). */
    public double end() {
        return x(lastColumn()) + COLUMN * 0.6;
    }

    public double width() {
        return end() + RIGHT;
    }

    /** Below the last lane: room for notes, then the highlight's lines. */
    public double lanesBottom() {
        return y(Math.max(0, d.lanes().size() - 1)) + 40;
    }

    public double height() {
        int lines = d.highlight().map(h -> h.lines().size() + 2).orElse(0);
        return lanesBottom() + 16 * lines + 20;
    }

    public Point at(SpaceTime.Event e) {
        return new Point(x(e.column()), y(e.lane()));
    }

    public List<ArrowAt> arrows() {
        return arrows;
    }

    public List<SpanAt> spans() {
        return spans;
    }

    public List<CutAt> cuts() {
        return cuts;
    }

    private ArrowAt place(SpaceTime.Arrow a) {
        Point from = at(d.event(a.from()));
        Point to = switch (a.fate()) {
            case RECEIVED -> at(d.event(a.to()));
            case IN_FLIGHT -> stub(from, new Point(end(), y(a.toLane())));
            case LOST -> new Point(x(a.lostAt()), (from.y() + y(a.toLane())) / 2);
        };
        return new ArrowAt(a, from, to);
    }

    /**
     * An arrow still in flight at the end is drawn only part of its way, towards its receiver's lane at the end: far
     * enough to see where it goes, short enough not to cross the picture (a message set only grows, so in 2PC and
     * Paxos Commit every message not received is one).
     */
    private static Point stub(Point from, Point to) {
        double dx = to.x() - from.x(), dy = to.y() - from.y();
        double k = Math.min(1, COLUMN * 0.8 / Math.max(1, Math.abs(dx)));
        return new Point(from.x() + dx * k, from.y() + dy * k);
    }

    /**
     * Through each recorded event, in lane order; a lane that has not recorded by the end is passed at the end (its
     * point is later than anything drawn). The line starts above the first lane and ends below the last.
     */
    private CutAt placeCut(SpaceTime.Cut c) {
        Map<Integer, SpaceTime.Event> byLane = new HashMap<>();
        for (int e : c.events()) byLane.put(d.event(e).lane(), d.event(e));
        List<Point> pts = new ArrayList<>();
        List<Boolean> rec = new ArrayList<>();
        for (int l = 0; l < d.lanes().size() && !byLane.isEmpty(); l++) {
            SpaceTime.Event e = byLane.get(l);
            Point p = e == null ? new Point(end() - COLUMN * 0.2, y(l)) : at(e);
            if (pts.isEmpty()) {
                pts.add(new Point(p.x(), p.y() - LANE * 0.35));
                rec.add(e != null);
            }
            pts.add(p);
            rec.add(e != null);
        }
        if (!pts.isEmpty()) {
            pts.add(new Point(pts.get(pts.size() - 1).x(), pts.get(pts.size() - 1).y() + LANE * 0.35));
            rec.add(rec.get(rec.size() - 1));
        }
        return new CutAt(c, pts, rec);
    }
}
