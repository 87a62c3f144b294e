package ddm.conformance.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A root module with the modules it extends (those beside it; the standard modules are TLC's and are skipped), read by
 * {@link TlaModule}: where each operator is defined, which of them are actions (named in {@code Next}, or in a bug
 * model's {@code Next...}, and priming a variable themselves or through an operator they use), and what variables each
 * action primes.
 */
public final class Spec {

    private final TlaModule root;
    private final Map<String, TlaModule> modules = new LinkedHashMap<>();

    private Spec(TlaModule root) {
        this.root = root;
    }

    /** Reads {@code module} and, transitively, the modules it extends that lie in the same folder. */
    public static Spec read(Path module) {
        Spec s = new Spec(TlaModule.read(module));
        Deque<TlaModule> todo = new ArrayDeque<>(List.of(s.root));
        while (!todo.isEmpty()) {
            TlaModule m = todo.poll();
            if (s.modules.putIfAbsent(m.name(), m) != null) continue;
            for (String e : m.extendsModules()) {
                Path p = module.toAbsolutePath().resolveSibling(e + ".tla");
                if (Files.isRegularFile(p) && !s.modules.containsKey(e)) todo.add(TlaModule.read(p));
            }
        }
        return s;
    }

    public TlaModule root() {
        return root;
    }

    /** The definition of {@code op}: the root's own, else the first extended module's. */
    public Optional<TlaModule.Operator> operator(String op) {
        for (TlaModule m : modules.values()) {
            Optional<TlaModule.Operator> o = m.operator(op);
            if (o.isPresent()) return o;
        }
        return Optional.empty();
    }

    /** The module that defines {@code op}. */
    public Optional<TlaModule> moduleOf(String op) {
        return modules.values().stream().filter(m -> m.operator(op).isPresent()).findFirst();
    }

    /** Whether {@code op} primes a variable, itself or through the operators it uses. */
    public boolean primes(String op) {
        return primes(op, new HashSet<>());
    }

    private boolean primes(String op, Set<String> seen) {
        if (!seen.add(op)) return false;
        Optional<TlaModule.Operator> o = operator(op);
        if (o.isEmpty()) return false;
        if (o.get().primes()) return true;
        for (String id : TlaModule.identifiers(body(o.get()))) if (primes(id, seen)) return true;
        return false;
    }

    /**
     * The actions of the module named {@code module}'s next-state relations, in their order there: the operators of
     * that module (or one it extends) that {@code Next}, or a variant of it named {@code Next...} (PaxosCommit's
     * {@code NextR}, Next with recovering acceptors), names and that prime a variable.
     */
    public List<String> actions(String module) {
        TlaModule m = modules.get(module);
        if (m == null) return List.of();
        List<TlaModule.Operator> nexts = new ArrayList<>();
        m.operator("Next").ifPresent(nexts::add);
        m.operators().forEach((name, op) -> {
            if (name.startsWith("Next") && !name.equals("Next")) nexts.add(op);
        });
        List<String> out = new ArrayList<>();
        for (TlaModule.Operator next : nexts) {
            for (String id : TlaModule.identifiers(body(next))) {
                if (!id.startsWith("Next") && !out.contains(id) && operator(id).isPresent() && primes(id)) out.add(id);
            }
        }
        return out;
    }

    /** The variables {@code action} primes (directly or through the operators it uses), in order of appearance. */
    public Set<String> primed(String action) {
        Set<String> out = new LinkedHashSet<>();
        primed(action, out, new HashSet<>());
        return out;
    }

    private void primed(String op, Set<String> out, Set<String> seen) {
        if (!seen.add(op)) return;
        Optional<TlaModule.Operator> o = operator(op);
        if (o.isEmpty()) return;
        String body = TlaModule.withoutStrings(body(o.get()));
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)'").matcher(body);
        while (mt.find()) out.add(mt.group(1));
        for (String id : TlaModule.identifiers(body)) if (!id.equals(op)) primed(id, out, seen);
    }

    private static String body(TlaModule.Operator o) {
        return o.text().substring(o.text().indexOf("==") + 2);
    }
}
