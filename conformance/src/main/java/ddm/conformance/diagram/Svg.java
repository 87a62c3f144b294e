package ddm.conformance.diagram;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link Layout} as a self-contained SVG document (its styles inside, no external reference). Elements
 * carry classes and data attributes ({@code lane}, {@code event}, {@code arrow}, {@code cut}, {@code span},
 * {@code column} with {@code data-column}) so that the HTML page can select a column and a test can count what was
 * drawn.
 */
public final class Svg {

    /** Arrow kinds with their own colour (and arrowhead); others are drawn as {@code message}. */
    static final List<String> KINDS = List.of("message", "marker", "transfer", "barrier", "record", "ballot-0",
            "ballot-1", "ballot-2", "ballot-3");

    private static final String STYLE = """
            .spacetime { font-family: 'DejaVu Sans', Verdana, sans-serif; font-size: 11px; }
            .title { font-size: 14px; font-weight: bold; }
            .lane line { stroke: #444; stroke-width: 1.5; }
            .lane text { font-weight: bold; text-anchor: end; dominant-baseline: middle; }
            .lane.tm text, .lane.coordinator text { fill: #1f4e8c; }
            .lane.acceptor text, .lane.leader text { fill: #6a3d9a; }
            .lane.source text { fill: #2b7a3d; }
            .colnum { font-size: 9px; fill: #999; text-anchor: middle; }
            .band { fill: transparent; }
            .column.selected .band { fill: #fff3b0; opacity: 0.6; }
            .highlight { fill: #f7c6c6; opacity: 0.55; }
            .highlight-text { fill: #a40000; }
            .highlight-text.head { font-weight: bold; }
            .event circle { fill: #fff; stroke: #222; stroke-width: 1.5; }
            .event.mark-commit circle { fill: #4caf50; }
            .event.mark-abort circle { fill: #e53935; }
            .event.mark-record circle { fill: #b39ddb; stroke: #5e35b1; stroke-width: 2.5; }
            .event.mark-restore circle { fill: #ffcc80; stroke: #ef6c00; stroke-width: 2.5; }
            .event .label { font-size: 10px; fill: #222; }
            .event .note { font-size: 9px; fill: #5e35b1; }
            .force { fill: #222; }
            .crash { stroke: #c62828; stroke-width: 3; }
            .recover { fill: none; stroke: #2e7d32; stroke-width: 2; }
            .arrow line { stroke-width: 1.4; }
            .arrow text { font-size: 9px; }
            .arrow.in-flight line { stroke-dasharray: 3 3; opacity: 0.8; }
            .arrow.lost line { stroke-dasharray: 2 3; }
            .lostmark { stroke: #c62828; stroke-width: 2; }
            .message line { stroke: #1f4e8c; } .message text { fill: #1f4e8c; }
            .transfer line { stroke: #2b7a3d; } .transfer text { fill: #2b7a3d; }
            .marker line { stroke: #d81b60; stroke-width: 2.2; } .marker text { fill: #d81b60; }
            .barrier line { stroke: #d81b60; stroke-width: 2.2; } .barrier text { fill: #d81b60; }
            .record line { stroke: #607d8b; } .record text { fill: #607d8b; }
            .ballot-0 line { stroke: #1f4e8c; } .ballot-0 text { fill: #1f4e8c; }
            .ballot-1 line { stroke: #e65100; } .ballot-1 text { fill: #e65100; }
            .ballot-2 line { stroke: #2b7a3d; } .ballot-2 text { fill: #2b7a3d; }
            .ballot-3 line { stroke: #6a1b9a; } .ballot-3 text { fill: #6a1b9a; }
            .span.down { fill: #9e9e9e; opacity: 0.35; }
            .span.blocked { fill: #ffb74d; opacity: 0.45; }
            .span text { font-size: 9px; fill: #8d4f00; }
            .cut polyline { fill: none; stroke: #7e57c2; stroke-width: 5; opacity: 0.45; stroke-linejoin: round; }
            .cut line.pending { stroke: #fff; stroke-width: 3; stroke-dasharray: 4 4; }
            .cut text { fill: #5e35b1; font-size: 10px; font-weight: bold; }
            .loop path { fill: none; stroke: #a40000; stroke-width: 1.6; }
            .loop text { fill: #a40000; font-size: 10px; }
            """;

    private static final String COLORS = "message #1f4e8c marker #d81b60 transfer #2b7a3d barrier #d81b60 record #607d8b "
            + "ballot-0 #1f4e8c ballot-1 #e65100 ballot-2 #2b7a3d ballot-3 #6a1b9a";

    private Svg() {}

    public static String render(SpaceTime d) {
        return render(new Layout(d));
    }

