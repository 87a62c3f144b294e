package ddm.conformance.reader;

import ddm.conformance.BadInputException;
import ddm.conformance.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The spec beside the code: for every spec that the protocol code (impl) cites, its actions (those of its
 * {@code Next}), and for each action the Java methods whose Javadoc says "Implements" followed by the spec and the
 * action, {@code Spec!Action}, in a code tag; the seeded bugs (test code) whose Javadoc says "Breaks" followed by one,
 * with the tests that catch them; and the spec's abstraction function (the method whose Javadoc calls itself "the
 * abstraction function of" the spec, in a code tag). Reading it is a check:
 * an action of a cited spec with no implementing method, a citation of an action the spec does not have, and two
 * methods of one class claiming one action are each a problem, in one line.
 */
public final class Reader {

    /** A Java declaration's claim on a spec action. */
    public record Citation(String spec, String action, JavaSources.Declaration where) {}

    /** A seeded bug of an action, with the tests that mention it (directly or through a factory of it). */
    public record SeededBug(String spec, String action, JavaSources.Declaration where, List<JavaSources.Declaration> caughtBy) {}

    /** One spec's page: its actions in {@code Next}'s order, and what the code says of each. */
    public record SpecPage(String name, Path file, Spec spec, List<String> actions, Map<String, List<Citation>> methods,
                           Map<String, List<SeededBug>> bugs, Optional<JavaSources.Declaration> abstraction,
                           Map<String, List<String>> abstractionOf) {}

    public record Result(List<SpecPage> pages, List<String> problems) {}

    private static final Pattern IMPLEMENTS = citations("Implements");
    private static final Pattern BREAKS = citations("Breaks");
    private static final Pattern CITED = Pattern.compile("\\{@code\\s+([A-Za-z0-9_]+)!([A-Za-z0-9_]+)");
    private static final Pattern ABSTRACTION = Pattern.compile("abstraction function of \\{@code\\s+([A-Za-z0-9_]+)\\}",
            Pattern.CASE_INSENSITIVE);

    private static Pattern citations(String verb) {
        return Pattern.compile(verb + "\\s+((?:\\{@code\\s+[A-Za-z0-9_]+![^}]*\\}(?:\\s*(?:,|and)\\s*)?)+)");
    }

    private Reader() {}

    /** Reads the specs under {@code root/specs}, the protocol code (impl) and the tests of both modules. */
    public static Result read(Path root) {
        return read(root, List.of(root.resolve("impl/src/main/java")),
                List.of(root.resolve("impl/src/test/java"), root.resolve("conformance/src/test/java")));
    }

