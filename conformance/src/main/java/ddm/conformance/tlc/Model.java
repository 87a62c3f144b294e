package ddm.conformance.tlc;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One entry of {@code specs/models.json}: a TLC model (a module and a cfg) with what it is expected to show.
 *
 * @param name           unique, used on the command line ({@code make tlc MODEL=name}) and for the run folder
 * @param module         the root module, relative to the repository root
 * @param config         the cfg, relative to the repository root
 * @param expect         what TLC must report
 * @param tier           {@code ci} (checked by {@code make tlc} and CI) or {@code large} ({@code make tlc TIER=large})
 * @param distinctStates the distinct states TLC reports with one worker; required for {@code ci} models, and a
 *                       changed count is a failure (the model, or the spec under it, changed)
 * @param violates       for a model expected to fail a safety check: the invariant or property TLC must name
 * @param workers        TLC worker threads (default 1, so that a failing model's counts are deterministic)
 * @param shows          what the model demonstrates, in a phrase (README's model table prints it)
 * @param protocol       the conformance adapter that replays this model's traces against the code, if any
 * @param walks          for a model too large to enumerate: the random walks conformance takes instead of a path
 *                       cover of the whole graph
 * @param simulation     for a model too large to count: the TLC simulation that stands in for the count, and what
 *                       it reached
 */
public record Model(String name, String module, String config, Expect expect, Tier tier,
                    OptionalLong distinctStates, Optional<String> violates, int workers, String shows,
                    Optional<String> protocol, Optional<Walks> walks, Optional<Simulation> simulation) {

    public Model(String name, String module, String config, Expect expect, Tier tier, OptionalLong distinctStates,
                 Optional<String> violates, int workers, String shows, Optional<String> protocol,
                 Optional<Walks> walks) {
        this(name, module, config, expect, tier, distinctStates, violates, workers, shows, protocol, walks,
                Optional.empty());
    }

    /** Random walks: how many, how deep at most, and the seed that makes them the same every time. */
    public record Walks(int count, int depth, long seed) {}

    /**
     * A TLC simulation: {@code behaviours} random behaviours of at most {@code depth} steps from {@code seed}, with
     * one worker (the same every time), and the distinct states they reached (TLC's fingerprints: up to the model's
     * symmetry and view), which is not a count of the model's states; {@code reached} is empty until measured.
     */
    public record Simulation(int behaviours, int depth, long seed, OptionalLong reached) {}

    /** This model without its distinct-state count (nothing to compare a run's count with). */
    public Model withoutCount() {
        return new Model(name, module, config, expect, tier, OptionalLong.empty(), violates, workers, shows, protocol,
                walks, simulation);
    }

    /** This model expecting {@code e} and no named violation. */
    public Model expecting(Expect e) {
        return new Model(name, module, config, e, tier, distinctStates, Optional.empty(), workers, shows, protocol,
                walks, simulation);
    }

    /** The result TLC must report, with the exit code that TLC uses for it. */
    public enum Expect {
        PASS(0), DEADLOCK(11), SAFETY(12), LIVENESS(13);

        public final int exitCode;

        Expect(int exitCode) {
            this.exitCode = exitCode;
        }

        public static Optional<Expect> ofExitCode(int code) {
            for (Expect e : values()) if (e.exitCode == code) return Optional.of(e);
            return Optional.empty();
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Tier { CI, LARGE }

    public static List<String> expectWords() {
        return List.of("pass", "safety", "liveness", "deadlock");
    }
}
