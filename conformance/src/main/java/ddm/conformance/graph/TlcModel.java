package ddm.conformance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ddm.conformance.itf.ItfValues;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tlc2.TLCGlobals;
import tlc2.tool.Action;
import tlc2.tool.TLCState;
import tlc2.tool.impl.FastTool;
import tlc2.util.Context;
import tlc2.util.FP64;
import tlc2.value.impl.Value;
import util.SimpleFilenameToStream;
import util.ToolIO;

/**
 * One model loaded into TLC in this JVM (the explorer's or the trace follower's child JVM; TLC allows one spec per
 * JVM): TLC's tool, the split actions of {@code Next} with their labels, the variables, and conversions of TLC's states
 * and values to ITF.
 *
 * <p>TLC splits {@code Next} into its actions: one {@code tlc2.tool.Action} per disjunct and per binding of the
 * {@code \E} above it, whose context binds the action operator's formal parameters. That is where a label's parameter
 * values come from; TLC's own {@code -dump dot,actionlabels} names the action only.
 */
final class TlcModel {

    final FastTool tool;
    final Action[] actions;
    final List<String> vars = new ArrayList<>();

    TlcModel(Path module, Path cfg) {
        String dir = module.toAbsolutePath().getParent().toString();
        ToolIO.setUserDir(dir);
        FP64.Init(0);
        TLCGlobals.metaDir = System.getProperty("java.io.tmpdir") + File.separator + "meta";
        tool = new FastTool(dir, strip(module, ".tla"), strip(cfg.toAbsolutePath(), ".cfg"), new SimpleFilenameToStream(dir));
        actions = tool.getActions();
        for (var v : tool.getSpecProcessor().getVariablesNodes()) vars.add(v.getName().toString());
    }

    private static String strip(Path p, String ext) {
        String s = p.getFileName().toString();
        String name = s.endsWith(ext) ? s.substring(0, s.length() - ext.length()) : s;
        Path parent = p.toAbsolutePath().getParent();
        return ext.equals(".tla") ? name : parent.resolve(name).toString();
    }

    /** The model's constants that have values, as ITF. */
    Map<String, JsonNode> constants() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (OpDeclNode c : tool.getRootModule().getConstantDecls()) {
            if (tool.lookup(c, Context.Empty, false) instanceof Value value) {
                out.put(c.getName().toString(), TlcToItf.encode(value));
            }
        }
        return out;
    }

    /** Action {@code a}'s label as ITF: {@code {"action": name, "params": {...}}}. */
    ObjectNode labelJson(Action a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        OpApplNode inner = framedAction(a);
        if (inner != null) {
            // TLC names such a disjunct after the operator it is in (a bug model's Next); name it after its action.
            OpDefNode op = (OpDefNode) inner.getOperator();
            o.put("action", op.getName().toString());
            ObjectNode params = o.putObject("params");
            FormalParamNode[] formals = op.getParams();
            for (int k = 0; k < formals.length; k++) {
                if (tool.eval(inner.getArgs()[k], a.con, TLCState.Empty) instanceof Value value) {
                    params.set(formals[k].getName().toString(), TlcToItf.encode(value));
                }
            }
            return o;
        }
        o.put("action", a.getName() == null ? a.getLocation().toString() : a.getName().toString());
        ObjectNode params = o.putObject("params");
        OpDefNode def = a.getOpDef();
        if (def != null) {
            for (FormalParamNode p : def.getParams()) {
                if (a.con.lookup(p) instanceof Value value) params.set(p.getName().toString(), TlcToItf.encode(value));
            }
        }
        return o;
    }

    /**
     * For a split action of the form {@code Act(args) /\ UNCHANGED v} (how a bug model adds a variable to the
     * spec's actions), the application of {@code Act}; null for any other.
     */
    private static OpApplNode framedAction(Action a) {
        if (!(a.pred instanceof OpApplNode conj) || !isOp(conj, "\\land", "$ConjList") || conj.getArgs().length < 2) return null;
        if (!(conj.getArgs()[0] instanceof OpApplNode first) || !(first.getOperator() instanceof OpDefNode op)
                || op.getKind() != ASTConstants.UserDefinedOpKind || op.getParams().length != first.getArgs().length) {
            return null;
        }
        for (int k = 1; k < conj.getArgs().length; k++) {
            if (!(conj.getArgs()[k] instanceof OpApplNode u) || !isOp(u, "UNCHANGED", "$Unchanged")) return null;
        }
        return first;
    }

    private static boolean isOp(OpApplNode n, String... names) {
        String name = n.getOperator().getName().toString();
        for (String x : names) if (x.equals(name)) return true;
        return false;
    }

    /** Action {@code a}'s label, as the harness compares labels. */
    Label label(Action a) {
        ObjectNode o = labelJson(a);
        Map<String, Object> params = new LinkedHashMap<>();
        o.get("params").fields().forEachRemaining(e ->
                params.put(e.getKey(), ItfValues.decode(e.getValue(), "label parameter " + e.getKey())));
        return new Label(o.get("action").asText(), params);
    }

    /** State {@code s} as an ITF object, variable by variable. */
    ObjectNode stateJson(TLCState s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String v : vars) o.set(v, TlcToItf.encode((Value) s.lookup(v)));
        return o;
    }

    /** State {@code s} in the harness's canonical form, comparable with a recorded trace's states. */
    Map<String, Object> canonical(TLCState s) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String v : vars) state.put(v, ItfValues.decode(TlcToItf.encode((Value) s.lookup(v)), v));
        return Values.canonicalState(state);
    }
}
