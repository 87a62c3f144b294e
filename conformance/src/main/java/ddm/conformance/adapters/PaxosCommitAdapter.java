package ddm.conformance.adapters;

import ddm.commit.ActionRefused;
import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.commit.paxos.PaxosCommitSystem;
import ddm.commit.paxos.PaxosEvent;
import ddm.conformance.BadInputException;
import ddm.conformance.itf.Label;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.ActionTable;
import ddm.conformance.replay.ProtocolAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * PaxosCommit.tla against {@link PaxosCommitSystem}. RM is {@code DOMAIN rmState}; Acceptor, Ballot (which must be
 * 0..max), MaxDown and LeadersMayStop come from the model's constants (for a trace without them: the acceptors of
 * {@code aState}, ballots 0..3, F = (n-1)/2 down, leaders may stop). Quorums are the majorities of the acceptors.
 *
 * <p>Phase1b(a), Phase2b(a) and Phase2a(b, r) choose, inside the action, a message or a quorum that the step's label
 * does not name, so one label may lead to several spec states. {@link Run#apply(Label, Map)} takes the spec's next
 * state and picks the candidate that reaches it (trying each on a rebuilt system: the implementation is
 * deterministic, so its history replays exactly); {@link Run#apply(Label)} takes the first enabled candidate. Either
 * way a step none of whose candidates is enabled is refused and changes nothing.
 */
public final class PaxosCommitAdapter implements ProtocolAdapter {

    /** Where an action's parameters lead: the concrete candidate events for one label. */
    private static final class Call {
        final PaxosCommitSystem system;
        List<PaxosEvent> candidates;

        Call(PaxosCommitSystem system) {
            this.system = system;
        }
    }

    private static final long TX = PaxosCommitSystem.TX;

    static final ActionTable<Call> ACTIONS = new ActionTable<Call>()
            .on("RMPrepare", "rm", (c, r) -> c.candidates = List.of(new PaxosEvent.RmPrepare(r, TX)))
            .on("RMChooseToAbort", "rm", (c, r) -> c.candidates = List.of(new PaxosEvent.RmChooseToAbort(r, TX)))
            .on("RMRcvCommitMsg", "rm", (c, r) -> c.candidates = List.of(new PaxosEvent.RmRcvCommitMsg(r, TX)))
            .on("RMRcvAbortMsg", "rm", (c, r) -> c.candidates = List.of(new PaxosEvent.RmRcvAbortMsg(r, TX)))
            .onValues("Phase1a", List.of("b", "rm"), (c, p) ->
                    c.candidates = List.of(new PaxosEvent.Phase1a(ballot(p.get(0)), rm(p.get(1)), TX)))
            .onValues("Phase2a", List.of("b", "rm"), (c, p) ->
                    c.candidates = c.system.phase2aChoices(ballot(p.get(0)), rm(p.get(1))))
            .on("Phase1b", "a", (c, a) -> c.candidates = c.system.phase1bChoices(a))
            .on("Phase2b", "a", (c, a) -> c.candidates = c.system.phase2bChoices(a))
            .on("AcceptorCrash", "a", (c, a) -> c.candidates = List.of(new PaxosEvent.AcceptorCrash(a)))
            .on("AcceptorRecover", "a", (c, a) -> c.candidates = List.of(new PaxosEvent.AcceptorRecover(a)))
            .onValues("LeaderStop", List.of("b"), (c, p) ->
                    c.candidates = List.of(new PaxosEvent.LeaderStop(ballot(p.get(0)))));

    private final Function<PaxosCommitSimulation.Setup, PaxosCommitSystem> newSystem;

    public PaxosCommitAdapter() {
        this(PaxosCommitSystem::new);
    }

    /** With another system factory: how tests put a deliberately broken implementation under the harness. */
    public PaxosCommitAdapter(Function<PaxosCommitSimulation.Setup, PaxosCommitSystem> newSystem) {
        this.newSystem = newSystem;
    }

    @Override
    public String protocol() {
        return "paxoscommit";
    }

    @Override
    public List<String> variables() {
        return List.of("rmState", "aState", "p1a", "p1b", "p2a", "p2b", "down", "stopped");
    }

    @Override
    public Instance start(Map<String, Object> initialState) {
        return start(Map.of(), initialState);
    }

    @Override
    public Run start(Map<String, Object> constants, Map<String, Object> initialState) {
        List<String> rms = TwoPhaseAdapter.rms(initialState);
        List<String> acceptors = new ArrayList<>();
        Object acc = constants.get("Acceptor");
        if (acc == null && initialState.get("aState") instanceof Map<?, ?> a && a.get(rms.get(0)) instanceof Map<?, ?> m) {
            acc = m.keySet();
        }
        if (!(acc instanceof Set<?> accSet) || accSet.isEmpty()) {
            throw new BadInputException("no acceptors: neither the constant Acceptor nor aState names them");
        }
        for (Object a : accSet) acceptors.add(ActionTable.string(a, "an acceptor"));
        acceptors.sort(null);
        int maxBallot = 3;
        if (constants.get("Ballot") instanceof Set<?> ballots) {
            TreeSet<Long> bs = new TreeSet<>();
            for (Object b : ballots) bs.add((long) ballot(b));
            maxBallot = Math.toIntExact(bs.last());
            if (bs.first() != 0 || bs.size() != maxBallot + 1) {
                throw new BadInputException("Ballot must be 0..n, not " + Values.show(ballots));
            }
        }
        int maxDown = (acceptors.size() - 1) / 2;
        if (constants.get("MaxDown") instanceof Long n) maxDown = Math.toIntExact(n);
        boolean leadersMayStop = !(constants.get("LeadersMayStop") instanceof Boolean b) || b;
        // Acceptors may recover: only models with AcceptorRecover (SpecR) take that step; the refusal check asks the
        // others' traces nothing about it, since it tries only the actions of the model's graph.
        PaxosCommitSimulation.Setup setup =
                new PaxosCommitSimulation.Setup(rms, acceptors, maxBallot, maxDown, leadersMayStop, true);
        return new Run(setup);
    }

    /** One running implementation, with the concrete events it took (its history, for rebuilding). */
    public final class Run implements Instance {
        private final PaxosCommitSimulation.Setup setup;
        private final List<PaxosEvent> history = new ArrayList<>();
        private PaxosCommitSystem system;

        Run(PaxosCommitSimulation.Setup setup) {
            this.setup = setup;
            this.system = newSystem.apply(setup);
        }

        @Override
        public void apply(Label step) {
            apply(step, null);
        }

        /**
         * Performs the spec step that leads to {@code next} (a canonical state, as the graph and traces hold them),
         * or, with {@code next} null or matched by no candidate, the first enabled candidate.
         */
        @Override
        public void apply(Label step, Map<String, Object> next) {
            Call call = new Call(system);
            ACTIONS.apply(call, step);
            List<PaxosEvent> enabled = call.candidates.stream().filter(system::isEnabled).toList();
            if (enabled.isEmpty()) {
                if (call.candidates.size() == 1) {
                    system.step(call.candidates.get(0));   // refuses, saying why
                }
                throw new ActionRefused(step.toString(), "none of its " + call.candidates.size()
                        + " candidate events is enabled");
            }
            if (next != null && enabled.size() > 1) {
                for (PaxosEvent e : enabled) {
                    PaxosCommitSystem trial = newSystem.apply(setup);
                    history.forEach(trial::step);
                    trial.step(e);
                    if (Values.canonicalState(trial.abstraction()).equals(next)) {
                        system = trial;
                        history.add(e);
                        return;
                    }
                }
            }
            system.step(enabled.get(0));
            history.add(enabled.get(0));
        }

        @Override
        public Map<String, Object> abstraction() {
            return system.abstraction();
        }

        public PaxosCommitSystem system() {
            return system;
        }
    }

    private static int ballot(Object v) {
        if (v instanceof Long n) return Math.toIntExact(n);
        throw new BadInputException("a ballot must be an integer, not " + Values.show(v));
    }

    private static String rm(Object v) {
        return ActionTable.string(v, "an RM name");
    }
}
