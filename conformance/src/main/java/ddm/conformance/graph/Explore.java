package ddm.conformance.graph;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.impl.FastTool;

/**
 * The explorer: loads one model with TLC and writes its state graph, every edge labelled with its action and the
 * action's parameter values, as JSON. It runs in a JVM of its own ({@link GraphLoader} starts it), because TLC keeps
 * static state per spec and its entry points exit the JVM.
 *
 * <p>Each edge's label is its split action's ({@link TlcModel}): the action's name and parameter values.
 *
 * <p>Usage: {@code Explore <module.tla> <model.cfg> <out.json> full <maxStates>} explores every reachable state
 * (stopping, incomplete, at maxStates); {@code ... walks <count> <depth> <seed>} takes random walks instead, for
 * models too large to enumerate. The output: {@code constants} and {@code states} (ITF values), {@code vars},
 * {@code init} (state ids),
 * {@code labels}, {@code edges} ({@code [from, label, to]}), {@code expanded} (the states whose every successor is in
 * the graph: not those beyond a state constraint, nor, with walks, those only seen one step off a walk), {@code walks}
 * (edge ids), {@code complete}. A walk records every step out of each state it passes, not only the one it takes.
 */
public final class Explore {

    private final TlcModel model;
    private final FastTool tool;
    private final Action[] actions;
    private final Map<Long, Integer> ids = new HashMap<>();
    private final List<TLCState> states = new ArrayList<>();
    private final List<Integer> init = new ArrayList<>();
    private final List<int[]> edges = new ArrayList<>();
    private final Map<Long, Integer> edgeIds = new HashMap<>();
    private final List<List<Integer>> walks = new ArrayList<>();
    private final BitSet expanded = new BitSet();
    private boolean complete = true;

    private Explore(Path module, Path cfg) {
        this(new TlcModel(module, cfg));
    }

    private Explore(TlcModel model) {
        this.model = model;
        tool = model.tool;
        actions = model.actions;
    }

    /**
     * Writes {@code model}'s constants and initial states to {@code out}, as {@code walks 1 0} does: for a JVM that
     * has loaded the model for another purpose ({@link TraceFollower}) and need not start a second one to explore.
     */
    static void writeInitial(TlcModel model, Path out) throws Exception {
        Explore e = new Explore(model);
        e.walks(1, 0, 1);
        e.write(out);
    }

    private int idOf(TLCState s, ArrayDeque<Integer> queue) {
        long fp = s.fingerPrint();
        Integer id = ids.get(fp);
        if (id != null) return id;
        id = states.size();
        ids.put(fp, id);
        states.add(s);
        if (queue != null && tool.isInModel(s)) queue.add(id);
        return id;
    }

    private int edge(int from, int label, int to) {
        long key = ((long) from * actions.length + label) * Integer.MAX_VALUE + to;
        return edgeIds.computeIfAbsent(key, k -> {
            edges.add(new int[] {from, label, to});
            return edges.size() - 1;
        });
    }

    /**
     * Every step from state {@code from}, as [action, target]; the state is then expanded: all its outgoing edges are
     * in the graph, so an action without one is disabled there (what the refusal check relies on).
     */
    private List<int[]> successors(int from) {
        expanded.set(from);
        List<int[]> out = new ArrayList<>();
        TLCState s = states.get(from);
        for (int a = 0; a < actions.length; a++) {
            StateVec next = tool.getNextStates(actions[a], s);
            for (int k = 0; k < next.size(); k++) {
                TLCState t = next.elementAt(k);
                if (tool.isInActions(s, t)) out.add(new int[] {a, idOf(t, null)});
            }
        }
        return out;
    }

    private void full(int maxStates) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        StateVec is = tool.getInitStates();
        for (int k = 0; k < is.size(); k++) init.add(idOf(is.elementAt(k), queue));
        while (!queue.isEmpty()) {
            if (states.size() > maxStates) {
                complete = false;
                return;
            }
            int from = queue.poll();
            int before = states.size();
            for (int[] succ : successors(from)) edge(from, succ[0], succ[1]);
            for (int id = before; id < states.size(); id++) if (tool.isInModel(states.get(id))) queue.add(id);
        }
    }

    private void walks(int count, int depth, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StateVec is = tool.getInitStates();
        for (int k = 0; k < is.size(); k++) init.add(idOf(is.elementAt(k), null));
        complete = false;
        for (int w = 0; w < count; w++) {
            List<Integer> walk = new ArrayList<>();
            int at = init.get(random.nextInt(init.size()));
            for (int d = 0; d < depth && tool.isInModel(states.get(at)); d++) {
                List<int[]> succ = successors(at);
                if (succ.isEmpty()) break;
                for (int[] s : succ) edge(at, s[0], s[1]);
                int[] pick = succ.get(random.nextInt(succ.size()));
                walk.add(edge(at, pick[0], pick[1]));
                at = pick[1];
            }
            walks.add(walk);
        }
    }

    private void write(Path out) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".graph-", ".tmp");
        try (JsonGenerator g = mapper.getFactory().createGenerator(tmp.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeBooleanField("complete", complete);
            g.writeObjectFieldStart("constants");
            for (Map.Entry<String, JsonNode> c : model.constants().entrySet()) {
                g.writeFieldName(c.getKey());
                mapper.writeTree(g, c.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("vars");
            for (String v : model.vars) g.writeString(v);
            g.writeEndArray();
            g.writeArrayFieldStart("init");
            for (int i : init) g.writeNumber(i);
            g.writeEndArray();
            g.writeArrayFieldStart("labels");
            for (Action a : actions) mapper.writeTree(g, model.labelJson(a));
            g.writeEndArray();
            g.writeArrayFieldStart("states");
            for (TLCState s : states) mapper.writeTree(g, model.stateJson(s));
            g.writeEndArray();
            g.writeArrayFieldStart("edges");
            for (int[] e : edges) g.writeArray(e, 0, 3);
            g.writeEndArray();
            g.writeArrayFieldStart("expanded");
            for (int i = expanded.nextSetBit(0); i >= 0; i = expanded.nextSetBit(i + 1)) g.writeNumber(i);
            g.writeEndArray();
            g.writeArrayFieldStart("walks");
            for (List<Integer> w : walks) g.writeArray(w.stream().mapToInt(Integer::intValue).toArray(), 0, w.size());
            g.writeEndArray();
            g.writeEndObject();
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void main(String[] args) {
        try {
            Explore e = new Explore(Path.of(args[0]), Path.of(args[1]));
            switch (args[3]) {
                case "full" -> e.full(Integer.parseInt(args[4]));
                case "walks" -> e.walks(Integer.parseInt(args[4]), Integer.parseInt(args[5]), Long.parseLong(args[6]));
                default -> throw new IllegalArgumentException("mode " + args[3]);
            }
            e.write(Path.of(args[2]));
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("explore: " + t);
            t.printStackTrace(System.err);
            System.exit(3);
        }
    }
}
