package ddm.conformance;

import ddm.commit.Nodes;
import ddm.conformance.adapters.ChandyLamportAdapter;
import ddm.conformance.adapters.ChandyLamportRepeatedAdapter;
import ddm.conformance.adapters.EpochAlignmentAdapter;
import ddm.conformance.adapters.PaxosCommitAdapter;
import ddm.conformance.adapters.TwoPhaseAdapter;
import ddm.conformance.adapters.TwoPhaseRecoveryAdapter;
import ddm.conformance.validate.CommitEvents;
import ddm.conformance.validate.EpochEvents;
import ddm.conformance.validate.EpochRuns;
import ddm.conformance.validate.PaxosEvents;
import ddm.conformance.validate.PaxosRuns;
import ddm.conformance.validate.ShardsRuns;
import ddm.conformance.validate.SnapshotEvents;
import ddm.conformance.validate.SnapshotRuns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocols the harness knows: one registration each. The commands look protocols up here and nowhere else, so
 * adding a protocol is adding its files and its line below.
 */
public final class Protocols {

    private static final List<Protocol> ALL = List.of(
            Protocol.replayOnly("twophase", TwoPhaseAdapter::new),
            Protocol.withRuntime("twophase-recovery", TwoPhaseRecoveryAdapter::new, "2PC",
                    (v, n, seed, ms) -> v.commitRuns(Nodes.STANDARD, n, seed, ms), CommitEvents.MODEL),
            Protocol.withRuntime("epoch", EpochAlignmentAdapter::new, "epoch",
                    (v, n, seed, ms) -> EpochRuns.runs(v, EpochRuns.STANDARD, n, seed, ms), EpochEvents.MODEL),
            Protocol.withRuntime("chandylamport", ChandyLamportAdapter::new, "Chandy-Lamport",
                    (v, n, seed, ms) -> SnapshotRuns.runs(v, SnapshotRuns.STANDARD, n, seed, ms), SnapshotEvents.MODEL),
            Protocol.replayOnly("chandylamport-repeated", ChandyLamportRepeatedAdapter::new),
            Protocol.withRuntime("paxoscommit", PaxosCommitAdapter::new, "Paxos Commit",
                    (v, n, seed, ms) -> PaxosRuns.runs(v, PaxosRuns.STANDARD, n, seed, ms), PaxosEvents.MODEL),
            Protocol.simulatedOnly("replicated-shards", "replicated shards (MicroRaft)",
                    (v, n, seed, ms) -> ShardsRuns.runs(v, n, seed)));

    private static final Map<String, Protocol> BY_NAME = new LinkedHashMap<>();

    static {
        for (Protocol p : ALL) BY_NAME.put(p.name(), p);
    }

    private Protocols() {}

    /**
     * The protocol named {@code name}.
     *
     * @throws BadInputException naming the known protocols, if there is none of that name
     */
    public static Protocol byName(String name) {
        Protocol p = BY_NAME.get(name);
        if (p == null) throw new BadInputException("unknown protocol '" + name + "' (known: " + BY_NAME.keySet() + ")");
        return p;
    }

    public static List<Protocol> all() {
        return ALL;
    }

    /** The names of the protocols whose code has a threaded runtime. */
    public static List<String> withRuntime() {
        return ALL.stream().filter(p -> p.runtime().isPresent()).map(Protocol::name).toList();
    }
}
