package ddm.conformance.adapters;

import ddm.conformance.BadInputException;
import ddm.conformance.replay.ProtocolAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The protocols the harness knows, by the name the CLI and {@code specs/models.json} use. */
public final class Adapters {

    private static final Map<String, Supplier<ProtocolAdapter>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("twophase", TwoPhaseAdapter::new);
        ALL.put("twophase-recovery", TwoPhaseRecoveryAdapter::new);
        ALL.put("epoch", EpochAlignmentAdapter::new);
        ALL.put("chandylamport", ChandyLamportAdapter::new);
        ALL.put("paxoscommit", PaxosCommitAdapter::new);
    }

    private Adapters() {}

    public static ProtocolAdapter byName(String protocol) {
        Supplier<ProtocolAdapter> s = ALL.get(protocol);
        if (s == null) throw new BadInputException("unknown protocol '" + protocol + "' (known: " + ALL.keySet() + ")");
        return s.get();
    }

    /**
     * Whether {@code protocol} has an adapter, so that its models' traces are replayed (spec to code). The replicated
     * shards have none: MicroRaft's steps are the simulator's to choose, and steering them onto a given spec trace is
     * not done; their runs are validated instead (code to spec, {@code validate}).
     */
    public static boolean replays(String protocol) {
        return ALL.containsKey(protocol);
    }

    public static Iterable<String> names() {
        return ALL.keySet();
    }
}