    public static Result read(Path root, List<Path> mainSources, List<Path> testSources) {
        Map<String, Path> specFiles = specFiles(root.resolve("specs"));
        List<JavaSources.Declaration> main = JavaSources.scan(root, mainSources);
        List<JavaSources.Declaration> tests = JavaSources.scan(root, testSources);
        List<String> problems = new ArrayList<>();
        Map<String, List<Citation>> bySpec = new TreeMap<>();
        for (JavaSources.Declaration d : main) {
            for (String[] c : cited(IMPLEMENTS, d.doc())) {
                bySpec.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Citation(c[0], c[1], d));
            }
        }
        Map<String, Spec> specs = new LinkedHashMap<>();
        for (String s : bySpec.keySet()) {
            Path f = specFiles.get(s);
            if (f == null) {
                for (Citation c : bySpec.get(s)) problems.add(where(c.where()) + " cites " + s + "!" + c.action()
                        + ", but there is no spec " + s + ".tla under specs/");
                continue;
            }
            specs.put(s, Spec.read(f));
        }
        Map<String, List<SeededBug>> bugs = seededBugs(tests, specs, problems);
        Map<String, JavaSources.Declaration> abstractions = new LinkedHashMap<>();
        for (JavaSources.Declaration d : main) {
            Matcher m = ABSTRACTION.matcher(d.doc());
            if (m.find()) abstractions.putIfAbsent(m.group(1), d);
        }
        List<SpecPage> pages = new ArrayList<>();
        for (Map.Entry<String, Spec> e : specs.entrySet()) {
            String s = e.getKey();
            List<String> actions = e.getValue().actions(s);
            Map<String, List<Citation>> byAction = new LinkedHashMap<>();
            for (String a : actions) byAction.put(a, new ArrayList<>());
            Map<String, String> claimed = new LinkedHashMap<>();
            for (Citation c : bySpec.get(s)) {
                if (!byAction.containsKey(c.action())) {
                    problems.add(where(c.where()) + " cites " + s + "!" + c.action() + ", which " + s
                            + ".tla does not have as an action of Next (its actions: " + String.join(", ", actions) + ")");
                    continue;
                }
                String key = c.where().role() + " " + c.action();
                String other = claimed.putIfAbsent(key, c.where().qualified());
                if (other != null) {
                    problems.add(where(c.where()) + ": " + other + " and " + c.where().qualified() + " both claim "
                            + s + "!" + c.action() + " for " + c.where().role());
                    continue;
                }
                byAction.get(c.action()).add(c);
            }
            for (String a : actions) {
                if (byAction.get(a).isEmpty()) {
                    problems.add(s + "!" + a + " (" + root.relativize(e.getValue().root().file().toAbsolutePath())
                            + ") has no Java method: no Javadoc says Implements {@code " + s + "!" + a + "}");
                }
            }
            Map<String, List<SeededBug>> pageBugs = new LinkedHashMap<>();
            for (SeededBug b : bugs.getOrDefault(s, List.of())) {
                pageBugs.computeIfAbsent(b.action(), k -> new ArrayList<>()).add(b);
            }
            Optional<JavaSources.Declaration> abs = Optional.ofNullable(abstractions.get(s));
            pages.add(new SpecPage(s, root.relativize(specFiles.get(s).toAbsolutePath()), e.getValue(), actions, byAction,
                    pageBugs, abs, abs.map(a -> abstractionLines(root, a, e.getValue(), actions)).orElse(Map.of())));
        }
        return new Result(pages, problems);
    }

    /**
     * Where the abstraction function computes each variable the actions change: the lines of its file that name the
     * variable in a string ({@code vars.put("rmState", ...)}), as {@code line: code}.
     */
    private static Map<String, List<String>> abstractionLines(Path root, JavaSources.Declaration abs, Spec spec,
                                                              List<String> actions) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(abs.file()));
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, List<String>> out = new TreeMap<>();
        for (String a : actions) {
            for (String v : spec.primed(a)) {
                if (out.containsKey(v)) continue;
                List<String> at = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("\"" + v + "\"")) at.add((i + 1) + ": " + lines.get(i).strip());
                }
                out.put(v, at);
            }
        }
        return out;
    }

    /** The seeded bugs by spec; a bug of an action its spec does not have is a problem. */
    private static Map<String, List<SeededBug>> seededBugs(List<JavaSources.Declaration> tests, Map<String, Spec> specs,
                                                          List<String> problems) {
        Map<String, List<SeededBug>> out = new TreeMap<>();
        List<JavaSources.Declaration> testMethods = tests.stream()
                .filter(d -> d.kind() == JavaSources.Kind.METHOD && d.annotations().stream().anyMatch(a -> a.matches("@(\\w+\\.)*(Test|Property)\\b.*")))
                .toList();
        for (JavaSources.Declaration d : tests) {
            for (String[] c : cited(BREAKS, d.doc())) {
                Spec spec = specs.get(c[0]);
                if (spec == null || !spec.actions(c[0]).contains(c[1])) {
                    problems.add(where(d) + " says it breaks " + c[0] + "!" + c[1] + ", which is no action of a spec the "
                            + "code implements");
                    continue;
                }
                Set<String> names = new LinkedHashSet<>(List.of(simple(d)));
                for (JavaSources.Declaration f : tests) {
                    if (f != d && f.kind() != JavaSources.Kind.CLASS && mentions(f.body(), simple(d))) names.add(f.name().replaceAll("\\(.*", ""));
                }
                List<JavaSources.Declaration> caught = testMethods.stream()
                        .filter(t -> names.stream().anyMatch(n -> mentions(t.body(), n))).toList();
                out.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new SeededBug(c[0], c[1], d, caught));
            }
        }
        return out;
    }

    private static String simple(JavaSources.Declaration d) {
        return d.kind() == JavaSources.Kind.CLASS ? d.name() : d.name().replaceAll("\\(.*", "");
    }

    private static boolean mentions(String text, String name) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(text).find();
    }

    private static List<String[]> cited(Pattern verb, String doc) {
        List<String[]> out = new ArrayList<>();
        Matcher m = verb.matcher(doc);
        while (m.find()) {
            Matcher c = CITED.matcher(m.group(1));
            while (c.find()) out.add(new String[] {c.group(1), c.group(2)});
        }
        return out;
    }

    static String where(JavaSources.Declaration d) {
        return d.file() + ":" + d.line() + " " + d.qualified();
    }

    private static Map<String, Path> specFiles(Path specs) {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(specs)) throw new BadInputException("no specs folder at " + specs);
        try (Stream<Path> s = Files.walk(specs)) {
            s.filter(p -> p.toString().endsWith(".tla"))
                    .forEach(p -> out.putIfAbsent(p.getFileName().toString().replaceAll("\\.tla$", ""), p.toAbsolutePath()));
        } catch (IOException e) {
            throw new BadInputException(specs + ": cannot list (" + e.getMessage() + ")");
        }
        return out;
    }
}
