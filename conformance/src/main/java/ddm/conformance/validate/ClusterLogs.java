package ddm.conformance.validate;

import ddm.conformance.BadInputException;
import ddm.conformance.events.EventModel;
import ddm.conformance.events.EventValidator;
import ddm.conformance.events.Instances;
import ddm.conformance.events.RunLog;
import ddm.conformance.events.SpecOracle;
import ddm.conformance.graph.StateGraph;
import ddm.trace.Event;
import ddm.trace.Var;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the per-node event logs of a cluster of node processes ({@code ddm cluster}: {@code events/NODE.ndjson},
 * the crashes the supervisor saw appended) against a model: runs of real processes against the spec.
 *
 * <p>Three things stand between such logs and a model. Names: the cluster calls its RMs {@code rm1}, {@code rm2},
 * ...; a model's RMs are its constant {@code RM} ({@code r1}, ...), so the i-th RM of the cluster is the model's i-th,
 * everywhere a name appears (nodes, clocks, message edges, parameters, variables, messages). Length: a run holds
 * hundreds of transactions, each an instance of the spec (which describes one), and a node's crash belongs to every
 * transaction it is in; a node's crashes after its last step in a transaction are left out of it
 * ({@link Instances#split(RunLog, boolean)}). Bounds: a model bounds what a transaction may meet (2PC's
 * {@code MaxCrashes}, its set of RMs, Paxos Commit's acceptors and ballots), a real run does not; a transaction beyond them is
 * counted and reported as such, never searched, so neither passed nor failed.
 */
public final class ClusterLogs {

    /** What one run's logs showed against the model. */
    public record Result(String model, String source, long events, long instances, long accepted,
                         List<String> malformed, List<String> rejected, List<EventValidator.Beyond> beyond,
                         double seconds) {

        public Result {
            malformed = List.copyOf(malformed);
            rejected = List.copyOf(rejected);
            beyond = List.copyOf(beyond);
        }

        /** Every instance within the model's bounds is a behaviour of the spec, and the logs are well formed. */
        public boolean passed() {
            return malformed.isEmpty() && rejected.isEmpty();
        }

        /** The instances beyond the model's bounds, by reason ("3 crashes > MaxCrashes = 2" -> 4). */
        public Map<String, Integer> beyondByReason() {
            Map<String, Integer> out = new TreeMap<>();
            beyond.forEach(b -> out.merge(b.why(), 1, Integer::sum));
            return out;
        }

        /** "3 crashes > MaxCrashes = 2: 4, ..." */
        public static String reasons(Map<String, Integer> byReason) {
            StringBuilder sb = new StringBuilder();
            byReason.forEach((why, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(why).append(": ").append(n));
            return sb.toString();
        }

        public String summary() {
            return String.format(Locale.ROOT, "validated against %s: %d of %d transactions searched and accepted, %d "
                            + "rejected, %d beyond the model's bounds%s%s (%,d events, %.1f s)", model, accepted,
                    instances, rejected.size(), beyond.size(),
                    beyond.isEmpty() ? "" : " (" + reasons(beyondByReason()) + ")",
                    malformed.isEmpty() ? "" : "; the logs are malformed (" + malformed.size() + " problems)", events,
                    seconds);
        }
    }

    private final String modelName;
    private final EventModel model;
    private final EventValidator validator;
    private final Map<String, Object> constants;
    private final ddm.conformance.replay.Coverage coverage;

    /** Validates against {@code graph} (the model named {@code modelName}) with {@code model}'s protocol rules. */
    public ClusterLogs(String modelName, StateGraph graph, EventModel model) {
        this.modelName = modelName;
        this.model = model;
        this.constants = graph.constants();
        this.coverage = new ddm.conformance.replay.Coverage(graph);
        this.validator = new EventValidator(SpecOracle.of(graph), model, ValidateRuns.SEARCH_BUDGET);
    }

    /** The event model of a cluster protocol ({@code 2pc}, {@code paxos}). */
    public static EventModel modelOf(String protocol) {
        return switch (protocol) {
            case "2pc" -> CommitEvents.MODEL;
            case "paxos" -> PaxosEvents.MODEL;
            default -> throw new BadInputException("no event model for protocol " + protocol);
        };
    }

    /**
     * The model's states and edges that the accepted transactions of every run validated so far went through: how
     * much of the spec real runs reach (a soak's campaign, one validator for all its runs).
     */
    public ddm.conformance.replay.Coverage coverage() {
        return coverage;
    }

    /** Reads the run's logs from {@code eventsDir} (a cluster's {@code events} folder) and validates them. */
    public Result validate(Path eventsDir) throws IOException {
        return validate(RunLog.read(eventsDir));
    }

    /** Validates {@code run}, a cluster's logs as the nodes wrote them. */
    public Result validate(RunLog run) {
        long t0 = System.nanoTime();
        RunLog named = named(run, names(run.nodes().keySet(), constants));
        EventValidator.Verdict v = validator.validate(named, coverage, bounds(constants, model), true);
        List<String> rejected = new ArrayList<>();
        if (!v.rejected().isEmpty() || !v.malformed().isEmpty()) {
            String report = validator.report(v);
            if (!report.isEmpty()) rejected.addAll(splitReports(report));
        }
        return new Result(modelName, run.source(), run.size(), v.instances().size() + v.beyond().size(),
                v.accepted(), v.malformed(), v.malformed().isEmpty() ? rejected : List.of(), v.beyond(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** One report per rejected instance (each starts with "REJECTED"). */
    private static List<String> splitReports(String report) {
        List<String> out = new ArrayList<>();
        for (String part : report.split("(?m)^(?=REJECTED )")) if (!part.isBlank()) out.add(part);
        return out;
    }

    /**
     * Null when {@code inst} is within the model's bounds; else why not: a node the model does not have (an RM beyond
     * its set, or an acceptor), an action its spec does not have ({@link EventModel#outside()}), a ballot beyond its
     * {@code Ballot}, or more crashes than {@code MaxCrashes}.
     */
    public static EventValidator.Bounds bounds(Map<String, Object> constants, EventModel model) {
        Set<String> known = modelNodes(constants);
        Long maxBallot = constants.get("Ballot") instanceof Set<?> bs
                ? bs.stream().filter(Long.class::isInstance).mapToLong(Long.class::cast).max().stream().boxed()
                        .findFirst().orElse(null)
                : null;
        return inst -> {
            List<String> unknown = inst.nodes().keySet().stream().filter(n -> !known.contains(n) && !fixedNode(n))
                    .toList();
            if (!unknown.isEmpty()) return "nodes the model does not have: " + unknown;
            Set<String> outside = new TreeSet<>();
            inst.nodes().values().forEach(es -> es.stream().map(Event::action).filter(model.outside()::contains)
                    .forEach(outside::add));
            if (!outside.isEmpty()) return "actions the spec does not have: " + outside;
            if (maxBallot != null) {
                long top = inst.nodes().values().stream().flatMap(List::stream).mapToLong(ClusterLogs::ballot).max()
                        .orElse(-1);
                if (top > maxBallot) return "ballot " + top + " > the model's largest, " + maxBallot;
            }
            if (constants.get("MaxCrashes") instanceof Long max) {
                long crashes = inst.nodes().values().stream().flatMap(List::stream)
                        .filter(e -> model.crashes().contains(e.action())).count();
                if (crashes > max) return crashes + " crashes > MaxCrashes = " + max;
            }
            return null;
        };
    }

    /**
     * The largest ballot {@code e} names (Paxos Commit's leaders' parameter {@code b}, the {@code bal} of every message
     * it sent or consumed), or -1.
     */
    static long ballot(Event e) {
        long top = e.params().get("b") instanceof Number n ? n.longValue() : -1;
        for (List<Object> ms : List.of(e.sent(), e.received())) {
            for (Object m : ms) {
                if (m instanceof Map<?, ?> r && r.get("bal") instanceof Number n) top = Math.max(top, n.longValue());
            }
        }
        return top;
    }

    /** Nodes every model of the protocol has, whatever its constants: 2PC's TM, Paxos Commit's leaders. */
    private static boolean fixedNode(String n) {
        return n.equals("tm") || n.startsWith("leader");
    }

    /** The model's named nodes: its RMs and acceptors. */
    static Set<String> modelNodes(Map<String, Object> constants) {
        Set<String> out = new TreeSet<>();
        for (String c : List.of("RM", "Acceptor")) {
            if (constants.get(c) instanceof Set<?> s) s.forEach(x -> out.add(x.toString()));
        }
        return out;
    }

    private static final Pattern CLUSTER_RM = Pattern.compile("rm([0-9]+)");

    /**
     * The renaming of a cluster's nodes into the model's: {@code rmI} is the model's I-th RM (its constant RM in
     * order), when the model has one and does not call its RMs {@code rmI} already. Other names stay.
     */
    public static Map<String, String> names(Set<String> nodes, Map<String, Object> constants) {
        List<String> rms = new ArrayList<>();
        if (constants.get("RM") instanceof Set<?> s) s.forEach(x -> rms.add(x.toString()));
        rms.sort(java.util.Comparator.comparing(String::length).thenComparing(x -> x));
        Map<String, String> out = new LinkedHashMap<>();
        if (rms.stream().anyMatch(nodes::contains)) return out;
        for (String n : nodes) {
            Matcher m = CLUSTER_RM.matcher(n);
            if (!m.matches()) continue;
            int i = Integer.parseInt(m.group(1));
            if (i >= 1 && i <= rms.size()) out.put(n, rms.get(i - 1));
        }
        return out;
    }

    /** {@code run} with every node name renamed by {@code names}, wherever it appears. */
    public static RunLog named(RunLog run, Map<String, String> names) {
        if (names.isEmpty()) return run;
        Map<String, List<Event>> out = new TreeMap<>();
        run.nodes().forEach((node, es) -> {
            List<Event> renamed = new ArrayList<>(es.size());
            for (Event e : es) renamed.add(renamed(e, names));
            out.put(names.getOrDefault(node, node), renamed);
        });
        return new RunLog(run.source(), out);
    }

    @SuppressWarnings("unchecked")
    private static Event renamed(Event e, Map<String, String> names) {
        Map<String, Long> clock = new LinkedHashMap<>();
        e.clock().forEach((n, c) -> clock.put(names.getOrDefault(n, n), c));
        List<Var> vars = new ArrayList<>();
        for (Var v : e.vars()) {
            vars.add(new Var(v.var(), (List<Object>) value(v.at(), names), value(v.value(), names), v.instance()));
        }
        List<String> from = new ArrayList<>();
        for (String f : e.from()) {
            int hash = f.lastIndexOf('#');
            String n = f.substring(0, hash);
            from.add(names.getOrDefault(n, n) + f.substring(hash));
        }
        Map<String, Object> params = (Map<String, Object>) value(e.params(), names);
        List<Object> sent = (List<Object>) value(e.sent(), names), received = (List<Object>) value(e.received(), names);
        return new Event(names.getOrDefault(e.node(), e.node()), e.seq(), e.action(), params, e.instance(), clock,
                vars, sent, received, from, e.nanos());
    }

    /** A logged value with every string that names a node renamed (node names are no other value of the specs). */
    @SuppressWarnings("unchecked")
    private static Object value(Object v, Map<String, String> names) {
        if (v instanceof String s) return names.getOrDefault(s, s);
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(value(k, names), value(x, names)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(x -> value(x, names)).toList();
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            s.forEach(x -> out.add(value(x, names)));
            return out;
        }
        return v;
    }
}
