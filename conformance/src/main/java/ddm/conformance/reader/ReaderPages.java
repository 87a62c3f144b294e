package ddm.conformance.reader;

import ddm.conformance.spec.TlaModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reader's static pages (no script, nothing fetched): an index, and one page per spec with each action on the
 * left (its section, its sentence, its TLA+ text, the variables it changes, its seeded bugs and the tests that catch
 * them) and the Java methods that implement it on the right (their Javadoc and source), linked both ways, and to the
 * same action on another spec's page when a method implements both.
 */
public final class ReaderPages {

    private static final String STYLE = """
            body { font-family: 'DejaVu Sans', Verdana, sans-serif; margin: 20px; color: #222; font-size: 13px; }
            h1 { font-size: 20px; } h2 { font-size: 15px; margin: 0 0 4px 0; } h3 { font-size: 13px; margin: 6px 0 2px 0; }
            pre { background: #f6f6f6; padding: 6px; overflow-x: auto; font-size: 11.5px; margin: 4px 0; }
            .row { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; border-top: 1px solid #ccc; padding: 10px 0; }
            .row > div { min-width: 0; }
            .section { color: #777; font-size: 11px; }
            .sentence { font-style: italic; }
            .links a { margin-right: 10px; }
            .bug { color: #a40000; }
            .where { color: #777; font-size: 11px; }
            """;

    private ReaderPages() {}

