package ddm.conformance.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.LevelNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.st.Location;
import tlc2.tool.Action;
import tlc2.tool.TLCState;
import tlc2.value.impl.BoolValue;

/**
 * Why an action is disabled in a state, in the spec's own words: the first conjunct of the action's body that reads
 * no primed variable (a guard) and is FALSE there, quoted from the spec with its line. TLC evaluates each guard with
 * the action's parameters bound as its split action binds them. A conjunct that TLC cannot evaluate on one state (it
 * reads a primed variable, or fails) is passed over: the answer is then the first guard that is certainly false, or
 * nothing, when every guard holds and the step fails on what it writes.
 */
final class Guards {

    private final TlcModel model;
    private final Path dir;
    private final Map<String, List<String>> files = new HashMap<>();

    Guards(TlcModel model, Path dir) {
        this.model = model;
        this.dir = dir;
    }

    /** The false guard of split action {@code a} in {@code s}, quoted ("`rmState[rm] = \"prepared\"` (line 226)"). */
    Optional<String> falseGuard(Action a, TLCState s) {
        OpDefNode def = a.getOpDef();
        SemanticNode body = def != null ? def.getBody() : a.pred;
        for (SemanticNode c : conjuncts(body)) {
            if (c instanceof LevelNode l && l.getLevel() > 1) continue;   // reads a primed variable: not a guard
            try {
                if (model.tool.eval(c, a.con, s) instanceof BoolValue b && !b.val) return Optional.of(quote(c));
            } catch (RuntimeException cannot) {
                // not evaluable on one state: passed over
            }
        }
        return Optional.empty();
    }

    /** The conjuncts of {@code n}, flattened through nested conjunctions. */
    private static List<SemanticNode> conjuncts(SemanticNode n) {
        List<SemanticNode> out = new ArrayList<>();
        if (n instanceof OpApplNode app) {
            String op = app.getOperator().getName().toString();
            if (op.equals("$ConjList") || op.equals("\\land")) {
                for (ExprOrOpArgNode arg : app.getArgs()) out.addAll(conjuncts(arg));
                return out;
            }
        }
        out.add(n);
        return out;
    }

    /** The spec's text of {@code n}, on one line, with its line number. */
    private String quote(SemanticNode n) {
        Location loc = n.getLocation();
        List<String> lines = files.computeIfAbsent(loc.source(), src -> {
            try {
                return Files.readAllLines(dir.resolve(src + ".tla"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of();
            }
        });
        if (lines.size() < loc.endLine() || loc.beginLine() < 1) return n.toString();
        StringBuilder sb = new StringBuilder();
        for (int l = loc.beginLine(); l <= loc.endLine(); l++) {
            String line = lines.get(l - 1);
            int from = l == loc.beginLine() ? loc.beginColumn() - 1 : 0;
            int to = l == loc.endLine() ? Math.min(line.length(), loc.endColumn()) : line.length();
            if (from < to) sb.append(sb.length() == 0 ? "" : " ").append(line.substring(from, to).strip());
        }
        return "`" + sb + "` (" + loc.source() + ".tla line " + loc.beginLine() + ")";
    }
}
