package ddm.sim;

import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Chooses events at random from a seed: same seed, same run. The only randomness of a simulated run lives here.
 */
public final class RandomScheduler {

    private final long seed;
    private final Random random;

    public RandomScheduler(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    /**
     * Runs at most {@code maxSteps} events chosen uniformly among the enabled ones that {@code allowed} accepts, and
     * returns the number of events run (fewer when none is left).
     */
    public <E> int run(Simulated<E> system, int maxSteps, Predicate<? super E> allowed) {
        for (int step = 0; step < maxSteps; step++) {
            List<E> choices = system.enabled().stream().filter(allowed).toList();
            if (choices.isEmpty()) {
                return step;
            }
            system.step(choices.get(random.nextInt(choices.size())));
        }
        return maxSteps;
    }
}