    /** The pages by file name: {@code index.html} and {@code <Spec>.html}. */
    public static Map<String, String> render(Reader.Result r) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Set<String>> actionsOf = new HashMap<>();
        for (Reader.SpecPage p : r.pages()) actionsOf.put(p.name(), Set.copyOf(p.actions()));
        out.put("index.html", index(r));
        for (Reader.SpecPage p : r.pages()) out.put(p.name() + ".html", page(p, r, actionsOf));
        return out;
    }

    private static String index(Reader.Result r) {
        StringBuilder sb = head("ddm: the specs beside the code");
        sb.append("<h1>The specs beside the code</h1>\n<p>Each page puts a spec's actions beside the Java methods that "
                + "implement them (found by their Javadoc: <code>Implements {@code Spec!Action}</code>).</p>\n<ul>\n");
        for (Reader.SpecPage p : r.pages()) {
            long methods = p.methods().values().stream().mapToLong(List::size).sum();
            long bugs = p.bugs().values().stream().mapToLong(List::size).sum();
            sb.append("<li><a href=\"").append(esc(p.name())).append(".html\">").append(esc(p.name())).append("</a> (")
                    .append(esc(p.file().toString())).append("): ").append(p.actions().size()).append(" actions, ")
                    .append(methods).append(" methods, ").append(bugs).append(" seeded bugs</li>\n");
        }
        sb.append("</ul>\n");
        if (!r.problems().isEmpty()) {
            sb.append("<h2>Problems</h2>\n<ul>\n");
            for (String p : r.problems()) sb.append("<li class=\"bug\">").append(esc(p)).append("</li>\n");
            sb.append("</ul>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String page(Reader.SpecPage p, Reader.Result r, Map<String, Set<String>> actionsOf) {
        StringBuilder sb = head(p.name() + ": spec beside code");
        sb.append("<p><a href=\"index.html\">all specs</a></p>\n<h1>").append(esc(p.name())).append(" <span class=\"where\">")
                .append(esc(p.file().toString())).append("</span></h1>\n");
        sb.append("<p class=\"sentence\">").append(esc(firstParagraph(p))).append("</p>\n");
        Map<JavaSources.Declaration, String> ids = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (List<Reader.Citation> cs : p.methods().values()) {
            for (Reader.Citation c : cs) {
                String base = "java-" + (c.where().role() + "-" + c.where().name().replaceAll("\\(.*", "")).replaceAll("[^A-Za-z0-9_-]", "-");
                int n = used.merge(base, 1, Integer::sum);
                ids.putIfAbsent(c.where(), n == 1 ? base : base + "-" + n);
            }
        }
        sb.append("<h2 id=\"abstraction\">The abstraction function</h2>\n");
        if (p.abstraction().isPresent()) {
            JavaSources.Declaration a = p.abstraction().get();
            sb.append("<p class=\"where\">").append(esc(a.qualified() + " — " + a.file() + ":" + a.line())).append("</p>\n<pre>")
                    .append(esc(a.body())).append("</pre>\n");
        } else {
            sb.append("<p>No method's Javadoc says <code>The abstraction function of {@code ").append(esc(p.name()))
                    .append("}</code>.</p>\n");
        }
        sb.append("<h2>Actions</h2>\n<p class=\"links\">");
        for (String a : p.actions()) sb.append("<a href=\"#spec-").append(esc(a)).append("\">").append(esc(a)).append("</a> ");
        sb.append("</p>\n");
        for (String a : p.actions()) {
            TlaModule.Operator op = p.spec().operator(a).orElseThrow();
            sb.append("<div class=\"row\">\n<div id=\"spec-").append(esc(a)).append("\">\n<p class=\"section\">")
                    .append(esc(op.section())).append("</p>\n<h2>").append(esc(a)).append("</h2>\n<p class=\"sentence\">")
                    .append(esc(op.comment())).append("</p>\n<pre>").append(esc(op.text())).append("</pre>\n");
            sb.append("<p class=\"where\">").append(esc(p.spec().moduleOf(a).map(m -> m.name()).orElse(p.name())))
                    .append(".tla, line ").append(op.line()).append("</p>\n");
            sb.append("<p>changes: ");
            List<String> vars = new ArrayList<>(p.spec().primed(a));
            for (int i = 0; i < vars.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append("<a href=\"#abstraction\">").append(esc(vars.get(i))).append("</a>");
            }
            sb.append("</p>\n");
            StringBuilder abs = new StringBuilder();
            for (String v : vars) for (String line : p.abstractionOf().getOrDefault(v, List.of())) abs.append(line).append('\n');
            if (abs.length() > 0) {
                sb.append("<p class=\"where\">the abstraction function, for these variables ("
                        + esc(p.abstraction().map(x -> x.file().toString()).orElse("")) + "):</p>\n<pre>")
                        .append(esc(abs.toString())).append("</pre>\n");
            }
            sb.append("<p class=\"links\">implemented by: ");
            for (Reader.Citation c : p.methods().get(a)) {
                sb.append("<a href=\"#").append(ids.get(c.where())).append("\">").append(esc(c.where().qualified()))
                        .append("</a>");
            }
            sb.append("</p>\n");
            List<Reader.SeededBug> bugs = p.bugs().getOrDefault(a, List.of());
            if (!bugs.isEmpty()) {
                sb.append("<h3>Seeded bugs</h3>\n<ul>\n");
                for (Reader.SeededBug b : bugs) {
                    sb.append("<li class=\"bug\"><b>").append(esc(b.where().qualified())).append("</b> (")
                            .append(esc(b.where().file() + ":" + b.where().line())).append("): ")
                            .append(esc(sentence(b.where().doc()))).append("<br>caught by: ");
                    if (b.caughtBy().isEmpty()) sb.append("no test names it");
                    for (int i = 0; i < b.caughtBy().size(); i++) {
                        JavaSources.Declaration t = b.caughtBy().get(i);
                        sb.append(i == 0 ? "" : ", ").append(esc(t.qualified().replaceAll("\\(.*", "")));
                    }
                    sb.append("</li>\n");
                }
                sb.append("</ul>\n");
            }
            sb.append("</div>\n<div>\n");
            for (Reader.Citation c : p.methods().get(a)) {
                JavaSources.Declaration d = c.where();
                sb.append("<div id=\"").append(ids.get(d)).append("\">\n<h3>").append(esc(d.qualified())).append("</h3>\n")
                        .append("<p class=\"where\">").append(esc(d.file() + ":" + d.line())).append("</p>\n<p class=\"links\">implements: ")
                        .append("<a href=\"#spec-").append(esc(a)).append("\">").append(esc(p.name() + "!" + a)).append("</a>");
                for (Reader.SpecPage other : r.pages()) {
                    if (other == p) continue;
                    boolean also = other.methods().getOrDefault(a, List.of()).stream().anyMatch(o -> o.where().equals(d));
                    if (also && actionsOf.get(other.name()).contains(a)) {
                        sb.append("<a href=\"").append(esc(other.name())).append(".html#spec-").append(esc(a)).append("\">")
                                .append(esc(other.name() + "!" + a)).append("</a>");
                    }
                }
                sb.append("</p>\n<pre>").append(esc(d.body())).append("</pre>\n</div>\n");
            }
            sb.append("</div>\n</div>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    /** The first paragraph of the spec's opening comment. */
    private static String firstParagraph(Reader.SpecPage p) {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(p.spec().root().file());
        } catch (java.io.IOException e) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("----") || l.matches("\\(\\*+\\)")) {
                if (sb.length() > 0) break;
                continue;
            }
            if (!l.startsWith("(*")) {
                if (sb.length() > 0) break;
                continue;
            }
            String t = l.replaceAll("^\\(\\*+", "").replaceAll("\\*+\\)$", "").strip();
            if (t.isEmpty()) {
                if (sb.length() > 0) break;
                continue;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(t);
        }
        return sb.toString();
    }

    private static String sentence(String doc) {
        String d = doc.replaceAll("\\s+", " ").strip();
        int dot = d.indexOf(". ");
        return dot < 0 ? d : d.substring(0, dot + 1);
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>").append(STYLE).append("</style></head><body>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