    public static String render(Layout l) {
        SpaceTime d = l.diagram();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spacetime\" width=\"%.0f\" "
                + "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">%n", l.width(), l.height(), l.width(), l.height()));
        sb.append("<style>").append(STYLE).append("</style>\n<defs>");
        String[] c = COLORS.split(" ");
        for (int i = 0; i < c.length; i += 2) {
            sb.append(String.format(Locale.ROOT, "<marker id=\"head-%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                    + "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                    + "fill=\"%s\"/></marker>", c[i], c[i + 1]));
        }
        sb.append("</defs>\n");
        sb.append(text(12, 20, "title", d.title())).append('\n');
        columns(l, sb);
        spans(l, sb);
        lanes(l, sb);
        arrows(l, sb);
        cuts(l, sb);
        events(l, sb);
        loop(l, sb);
        highlight(l, sb);
        return sb.append("</svg>\n").toString();
    }

    private static void columns(Layout l, StringBuilder sb) {
        SpaceTime d = l.diagram();
        double top = Layout.TOP - 30, h = l.lanesBottom() - top;
        sb.append("<g class=\"columns\">\n");
        d.highlight().ifPresent(hl -> sb.append(rect(l.x(hl.column()) - Layout.COLUMN / 2, top, Layout.COLUMN, h, "highlight")));
        for (SpaceTime.Column c : d.columns()) {
            sb.append(String.format(Locale.ROOT, "<g class=\"column\" data-column=\"%d\">", c.index()))
                    .append(rect(l.x(c.index()) - Layout.COLUMN / 2, top, Layout.COLUMN, h, "band"))
                    .append(text(l.x(c.index()), top + 8, "colnum", Integer.toString(c.index())))
                    .append("<title>").append(esc(c.index() + ". " + c.label())).append("</title></g>\n");
        }
        sb.append("</g>\n");
    }

    private static void spans(Layout l, StringBuilder sb) {
        sb.append("<g class=\"spans\">\n");
        for (Layout.SpanAt s : l.spans()) {
            sb.append("<g class=\"span ").append(esc(s.span().kind())).append("\">")
                    .append(rect(s.x0(), s.y0(), Math.max(2, s.x1() - s.x0()), s.height(), ""))
                    .append(text(s.x0() + 3, s.y0() + s.height() + 9, "", s.span().label())).append("</g>\n");
        }
        sb.append("</g>\n");
    }

    private static void lanes(Layout l, StringBuilder sb) {
        SpaceTime d = l.diagram();
        sb.append("<g class=\"lanes\">\n");
        for (int i = 0; i < d.lanes().size(); i++) {
            SpaceTime.Lane lane = d.lane(i);
            sb.append(String.format(Locale.ROOT, "<g class=\"lane %s\" data-lane=\"%s\"><line x1=\"%.1f\" y1=\"%.1f\" "
                            + "x2=\"%.1f\" y2=\"%.1f\"/>", esc(lane.role()), esc(lane.id()), l.x(0) - 20, l.y(i), l.end(), l.y(i)))
                    .append(text(l.x(0) - 28, l.y(i), "", lane.label())).append("</g>\n");
        }
        sb.append("</g>\n");
    }

    private static void arrows(Layout l, StringBuilder sb) {
        sb.append("<g class=\"arrows\">\n");
        java.util.Set<String> labelled = new java.util.HashSet<>();
        for (Layout.ArrowAt a : l.arrows()) {
            String kind = KINDS.contains(a.arrow().kind()) ? a.arrow().kind() : "message";
            String fate = a.arrow().fate().name().toLowerCase(Locale.ROOT).replace('_', '-');
            double x1 = a.from().x(), y1 = a.from().y(), x2 = a.to().x(), y2 = a.to().y();
            // Stop short of the receiving dot, so the head shows.
            double len = Math.hypot(x2 - x1, y2 - y1), cut = a.arrow().fate() == SpaceTime.Fate.RECEIVED ? 6 : 0;
            double ex = len == 0 ? x2 : x2 - (x2 - x1) * cut / len, ey = len == 0 ? y2 : y2 - (y2 - y1) * cut / len;
            sb.append(String.format(Locale.ROOT, "<g class=\"arrow %s %s\" data-arrow=\"%d\" data-from-column=\"%d\"%s>"
                            + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"%s/>",
                    kind, fate, a.arrow().id(), l.diagram().event(a.arrow().from()).column(),
                    a.arrow().to() >= 0 ? " data-to-column=\"" + l.diagram().event(a.arrow().to()).column() + "\"" : "",
                    x1, y1, ex, ey, a.arrow().fate() == SpaceTime.Fate.LOST ? "" : " marker-end=\"url(#head-" + kind + ")\""));
            if (a.arrow().fate() == SpaceTime.Fate.LOST) {
                sb.append(String.format(Locale.ROOT, "<path class=\"lostmark\" d=\"M%.1f,%.1f l8,8 M%.1f,%.1f l8,-8\"/>",
                        x2 - 4, y2 - 4, x2 - 4, y2 + 4));
            }
            // A broadcast's arrows share one label, on the first of them.
            double f = a.arrow().fate() == SpaceTime.Fate.RECEIVED ? 0.5 : 0.3;
            double tx = x1 + (x2 - x1) * f, ty = y1 + (y2 - y1) * f - 3;
            if (labelled.add(a.arrow().from() + " " + a.arrow().label())) sb.append(text(tx + 3, ty, "", a.arrow().label()));
            sb.append("</g>\n");
        }
        sb.append("</g>\n");
    }

