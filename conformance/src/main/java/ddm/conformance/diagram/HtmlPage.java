package ddm.conformance.diagram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A self-contained HTML page for a {@link SpaceTime}: the SVG, a panel with the spec state at the selected step (the
 * variables that step changed marked), and the steps as a list. The arrow keys (and j/k) step through the trace,
 * Home and End jump to its ends, a click on a column or a step selects it, and {@code #step=N} in the address opens
 * step N. Nothing is fetched: styles, data and script are in the page. When the script has run it writes what the
 * picture holds into {@code #rendered} ({@code data-lanes}, {@code data-events}, {@code data-arrows},
 * {@code data-selected}), which is how a headless browser's check reads it.
 */
public final class HtmlPage {

    private static final String STYLE = """
            body { font-family: 'DejaVu Sans', Verdana, sans-serif; margin: 16px; color: #222; }
            h1 { font-size: 18px; margin: 0 0 4px 0; }
            .help { color: #666; font-size: 12px; margin: 0 0 12px 0; }
            main { display: flex; gap: 16px; align-items: flex-start; }
            #picture { overflow-x: auto; border: 1px solid #ddd; flex: 1 1 auto; max-width: 72vw; }
            #panel { flex: 0 0 360px; font-size: 12px; }
            #panel h2 { font-size: 14px; margin: 0 0 6px 0; }
            #panel .text { white-space: pre-wrap; margin: 0 0 8px 0; }
            #vars { border-collapse: collapse; width: 100%; }
            #vars td { border-top: 1px solid #eee; padding: 3px 4px; vertical-align: top; font-family: monospace; word-break: break-all; }
            #vars tr.changed td { background: #fff3b0; }
            #vars td.var { font-weight: bold; white-space: nowrap; }
            #steps { font-size: 12px; font-family: monospace; }
            #steps li { cursor: pointer; }
            #steps li.selected { background: #fff3b0; }
            #steps li.failed { color: #a40000; font-weight: bold; }
            .column { cursor: pointer; }
            """;

    private static final String SCRIPT = """
            (function () {
              var data = JSON.parse(document.getElementById('data').textContent);
              var svg = document.querySelector('#picture svg');
              var steps = document.querySelectorAll('#steps li');
              var selected = 0;
              function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;'); }
              function select(k) {
                if (k < 0 || k >= data.columns.length) return;
                selected = k;
                var c = data.columns[k];
                svg.querySelectorAll('.column').forEach(function (g) {
                  g.classList.toggle('selected', Number(g.getAttribute('data-column')) === k);
                });
                steps.forEach(function (li, i) { li.classList.toggle('selected', i === k); });
                document.getElementById('step-title').textContent = (k === 0 ? 'Initial state' : 'Step ' + k + ': ' + c.label);
                document.getElementById('step-text').textContent = c.text;
                var rows = '';
                Object.keys(c.state).forEach(function (v) {
                  var changed = c.changed.indexOf(v) >= 0;
                  rows += '<tr class="' + (changed ? 'changed' : '') + '"><td class="var">' + esc(v) + '</td><td>'
                      + esc(c.state[v]) + '</td></tr>';
                });
                document.getElementById('vars').innerHTML = rows;
                document.getElementById('rendered').setAttribute('data-selected', String(k));
              }
              document.addEventListener('keydown', function (e) {
                if (e.key === 'ArrowRight' || e.key === 'j') select(selected + 1);
                else if (e.key === 'ArrowLeft' || e.key === 'k') select(selected - 1);
                else if (e.key === 'Home') select(0);
                else if (e.key === 'End') select(data.columns.length - 1);
                else return;
                e.preventDefault();
              });
              svg.querySelectorAll('.column').forEach(function (g) {
                g.addEventListener('click', function () { select(Number(g.getAttribute('data-column'))); });
              });
              steps.forEach(function (li, i) { li.addEventListener('click', function () { select(i); }); });
              var r = document.getElementById('rendered');
              r.setAttribute('data-lanes', String(svg.querySelectorAll('.lane').length));
              r.setAttribute('data-events', String(svg.querySelectorAll('.event').length));
              r.setAttribute('data-arrows', String(svg.querySelectorAll('.arrow').length));
              r.setAttribute('data-cuts', String(svg.querySelectorAll('.cut').length));
              var m = /step=(\\d+)/.exec(location.hash);
              select(m ? Number(m[1]) : (data.highlight >= 0 ? data.highlight : 0));
            })();
            """;

    private HtmlPage() {}

    public static String render(SpaceTime d) {
        Layout l = new Layout(d);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(Svg.esc(d.title())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
        sb.append("<h1>").append(Svg.esc(d.title())).append("</h1>\n<p class=\"help\">&larr; &rarr; (or k, j) step through "
                + "the trace, Home and End go to its ends; click a column or a step to select it.</p>\n");
        sb.append("<main><div id=\"picture\">").append(Svg.render(l)).append("</div>\n<aside id=\"panel\">"
                + "<h2 id=\"step-title\"></h2><p class=\"text\" id=\"step-text\"></p><table id=\"vars\"></table></aside></main>\n");
        sb.append("<ol id=\"steps\" start=\"0\">\n");
        int failed = d.highlight().map(SpaceTime.Highlight::column).orElse(-1);
        for (SpaceTime.Column c : d.columns()) {
            sb.append("<li data-column=\"").append(c.index()).append('"').append(c.index() == failed ? " class=\"failed\"" : "")
                    .append('>').append(Svg.esc(c.label())).append(c.text().isEmpty() ? "" : " &mdash; " + Svg.esc(c.text()))
                    .append("</li>\n");
        }
        sb.append("</ol>\n");
        d.highlight().ifPresent(h -> {
            sb.append("<p class=\"help\"><b>Step ").append(h.column()).append(": ").append(Svg.esc(h.title())).append("</b><br>");
            for (String line : h.lines()) sb.append(Svg.esc(line)).append("<br>");
            sb.append("</p>\n");
        });
        sb.append("<div id=\"rendered\" hidden></div>\n<script type=\"application/json\" id=\"data\">")
                .append(json(d).replace("</", "<\\/")).append("</script>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return sb.toString();
    }

    private static String json(SpaceTime d) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode cols = root.putArray("columns");
        for (SpaceTime.Column c : d.columns()) {
            ObjectNode o = cols.addObject().put("label", c.label()).put("text", c.text());
            ObjectNode st = o.putObject("state");
            c.state().forEach(st::put);
            ArrayNode ch = o.putArray("changed");
            c.changed().forEach(ch::add);
        }
        root.put("highlight", d.highlight().map(SpaceTime.Highlight::column).orElse(-1));
        try {
            return new ObjectMapper().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
