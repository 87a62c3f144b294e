package ddm.conformance.graph;

import ddm.conformance.events.SpecOracle;
import ddm.conformance.itf.Label;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * The spec as TLC's next-state relation gives it, for the search over a run's partial order on a model too large to
 * enumerate: states are numbered as the search reaches them (by TLC's fingerprint), and the steps out of a state are
 * computed the first time they are asked for, action by action, each labelled as the explorer labels edges. Lives in
 * the trace follower's child JVM, beside the model TLC loaded there.
 */
final class TlcOracle implements SpecOracle {

    private final TlcModel model;
    private final Label[] labels;
    private final Map<Long, Integer> ids = new HashMap<>();
    private final List<TLCState> states = new ArrayList<>();
    private final List<Map<String, Object>> canonical = new ArrayList<>();
    private final Map<Integer, List<Step>> next = new HashMap<>();
    private final Map<Long, List<Step>> nextByAction = new HashMap<>();
    /** Per action name, the indices of TLC's split actions of that name. */
    private final Map<String, List<Integer>> byName = new HashMap<>();
    private final List<Integer> initial = new ArrayList<>();

    private final Guards guards;

    TlcOracle(TlcModel model, Guards guards) {
        this.model = model;
        this.guards = guards;
        labels = new Label[model.actions.length];
        for (int a = 0; a < labels.length; a++) {
            labels[a] = model.label(model.actions[a]);
            byName.computeIfAbsent(labels[a].action(), n -> new ArrayList<>()).add(a);
        }
        StateVec init = model.tool.getInitStates();
        for (int k = 0; k < init.size(); k++) initial.add(id(init.elementAt(k)));
    }

    private int id(TLCState s) {
        long fp = s.fingerPrint();
        Integer id = ids.get(fp);
        if (id != null) return id;
        id = states.size();
        ids.put(fp, id);
        states.add(s);
        canonical.add(null);
        return id;
    }

    /** TLC's state of {@code id}, for writing it out. */
    TLCState tlcState(int id) {
        return states.get(id);
    }

    @Override
    public List<Integer> initial() {
        return initial;
    }

    @Override
    public List<Step> next(int state) {
        List<Step> cached = next.get(state);
        if (cached != null) return cached;
        List<Step> out = new ArrayList<>();
        TLCState s = states.get(state);
        for (int a = 0; a < model.actions.length; a++) {
            StateVec succ = model.tool.getNextStates(model.actions[a], s);
            for (int k = 0; k < succ.size(); k++) out.add(new Step(labels[a], id(succ.elementAt(k))));
        }
        next.put(state, out);
        return out;
    }

    @Override
    public List<Step> next(int state, String action, Map<String, Object> params) {
        if (next.containsKey(state)) return SpecOracle.super.next(state, action, params);
        List<Integer> actions = byName.get(action);
        if (actions == null) return List.of();
        List<Step> out = new ArrayList<>();
        for (int a : actions) {
            if (!SpecOracle.agrees(labels[a], params)) continue;
            long key = (long) state * labels.length + a;
            List<Step> steps = nextByAction.get(key);
            if (steps == null) {
                steps = new ArrayList<>();
                StateVec succ = model.tool.getNextStates(model.actions[a], states.get(state));
                for (int k = 0; k < succ.size(); k++) steps.add(new Step(labels[a], id(succ.elementAt(k))));
                nextByAction.put(key, steps);
            }
            out.addAll(steps);
        }
        return out;
    }

    @Override
    public Map<String, Object> state(int state) {
        Map<String, Object> c = canonical.get(state);
        if (c == null) {
            c = model.canonical(states.get(state));
            canonical.set(state, c);
        }
        return c;
    }

    @Override
    public boolean expanded(int state) {
        return true;
    }

    @Override
    public List<String> whyDisabled(int state, String action, Map<String, Object> params) {
        List<String> out = new ArrayList<>();
        for (int a : byName.getOrDefault(action, List.of())) {
            // Only the parameters the split action has: a logged parameter the action does not take (a relabelled
            // or misnamed step) must not hide the guard that is false.
            Map<String, Object> own = new HashMap<>(params);
            own.keySet().retainAll(labels[a].params().keySet());
            if (!SpecOracle.agrees(labels[a], own)) continue;
            guards.falseGuard(model.actions[a], states.get(state)).ifPresent(g -> out.add(labels[a] + ": " + g
                    + " is false"));
        }
        return out;
    }
}
