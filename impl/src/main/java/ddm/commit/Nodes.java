package ddm.commit;

import java.util.function.Function;

/**
 * How a system builds its two-phase-commit nodes. Production code always uses {@link #STANDARD}; the conformance
 * tests pass deliberately broken subclasses of {@link TransactionManager} or {@link ResourceManager} (a TM that
 * commits on a majority of votes, an RM that votes before forcing) to show that the harness catches them. The hook
 * is a constructor argument, so no bug switch lives in a production path.
 *
 * @param tm builds the TM from the RMs' names
 * @param rm builds an RM from its name
 */
public record Nodes(Function<Iterable<String>, TransactionManager> tm, Function<String, ResourceManager> rm) {

    public static final Nodes STANDARD = new Nodes(TransactionManager::new, ResourceManager::new);
}