    private static void cuts(Layout l, StringBuilder sb) {
        sb.append("<g class=\"cuts\">\n");
        for (Layout.CutAt c : l.cuts()) {
            if (c.points().isEmpty()) continue;
            StringBuilder pts = new StringBuilder();
            for (Layout.Point p : c.points()) pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", p.x(), p.y()));
            sb.append("<g class=\"cut\" data-cut=\"").append(esc(c.cut().name())).append("\"><polyline points=\"")
                    .append(pts.toString().strip()).append("\"/>");
            // The way to a lane that has not recorded yet is drawn over the line as pending.
            for (int i = 1; i < c.points().size(); i++) {
                if (c.recorded().get(i - 1) && c.recorded().get(i)) continue;
                Layout.Point a = c.points().get(i - 1), b = c.points().get(i);
                sb.append(String.format(Locale.ROOT, "<line class=\"pending\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                        a.x(), a.y(), b.x(), b.y()));
            }
            Layout.Point bottom = c.points().get(c.points().size() - 1);
            sb.append(text(bottom.x() + 4, bottom.y() + 4, "", "cut: " + c.cut().name())).append("</g>\n");
        }
        sb.append("</g>\n");
    }

    private static void events(Layout l, StringBuilder sb) {
        sb.append("<g class=\"events\">\n");
        for (SpaceTime.Event e : l.diagram().events()) {
            Layout.Point p = l.at(e);
            Set<SpaceTime.Mark> m = e.marks();
            StringBuilder cls = new StringBuilder("event");
            for (SpaceTime.Mark k : m) cls.append(" mark-").append(k.name().toLowerCase(Locale.ROOT));
            sb.append(String.format(Locale.ROOT, "<g class=\"%s\" data-event=\"%d\" data-column=\"%d\" data-lane=\"%s\">",
                    cls, e.id(), e.column(), esc(l.diagram().lane(e.lane()).id())));
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"/>", p.x(), p.y(),
                    m.contains(SpaceTime.Mark.RECORD) || m.contains(SpaceTime.Mark.RESTORE) ? 7 : 5));
            if (m.contains(SpaceTime.Mark.FORCE)) sb.append(rect(p.x() + 7, p.y() + 4, 7, 7, "force"));
            if (m.contains(SpaceTime.Mark.CRASH)) {
                sb.append(String.format(Locale.ROOT, "<path class=\"crash\" d=\"M%.1f,%.1f l14,14 M%.1f,%.1f l14,-14\"/>",
                        p.x() - 7, p.y() - 7, p.x() - 7, p.y() + 7));
            }
            if (m.contains(SpaceTime.Mark.RECOVER)) {
                sb.append(String.format(Locale.ROOT, "<circle class=\"recover\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\"/>", p.x(), p.y()));
            }
            sb.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-22 %.1f %.1f)\">%s</text>",
                    p.x() - 4, p.y() - 10, p.x() - 4, p.y() - 10, esc(e.label())));
            if (!e.note().isEmpty()) sb.append(text(p.x() - 10, p.y() + 20, "note", e.note()));
            sb.append("<title>").append(esc(e.label() + (e.note().isEmpty() ? "" : ": " + e.note()))).append("</title></g>\n");
        }
        sb.append("</g>\n");
    }

    private static void loop(Layout l, StringBuilder sb) {
        l.diagram().loop().ifPresent(lp -> {
            double y = Layout.TOP - 44, x0 = l.x(lp.from()), x1 = l.x(lp.to());
            sb.append("<g class=\"loop\">");
            if (lp.from() == lp.to()) {
                sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f a10,10 0 1,1 0.1,0\" marker-end=\"url(#head-message)\"/>",
                        x1 + 8, y + 6));
            } else {
                sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f L%.1f,%.1f\" "
                        + "marker-end=\"url(#head-message)\"/>", x1, y + 14, x1, y, x0, y, x0, y + 14));
            }
            sb.append(text(Math.min(x0, x1) + 4, y - 4, "", lp.text())).append("</g>\n");
        });
    }

    private static void highlight(Layout l, StringBuilder sb) {
        l.diagram().highlight().ifPresent(h -> {
            double y = l.lanesBottom() + 14;
            sb.append("<g class=\"highlight-box\">").append(text(12, y, "highlight-text head", "step " + h.column() + ": " + h.title()));
            for (String line : h.lines()) {
                y += 16;
                sb.append(text(24, y, "highlight-text", line));
            }
            sb.append("</g>\n");
        });
    }

    private static String rect(double x, double y, double w, double h, String cls) {
        return String.format(Locale.ROOT, "<rect%s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                cls.isEmpty() ? "" : " class=\"" + cls + "\"", x, y, w, h);
    }

    private static String text(double x, double y, String cls, String s) {
        return String.format(Locale.ROOT, "<text%s x=\"%.1f\" y=\"%.1f\">%s</text>", cls.isEmpty() ? "" : " class=\"" + cls + "\"",
                x, y, esc(s));
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
