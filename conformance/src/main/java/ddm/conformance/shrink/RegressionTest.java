package ddm.conformance.shrink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes a {@link Reproduction} as a JUnit 5 test, ready to commit: a small class that starts the code in the
 * simulator through the protocol's conformance adapter, takes the steps one by one (each with the spec's sentence
 * for it as a comment), and asserts what the spec allows at the last: that the code refuses a step the spec does not
 * allow and changes nothing, or that it reaches the spec's state. The adapter comes from an overridable method, so
 * the same test can be pointed at another implementation (a seeded bug, to see it fail).
 */
public final class RegressionTest {

    private RegressionTest() {}

    /**
     * The source of class {@code className} in package {@code pkg}; {@code adapterClass} is the adapter's class
     * (with a public constructor without arguments); {@code sentence} gives each step's comment (may return "").
     */
    public static String source(Reproduction r, String pkg, String className, Class<?> adapterClass,
                                Function<Label, String> sentence) {
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(pkg).append(";\n\n");
        sb.append("import static org.junit.jupiter.api.Assertions.assertEquals;\n");
        if (r.expected() instanceof Reproduction.Refused) sb.append("import static org.junit.jupiter.api.Assertions.assertThrows;\n");
        sb.append("\nimport ").append(adapterClass.getName()).append(";\n");
        sb.append("import ddm.conformance.replay.ProtocolAdapter;\nimport ddm.conformance.shrink.Steps;\nimport java.util.Map;\n");
        sb.append("import org.junit.jupiter.api.Test;\n\n");
        Label failing = r.failing();
        boolean refused = r.expected() instanceof Reproduction.Refused;
        int before = r.steps().size() - 1;
        String doc = "Written by ddm's shrinker from " + javadoc(r.origin()) + ". Against model {@code " + r.model() + "}: "
                + (before == 0 ? "from the initial state" : "after " + (before == 1 ? "this step" : "these " + before + " steps"))
                + " the spec " + (refused ? "does not allow {@code " + javadoc(failing.toString()) + "}, so the code must refuse it."
                : "takes {@code " + javadoc(failing.toString()) + "} to the state below, and so must the code.");
        sb.append("/**\n");
        for (String line : wrap(doc, 112)) sb.append(" * ").append(line).append('\n');
        sb.append(" */\nclass ").append(className).append(" {\n\n");
        sb.append("    /** The code under test, through its conformance adapter (another implementation can be put here). */\n");
        sb.append("    protected ProtocolAdapter adapter() {\n        return new ").append(adapterClass.getSimpleName())
                .append("();\n    }\n\n");
        sb.append("    @Test\n    void ").append(method(failing, refused)).append("() {\n");
        sb.append("        ProtocolAdapter.Instance code = adapter().start(\n                Steps.state(")
                .append(block(r.constants(), 16)).append("),\n                Steps.state(").append(block(r.initial(), 16))
                .append("));\n");
        for (int i = 0; i < r.steps().size() - 1; i++) {
            Label l = r.steps().get(i);
            comment(sb, i + 1, l, sentence);
            Optional<Map<String, Object>> hint = r.hints().get(i);
            sb.append("        code.apply(").append(label(l));
            if (hint.isPresent()) sb.append(", Steps.state(").append(block(hint.get(), 16)).append(")");
            sb.append(");\n");
        }
        comment(sb, r.steps().size(), failing, sentence);
        if (r.expected() instanceof Reproduction.Reaches reaches) {
            sb.append("        Map<String, Object> spec = Steps.state(").append(block(reaches.state(), 16)).append(");\n");
            sb.append("        code.apply(").append(label(failing)).append(", spec);\n");
            sb.append("        assertEquals(spec, Steps.canonical(code.abstraction()),\n                \"the state the spec's ")
                    .append(java(failing.toString())).append(" leads to\");\n");
        } else {
            sb.append("        Map<String, Object> before = Steps.canonical(code.abstraction());\n");
            sb.append("        assertThrows(RuntimeException.class, () -> code.apply(").append(label(failing))
                    .append("),\n                \"the spec does not allow ").append(java(failing.toString())).append(" here\");\n");
            sb.append("        assertEquals(before, Steps.canonical(code.abstraction()), \"a refused step changes nothing\");\n");
        }
        sb.append("    }\n}\n");
        return sb.toString();
    }

    private static void comment(StringBuilder sb, int i, Label l, Function<Label, String> sentence) {
        String s = sentence.apply(l);
        for (String line : wrap(i + ". " + (s.isEmpty() ? l.toString() : s), 109)) sb.append("        // ").append(line).append('\n');
    }

    /** {@code text} in lines of at most {@code width} characters (a longer word keeps a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + w.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(w);
        }
        if (line.length() > 0) out.add(line.toString());
        return out;
    }

    /** {@code Steps.label("RMPrepare", "rm", "r1")}; a parameter's value as ITF JSON through Steps if not a name. */
    static String label(Label l) {
        StringBuilder sb = new StringBuilder("Steps.label(\"").append(java(l.action())).append('"');
        for (Map.Entry<String, Object> e : l.params().entrySet()) {
            sb.append(", \"").append(java(e.getKey())).append("\", ").append(literal(e.getValue()));
        }
        return sb.append(')').toString();
    }

    /** A canonical value as a Java expression that {@link Values#canonical} turns back into it. */
    static String literal(Object v) {
        if (v instanceof String s) return "\"" + java(s) + "\"";
        if (v instanceof Boolean b) return b.toString();
        if (v instanceof Long n) return n + "L";
        if (v instanceof List<?> l) return "java.util.List.of(" + join(l) + ")";
        if (v instanceof java.util.Set<?> s) return "java.util.Set.of(" + join(new ArrayList<>(s)) + ")";
        if (v instanceof Map<?, ?> m) {
            List<String> entries = new ArrayList<>();
            m.forEach((k, x) -> entries.add("Map.entry(" + literal(k) + ", " + literal(x) + ")"));
            return "Map.ofEntries(" + String.join(", ", entries) + ")";
        }
        return "\"" + java(Values.show(v)) + "\"";
    }

    private static String join(List<?> xs) {
        List<String> out = new ArrayList<>();
        for (Object x : xs) out.add(literal(x));
        return String.join(", ", out);
    }

    /** A state as a Java text block of its ITF JSON, indented. */
    static String block(Map<String, Object> state, int indent) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        state.keySet().stream().sorted().forEach(k -> o.set(k, ItfValues.encode(state.get(k))));
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String pad = " ".repeat(indent);
        return "\"\"\"\n" + pad + json.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"") + "\"\"\"";
    }

    private static String method(Label l, boolean refused) {
        return (refused ? "refuses" : "takes") + l.action() + "AsTheSpecDoes";
    }

    /** A class name from the model and the failing action: {@code TwoPhase3TMCommitTest}. */
    public static String className(String model, Label failing) {
        StringBuilder sb = new StringBuilder();
        for (String part : model.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) sb.insert(0, "Model");
        return sb + failing.action() + "Test";
    }

    private static String java(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String javadoc(String s) {
        return s.replace("*/", "*&#47;").replace("@", "{@literal @}");
    }
}
