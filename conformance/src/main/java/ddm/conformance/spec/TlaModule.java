package ddm.conformance.spec;

import ddm.conformance.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TLA+ module read as text, as far as a reader of it needs: its name, what it extends, and its top-level operator
 * definitions, each with its parameters, the comment just above it (the action's sentence, in this project's specs),
 * its text and where it starts. Not a parser of TLA+ (SANY is): it relies on the layout every spec here follows, a
 * definition starting in column 0 and its body indented below it, which is also what makes the specs readable.
 */
public final class TlaModule {

    /** A top-level definition {@code Name(params) == body}. */
    public record Operator(String name, List<String> params, String comment, String text, int line, String section) {

        /** Whether the body primes a variable or says UNCHANGED (directly: see {@link TlaModule#isAction}). */
        boolean primes() {
            String body = withoutStrings(text.substring(text.indexOf("==") + 2));
            return body.contains("'") || body.contains("UNCHANGED");
        }

        /** The first sentence of the comment. */
        public String sentence() {
            Matcher m = Pattern.compile("^(.*?[.!?])(\\s+[A-Z(]|$)").matcher(comment);
            return m.find() ? m.group(1) : comment;
        }
    }

    private static final Pattern HEADER = Pattern.compile("^-+\\s*MODULE\\s+(\\w+)\\s*-+");
    private static final Pattern DEF = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*(\\(([^)]*)\\))?\\s*==");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;
    private final Path file;
    private final List<String> extendsModules;
    private final Map<String, Operator> operators;

    private TlaModule(String name, Path file, List<String> extendsModules, Map<String, Operator> operators) {
        this.name = name;
        this.file = file;
        this.extendsModules = extendsModules;
        this.operators = operators;
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public List<String> extendsModules() {
        return extendsModules;
    }

    public Map<String, Operator> operators() {
        return operators;
    }

    public Optional<Operator> operator(String op) {
        return Optional.ofNullable(operators.get(op));
    }

    public static TlaModule read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(file, lines);
    }

    static TlaModule parse(Path file, List<String> lines) {
        String name = null;
        List<String> ext = new ArrayList<>();
        Map<String, Operator> ops = new LinkedHashMap<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher h = HEADER.matcher(l);
            if (name == null && h.find()) {
                name = h.group(1);
                continue;
            }
            if (l.startsWith("EXTENDS")) {
                StringBuilder sb = new StringBuilder(l.substring(7));
                for (int k = i + 1; k < lines.size() && lines.get(k).startsWith(" "); k++) sb.append(lines.get(k));
                for (String m : sb.toString().split(",")) if (!m.isBlank()) ext.add(m.strip());
                continue;
            }
            String heading = sectionHeading(lines, i);
            if (heading != null) section = heading;
            Matcher d = DEF.matcher(l);
            if (!d.find()) continue;
            int end = i + 1;
            while (end < lines.size() && (lines.get(end).isEmpty() || Character.isWhitespace(lines.get(end).charAt(0)))) end++;
            while (end > i + 1 && lines.get(end - 1).isBlank()) end--;
            List<String> params = new ArrayList<>();
            if (d.group(3) != null) for (String p : d.group(3).split(",")) if (!p.isBlank()) params.add(p.strip());
            String text = String.join("\n", lines.subList(i, end));
            ops.putIfAbsent(d.group(1), new Operator(d.group(1), params, comment(lines, i), text, i + 1, section));
        }
        if (name == null) throw new BadInputException(file + ": no MODULE header");
        return new TlaModule(name, file, List.copyOf(ext), ops);
    }

    /**
     * The comment right above line {@code at}: the comment lines ({@code (* ... *)} or {@code \* ...}) that end on
     * the line before it, as one line of text. A banner of stars is not part of it.
     */
    static String comment(List<String> lines, int at) {
        List<String> parts = new ArrayList<>();
        for (int k = at - 1; k >= 0; k--) {
            String l = lines.get(k).strip();
            if (!(l.startsWith("(*") || l.startsWith("\\*"))) break;
            String t = l.replaceAll("^\\(\\*+", "").replaceAll("\\*+\\)$", "").replaceAll("^\\\\\\*", "").strip();
            if (t.matches("\\**")) break;
            parts.add(0, t);
        }
        return String.join(" ", parts).replaceAll("\\s+", " ").strip();
    }

    /** A section heading: a banner comment whose middle line names the actions below it ("TM actions"). */
    private static String sectionHeading(List<String> lines, int i) {
        String l = lines.get(i).strip();
        if (!l.startsWith("(*") || !l.endsWith("*)") || l.matches("\\(\\*+\\)")) return null;
        boolean banner = i > 0 && lines.get(i - 1).strip().matches("\\(\\*{5,}\\)")
                && i + 1 < lines.size() && lines.get(i + 1).strip().matches("\\(\\*{5,}\\)");
        if (!banner) return null;
        return l.replaceAll("^\\(\\*+", "").replaceAll("\\*+\\)$", "").strip();
    }

    /** Identifiers in {@code text}, outside strings, in order of first appearance. */
    static Set<String> identifiers(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(withoutStrings(text));
        while (m.find()) out.add(m.group());
        return out;
    }

    static String withoutStrings(String s) {
        return s.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("\\\\\\*.*", "");
    }
}
