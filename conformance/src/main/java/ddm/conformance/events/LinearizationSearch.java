package ddm.conformance.events;

import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.trace.Event;
import ddm.trace.VectorClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Is some order of a run's events that respects happens-before a behaviour of the spec? A depth-first search over
 * (how much of each node's log is consumed, spec state), which stops at the first linearization found.
 *
 * <p>From a search state, the next event of a node is <em>ready</em> when every event it depends on (by its clock)
 * is consumed. A ready event moves the spec along a step with its action whose parameters agree with the logged ones
 * and whose target agrees with the variables the node logged; what the node did not log (the network, another node's
 * variables, a parameter at a low logging level) the search fills with whatever the spec allows. A marker (an event
 * that is no spec step, such as a node joining an instance) leaves the spec state as it is and must agree with it. An
 * event that a crash may have cut short (it comes after the node's last step whose messages anyone consumed, and
 * before its crash) may also be dropped, with the rest of its node's events up to the crash: the spec's steps are
 * atomic, so a step cut short either happened or did not, and the node's recovered state decides which.
 *
 * <p>Three things keep the search small. Memoization: a (positions, spec state) pair explored without success is not
 * explored again. Sleep sets (Godefroid): two ready events of different nodes that commute here (each has a single
 * step, each stays possible after the other, and both orders reach one state) need not be tried in both orders; the
 * memo keeps, with each pair, the sleep set it was explored under, and explores it again only for events asleep then
 * and awake now. And an order of trying: ready events by the time their node logged them ({@code nanos}), which is
 * a guess and nothing more, so that a run that passes is usually found on the first path. A budget on search states
 * bounds a run that fails; past it the search gives up and says so.
 */
public final class LinearizationSearch {

    /**
     * How a move consumes an event: a spec step, a marker (no step), a stutter (a repeated action that leaves the
     * spec's state as it is), or a drop of the events cut short by a crash.
     */
    public enum Kind { STEP, MARKER, STUTTER, DROP }

    /** One move of an accepted linearization: {@code event} (its id), how, the spec's label and the state after. */
    public record Move(String event, Kind kind, Label label, int target) {}

    /** A next event at the deepest point the search reached, and why no spec step took it there. */
    public record Pending(String event, String action, String why) {}

    /**
     * Where the search stopped getting further: the most events any explored order consumed ({@code depth}), the
     * longest prefix of each node's log consumed in any explored order, the spec states the deepest orders were in
     * (the candidates, at most a few), and the next events there with the reason each could not be taken.
     */
    public record Frontier(int depth, int events, Map<String, Integer> prefix, List<Integer> states,
                           List<Pending> pending) {}

    /**
     * The verdict on one instance. {@code accepted}: a linearization was found ({@code path}); {@code unchecked}:
     * the search reached a state whose steps the oracle does not know (a random walk's edge) with events left, and
     * accepted the rest unjudged; {@code gaveUp}: the budget ran out first.
     */
    public record Result(String instance, boolean accepted, boolean unchecked, boolean gaveUp, List<Move> path,
                         Frontier frontier, long searched) {}

    private final SpecOracle spec;
    private final EventModel model;
    private final long budget;

    /** A search over {@code spec}'s steps, giving up after {@code budget} search states per instance. */
    public LinearizationSearch(SpecOracle spec, EventModel model, long budget) {
        this.spec = spec;
        this.model = model;
        this.budget = budget;
    }

    // ---- the events, compiled ---------------------------------------------------------------------------------

    private record VarObs(String var, List<Object> at, Object value) {}

    /** One event as the search uses it: its node and place, what it logged (canonical), and what it waits for. */
    private static final class Obs {
        final int node, index, global;
        final Event event;
        final Map<String, Object> params = new LinkedHashMap<>();
        final List<VarObs> vars = new ArrayList<>();
        final List<Object> sent = new ArrayList<>();
        final boolean marker;
        final int[] need;
        int dropTo = -1;

        Obs(int node, int index, int global, Event event, boolean marker, int nodes) {
            this.node = node;
            this.index = index;
            this.global = global;
            this.event = event;
            this.marker = marker;
            this.need = new int[nodes];
            event.params().forEach((k, v) -> params.put(k, Values.canonical(v)));
            for (ddm.trace.Var v : event.vars()) {
                vars.add(new VarObs(v.var(), v.at().stream().map(Values::canonical).toList(),
                        Values.canonical(v.value())));
            }
            for (Object m : event.sent()) sent.add(Values.canonical(m));
        }
    }

    /** A move from a search state: consume event {@code obs} by a step to {@code target} (or a marker, or a drop). */
    private record Trans(Obs obs, Kind kind, Label label, int target) {}

    /** A search state: the spec state and how many events of each node are consumed. */
    private record Key(int state, int[] pos, int hash) {
        static Key of(int state, int[] pos) {
            return new Key(state, pos, 31 * state + Arrays.hashCode(pos));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.state == state && k.hash == hash && Arrays.equals(k.pos, pos);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final class Run {
        final List<String> names;
        final Obs[][] logs;
        final Obs[] all;
        final Map<Key, BitSet> memo = new HashMap<>();
        final Map<Long, List<Trans>> transCache = new HashMap<>();
        long searched;
        int depth = -1;
        final int[] prefix;
        final List<Key> deepest = new ArrayList<>();

        Run(Instances.Instance inst, Map<String, String> dropTo) {
            names = new ArrayList<>(inst.nodes().keySet());
            logs = new Obs[names.size()][];
            List<Obs> flat = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                List<Event> es = inst.nodes().get(names.get(i));
                logs[i] = new Obs[es.size()];
                for (int k = 0; k < es.size(); k++) {
                    Obs o = new Obs(i, k, flat.size(), es.get(k), model.markers().contains(es.get(k).action()),
                            names.size());
                    logs[i][k] = o;
                    flat.add(o);
                }
            }
            all = flat.toArray(Obs[]::new);
            prefix = new int[names.size()];
            // What each event waits for: the events of each other node at or below its clock, in this instance.
            long[][] seqs = new long[names.size()][];
            for (int j = 0; j < names.size(); j++) {
                seqs[j] = Arrays.stream(logs[j]).mapToLong(o -> o.event.seq()).toArray();
            }
            for (Obs o : all) {
                for (int j = 0; j < names.size(); j++) {
                    if (j == o.node) continue;
                    long upTo = VectorClock.get(o.event.clock(), names.get(j));
                    int count = Arrays.binarySearch(seqs[j], upTo);
                    o.need[j] = count >= 0 ? count + 1 : -count - 1;
                }
                String crash = dropTo.get(o.event.id());
                if (crash != null) {
                    for (int k = o.index + 1; k < logs[o.node].length; k++) {
                        if (logs[o.node][k].event.id().equals(crash)) o.dropTo = k;
                    }
                }
            }
        }

        boolean ready(Obs o, int[] pos) {
            for (int j = 0; j < pos.length; j++) {
                if (j != o.node && pos[j] < o.need[j]) return false;
            }
            return true;
        }

        /** The moves that consume {@code o} from spec state {@code s}. */
        List<Trans> transitions(Obs o, int s) {
            long key = (long) o.global << 32 | (s & 0xffffffffL);
            List<Trans> cached = transCache.get(key);
            if (cached != null) return cached;
            List<Trans> out = new ArrayList<>();
            if (o.marker) {
                if (agrees(o, spec.state(s))) out.add(new Trans(o, Kind.MARKER, null, s));
            } else {
                if (model.stutters().contains(o.event.action()) && agrees(o, spec.state(s))
                        && inNetwork(o, spec.state(s))) {
                    out.add(new Trans(o, Kind.STUTTER, null, s));
                }
                for (SpecOracle.Step step : spec.next(s, o.event.action(), o.params)) {
                    if (agrees(o, spec.state(step.target())) && inNetwork(o, spec.state(step.target()))) {
                        out.add(new Trans(o, Kind.STEP, step.label(), step.target()));
                    }
                }
            }
            if (o.dropTo >= 0) out.add(new Trans(o, Kind.DROP, null, s));
            transCache.put(key, out);
            return out;
        }

        /** The one spec move of {@code o} from {@code s}, or null if it has none or several (or may be dropped). */
        Trans single(Obs o, int s) {
            List<Trans> ts = transitions(o, s);
            return ts.size() == 1 && ts.get(0).kind != Kind.DROP ? ts.get(0) : null;
        }

        int[] after(int[] pos, Trans t) {
            int[] p = pos.clone();
            p[t.obs.node] = t.kind == Kind.DROP ? t.obs.dropTo : t.obs.index + 1;
            return p;
        }

        /** Whether {@code d} and {@code t} (of different nodes, each with a single move from s) commute at s. */
        boolean independent(Obs d, Trans t, int s) {
            if (d.node == t.obs.node || t.kind == Kind.DROP) return false;
            Trans td = single(d, s);
            if (td == null || single(t.obs, s) == null) return false;
            Trans dAfter = single(d, t.target);
            Trans tAfter = single(t.obs, td.target);
            return dAfter != null && tAfter != null && dAfter.target == tAfter.target;
        }

        void reached(Key k) {
            int d = Arrays.stream(k.pos).sum();
            for (int i = 0; i < prefix.length; i++) prefix[i] = Math.max(prefix[i], k.pos[i]);
            if (d > depth) {
                depth = d;
                deepest.clear();
            }
            if (d == depth && deepest.size() < 4) deepest.add(k);
        }

        boolean done(int[] pos) {
            for (int i = 0; i < pos.length; i++) if (pos[i] < logs[i].length) return false;
            return true;
        }

        /** The ready events at {@code pos}, in the order to try them: by the time they were logged. */
        List<Obs> readyEvents(int[] pos) {
            List<Obs> out = new ArrayList<>();
            for (int i = 0; i < pos.length; i++) {
                if (pos[i] < logs[i].length && ready(logs[i][pos[i]], pos)) out.add(logs[i][pos[i]]);
            }
            out.sort(Comparator.comparingLong((Obs o) -> o.event.nanos()).thenComparingInt(o -> o.node));
            return out;
        }
    }

    /** One frame of the depth-first search. */
    private static final class Frame {
        final Key key;
        final List<Trans> moves;
        final BitSet sleep;
        final BitSet done = new BitSet();
        int next;

        Frame(Key key, List<Trans> moves, BitSet sleep) {
            this.key = key;
            this.moves = moves;
            this.sleep = sleep;
        }
    }

    /**
     * Searches instance {@code inst} of a run; {@code dropTo} maps the id of each event a crash may have cut short to
     * the id of that crash ({@link #cutShort}).
     */
    public Result search(Instances.Instance inst, Map<String, String> dropTo) {
        Run run = new Run(inst, dropTo);
        for (int s0 : spec.initial()) {
            Result r = from(run, inst.name(), s0);
            if (r != null) return r;
            if (run.searched > budget) break;
        }
        return new Result(inst.name(), false, false, run.searched > budget, List.of(), frontier(run), run.searched);
    }

    private Result from(Run run, String instance, int s0) {
        Deque<Frame> stack = new ArrayDeque<>();
        Frame root = enter(run, Key.of(s0, new int[run.logs.length]), new BitSet());
        if (root == null) return null;
        stack.push(root);
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (run.done(f.key.pos)) return accepted(run, instance, stack, false);
            if (!spec.expanded(f.key.state)) return accepted(run, instance, stack, true);
            if (f.next == f.moves.size()) {
                stack.pop();
                continue;
            }
            Trans t = f.moves.get(f.next++);
            BitSet childSleep = new BitSet();
            BitSet candidates = (BitSet) f.sleep.clone();
            candidates.or(f.done);
            for (int g = candidates.nextSetBit(0); g >= 0; g = candidates.nextSetBit(g + 1)) {
                if (run.independent(run.all[g], t, f.key.state)) childSleep.set(g);
            }
            if (t.kind != Kind.DROP && run.single(t.obs, f.key.state) == t) f.done.set(t.obs.global);
            Frame child = enter(run, Key.of(t.target, run.after(f.key.pos, t)), childSleep);
            if (child != null) stack.push(child);
            if (run.searched > budget) return null;
        }
        return null;
    }

    /** A frame for search state {@code k} under sleep set {@code sleep}, or null if the memo says it is explored. */
    private Frame enter(Run run, Key k, BitSet sleep) {
        BitSet before = run.memo.get(k);
        if (before != null) {
            BitSet wasAsleep = (BitSet) before.clone();
            wasAsleep.andNot(sleep);
            if (wasAsleep.isEmpty()) return null;   // everything awake now was explored then
            sleep = (BitSet) sleep.clone();
            sleep.and(before);
        }
        run.memo.put(k, sleep);
        run.searched++;
        run.reached(k);
        List<Trans> moves = new ArrayList<>();
        for (Obs o : run.readyEvents(k.pos)) {
            if (sleep.get(o.global)) continue;
            moves.addAll(run.transitions(o, k.state));
        }
        return new Frame(k, moves, sleep);
    }

    private Result accepted(Run run, String instance, Deque<Frame> stack, boolean unchecked) {
        List<Frame> frames = new ArrayList<>(stack);
        java.util.Collections.reverse(frames);
        List<Move> path = new ArrayList<>();
        for (int i = 0; i < frames.size() - 1; i++) {
            Trans t = frames.get(i).moves.get(frames.get(i).next - 1);
            path.add(new Move(t.obs.event.id(), t.kind, t.label, t.target));
        }
        return new Result(instance, true, unchecked, false, path, frontier(run), run.searched);
    }

    private Frontier frontier(Run run) {
        Map<String, Integer> prefix = new TreeMap<>();
        for (int i = 0; i < run.names.size(); i++) prefix.put(run.names.get(i), run.prefix[i]);
        Set<Integer> states = new LinkedHashSet<>();
        List<Pending> pending = new ArrayList<>();
        Set<String> said = new java.util.HashSet<>();
        for (Key k : run.deepest) {
            states.add(k.state);
            for (int i = 0; i < k.pos.length; i++) {
                if (k.pos[i] >= run.logs[i].length) continue;
                Obs o = run.logs[i][k.pos[i]];
                String why = run.ready(o, k.pos) ? whyNot(run, o, k.state) : waitsFor(run, o, k.pos);
                if (said.add(o.event.id() + why)) pending.add(new Pending(o.event.id(), o.event.action(), why));
            }
        }
        return new Frontier(Math.max(run.depth, 0), run.all.length, prefix, List.copyOf(states), pending);
    }

    private static String waitsFor(Run run, Obs o, int[] pos) {
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < pos.length; j++) {
            if (j != o.node && pos[j] < o.need[j]) missing.add(run.logs[j][o.need[j] - 1].event.id());
        }
        return "waits for " + String.join(", ", missing) + " (its clock is " + o.event.clock() + ")";
    }

    /**
     * Why ready event {@code o} has no move from {@code s}: no step of its action (and which guard is false, if the
     * spec can say), or each one's differences; and, if one more step of the spec would let it happen, that step: a
     * step no node logged, which the search never makes up.
     */
    private String whyNot(Run run, Obs o, int s) {
        String why = whyNotHere(run, o, s);
        List<String> unlogged = new ArrayList<>();
        for (SpecOracle.Step step : spec.next(s)) {
            boolean enables = run.transitions(o, step.target()).stream().anyMatch(t -> t.kind != Kind.DROP);
            if (enables && !unlogged.contains(step.label().toString())) unlogged.add(step.label().toString());
            if (unlogged.size() == 3) break;
        }
        return unlogged.isEmpty() ? why : why + "; it could follow an unlogged step " + String.join(" or ", unlogged)
                + " (the search fills what nodes did not log, never a step)";
    }

    private String whyNotHere(Run run, Obs o, int s) {
        if (!run.transitions(o, s).isEmpty()) return "taken here in some order, but no order went on from there";
        if (o.marker) return "it is no step, and the state disagrees: " + String.join("; ", disagreements(o, spec.state(s)));
        List<String> ways = new ArrayList<>();
        for (SpecOracle.Step step : spec.next(s, o.event.action(), Map.of())) {
            List<String> d = new ArrayList<>();
            o.params.forEach((k, v) -> {
                Object specV = step.label().params().get(k);
                if (!v.equals(specV)) d.add("parameter " + k + ": spec " + show(specV) + ", logged " + Values.show(v));
            });
            d.addAll(disagreements(o, spec.state(step.target())));
            for (Object m : o.sent) {
                if (!inNetwork(m, spec.state(step.target()))) d.add("sent " + Values.show(m) + ", which the spec's step "
                        + "does not put in the network");
            }
            ways.add(step.label() + ": " + String.join("; ", d));
            if (ways.size() == 4) break;
        }
        if (ways.isEmpty()) {
            List<String> guards = spec.whyDisabled(s, o.event.action(), o.params);
            return "the spec does not allow " + o.event.action() + " here"
                    + (guards.isEmpty() ? "" : ": " + String.join("; ", guards));
        }
        return "the spec's " + String.join(" | ", ways);
    }

    private static String show(Object v) {
        return v == null ? "none" : Values.show(v);
    }

    // ---- agreement of an event with the spec -------------------------------------------------------------------

    /**
     * Whether every message {@code o} logged as sent is in the network of {@code state}: in one of its network
     * variables, each a set of messages (2PC's msgs) or a function to sequences of them (a FIFO channel per key).
     * After a step, what it sent is in flight; before a stutter, it was already.
     */
    private boolean inNetwork(Obs o, Map<String, Object> state) {
        for (Object m : o.sent) if (!inNetwork(m, state)) return false;
        return true;
    }

    private boolean inNetwork(Object m, Map<String, Object> state) {
        for (String v : model.network()) {
            Object x = state.get(v);
            if (x instanceof Set<?> set && set.contains(m)) return true;
            if (x instanceof Map<?, ?> channels) {
                for (Object q : channels.values()) if (q instanceof List<?> l && l.contains(m)) return true;
            }
        }
        return false;
    }

    private static boolean agrees(Obs o, Map<String, Object> state) {
        for (VarObs v : o.vars) {
            if (!v.value.equals(at(state.get(v.var), v.at))) return false;
        }
        return true;
    }

    private static List<String> disagreements(Obs o, Map<String, Object> state) {
        List<String> out = new ArrayList<>();
        for (VarObs v : o.vars) {
            Object specV = at(state.get(v.var), v.at);
            if (!v.value.equals(specV)) {
                out.add(v.var + v.at.stream().map(k -> "[" + Values.show(k) + "]").reduce("", String::concat)
                        + ": spec " + show(specV) + ", logged " + Values.show(v.value));
            }
        }
        return out;
    }

    /** The value at path {@code at} inside {@code v} (functions by key, sequences by index from 1); null if none. */
    static Object at(Object v, List<Object> at) {
        for (Object k : at) {
            if (v instanceof Map<?, ?> m) {
                v = m.get(k);
            } else if (v instanceof List<?> l && k instanceof Long i && i >= 1 && i <= l.size()) {
                v = l.get((int) (i - 1));
            } else {
                return null;
            }
        }
        return v;
    }

    /**
     * The events a crash may have cut short, each mapped to the id of that crash: a node's events after its last step
     * whose messages some step consumed (or its last step of the whole node) and before its crash. {@code crashes}
     * names the crash actions.
     */
    public static Map<String, String> cutShort(RunLog run, Set<String> crashes) {
        Set<String> consumed = Instances.consumed(run);
        Map<String, String> out = new HashMap<>();
        run.nodes().forEach((node, events) -> {
            int hard = -1;
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                if (e.instance() == null && crashes.contains(e.action())) {
                    for (int k = hard + 1; k < i; k++) out.put(events.get(k).id(), e.id());
                    hard = i;
                } else if (e.instance() == null || consumed.contains(e.id())) {
                    hard = i;
                }
            }
        });
        return out;
    }
}
