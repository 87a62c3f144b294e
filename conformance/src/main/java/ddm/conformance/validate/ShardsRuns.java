package ddm.conformance.validate;

import ddm.commit.shards.Leaders;
import ddm.commit.shards.Placement;
import ddm.commit.shards.ShardEvent;
import ddm.commit.shards.ShardsSimulation;
import ddm.conformance.BadInputException;
import ddm.conformance.graph.StateGraph;
import ddm.conformance.itf.ItfTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Seeded runs of 2PC over MicroRaft-replicated shards in the deterministic simulator ({@link ShardsSimulation}),
 * recorded by {@link ShardsRecorder} and validated against a ReplicatedShards model. The library is stepped by the
 * simulator, so a run is reproduced exactly by its seed. Each seed chooses whether and when a data centre is lost
 * (at most the model's MaxLost) and which; every other choice (which message or timer MicroRaft handles next, whether
 * an RM prepares or aborts, when the TM times out) is drawn from the seed at each step. A run that does not decide
 * every RM within its step budget is unfinished.
 */
public final class ShardsRuns {

    /** Steps a run may take; MicroRaft's traffic makes most of them stutters. */
    static final int MAX_STEPS = 20_000;

    /** One run's shape: after how many events each loss happens (none: empty), and which data centres. */
    public record Settings(List<Integer> lossAfter, List<String> lostDcs) {

        static Settings random(long seed, List<String> dcs, long maxLost) {
            Random r = new Random(seed * 0x9E3779B97F4A7C15L + 3);
            List<Integer> after = new ArrayList<>();
            List<String> which = new ArrayList<>();
            List<String> left = new ArrayList<>(dcs);
            int at = 0;
            for (int i = 0; i < maxLost && r.nextInt(4) != 0; i++) {
                at += r.nextInt(60);
                after.add(at);
                which.add(left.remove(r.nextInt(left.size())));
            }
            return new Settings(List.copyOf(after), List.copyOf(which));
        }

        @Override
        public String toString() {
            if (lossAfter.isEmpty()) return "no data centre lost";
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lossAfter.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(lostDcs.get(i)).append(" lost after ").append(lossAfter.get(i))
                        .append(" events");
            }
            return sb.toString();
        }
    }

    /** A recorded run: its seed, settings, trace, and (if not every RM decided) what it reached. */
    public record Run(long seed, Settings settings, ItfTrace trace, String unfinished, List<String> problems)
            implements ValidateRuns.OneTrace {}

    /** What a ReplicatedShards model fixes: RMs, slots, data centres, placement, MaxLost. */
    public record Shape(List<String> rms, List<String> slots, List<String> dcs, Placement placement, long maxLost) {

        /** From a ReplicatedShards model's constants (Place, if TLC shows it; else slot i in data centre i). */
        public static Shape of(StateGraph model) {
            Map<String, Object> c = model.constants();
            if (!(c.get("RM") instanceof Set<?> rms) || !(c.get("Slot") instanceof Set<?> slots)
                    || !(c.get("DC") instanceof Set<?> dcs) || !(c.get("MaxLost") instanceof Long maxLost)) {
                throw new BadInputException("not a ReplicatedShards model (no RM, Slot, DC or MaxLost)");
            }
            List<String> rmList = sorted(rms), slotList = sorted(slots), dcList = sorted(dcs);
            Placement p = Placement.onePerDataCentre(ShardsRuns.groups(rmList), slotList, dcList);
            if (c.get("Place") instanceof Map<?, ?> place) {
                Map<String, Map<String, String>> m = new TreeMap<>();
                place.forEach((g, s) -> {
                    Map<String, String> slotsOf = new TreeMap<>();
                    ((Map<?, ?>) s).forEach((k, v) -> slotsOf.put(k.toString(), v.toString()));
                    m.put(g.toString(), slotsOf);
                });
                p = new Placement(m);
            }
            return new Shape(rmList, slotList, dcList, p, maxLost);
        }

        private static List<String> sorted(Set<?> s) {
            return new TreeSet<>(s.stream().map(Object::toString).toList()).stream().toList();
        }
    }

    static List<String> groups(List<String> rms) {
        List<String> gs = new ArrayList<>(rms);
        gs.add(ShardsSimulation.TM);
        return gs;
    }

    private ShardsRuns() {}

    /**
     * One run of seed {@code seed} on {@code shape}, the placement changed by {@code placement} (tests pass one that
     * puts two replicas of a shard in one data centre; production passes the identity) and new leaders from
     * {@code leaders}.
     */
    public static Run run(Shape shape, UnaryOperator<Placement> placement, Leaders leaders, long seed,
                          Map<String, Object> constants) {
        Settings s = Settings.random(seed, shape.dcs(), shape.maxLost());
        ShardsSimulation sim = new ShardsSimulation(shape.rms(), placement.apply(shape.placement()),
                Math.toIntExact(shape.maxLost()), leaders, seed);
        sim.begin(1);
        ShardsRecorder rec = new ShardsRecorder(sim, 1);
        Random r = new Random(seed);
        List<String> problems = new ArrayList<>();
        int losses = 0;
        for (int step = 0; step < MAX_STEPS; step++) {
            if (losses < s.lossAfter().size() && step >= s.lossAfter().get(losses)) {
                rec.step(new ShardEvent.LoseDataCentre(s.lostDcs().get(losses++)));
                continue;
            }
            List<ShardEvent> choices = sim.enabled().stream()
                    .filter(e -> !(e instanceof ShardEvent.LoseDataCentre)).toList();
            if (choices.isEmpty()) break;
            ShardEvent next = choices.get(r.nextInt(choices.size()));
            if (isAbort(next) && r.nextInt(ABORT_ODDS) != 0) {
                next = choices.get(r.nextInt(choices.size()));   // aborts are rarer, so that runs commit too
            }
            try {
                rec.step(next);
            } catch (RuntimeException e) {
                problems.add("the simulation failed at step " + step + ": " + e);
                break;
            }
        }
        String unfinished = rec.decided() ? "" : "not every RM decided: " + rec.last().get("rmState");
        return new Run(seed, s, rec.trace(constants, "shards run seed " + seed), unfinished, problems);
    }

    /** {@code runs} runs, seeds {@code seed}, {@code seed + 1}, ..., validated by {@code v}. */
    public static ValidateRuns.Result runs(ValidateRuns v, UnaryOperator<Placement> placement, Leaders leaders,
                                           int runs, long seed, boolean untilCaught) throws InterruptedException {
        StateGraph graph = v.validator().graph();
        Shape shape = Shape.of(graph);
        return v.record(sd -> run(shape, placement, leaders, sd, graph.constants()), runs, seed, 0, untilCaught);
    }

    /** Runs with the standard placement and leaders. */
    public static ValidateRuns.Result runs(ValidateRuns v, int runs, long seed) throws InterruptedException {
        return runs(v, UnaryOperator.identity(), Leaders.STANDARD, runs, seed, false);
    }

    /** Of the draws that pick an RM's or the TM's abort, all but one in this many draw again. */
    static final int ABORT_ODDS = 4;

    private static boolean isAbort(ShardEvent e) {
        return e instanceof ShardEvent.Step s && (s.event() instanceof ddm.commit.CommitEvent.RmChooseToAbort
                || s.event() instanceof ddm.commit.CommitEvent.TmAbort);
    }

    /** A one-line summary of a run's settings, for messages. */
    static String describe(Run r) {
        return String.format(Locale.ROOT, "seed %d (%s)", r.seed(), r.settings());
    }
}
