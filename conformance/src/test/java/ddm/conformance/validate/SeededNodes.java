package ddm.conformance.validate;

import ddm.commit.Nodes;
import ddm.commit.ResourceManager;
import ddm.commit.TransactionManager;
import java.lang.reflect.Constructor;

/**
 * The seeded 2PC bugs of {@code ddm.conformance.commit.BrokenCommit} (the same classes replay is tested with), built
 * into {@link Nodes} for the threaded runtime. BrokenCommit is package-private in another test package, so its
 * nested classes are reached by name; a renamed class fails here loudly.
 */
final class SeededNodes {

    private SeededNodes() {}

    private static Constructor<?> constructor(String name, Class<?> arg) {
        try {
            Constructor<?> c = Class.forName("ddm.conformance.commit.BrokenCommit$" + name).getDeclaredConstructor(arg);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no seeded bug BrokenCommit." + name, e);
        }
    }

    /** Standard RMs and the broken TM {@code BrokenCommit.<name>}. */
    static Nodes tm(String name) {
        Constructor<?> c = constructor(name, Iterable.class);
        return new Nodes(rms -> {
            try {
                return (TransactionManager) c.newInstance(rms);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }, ResourceManager::new);
    }

    /** The standard TM and broken RMs {@code BrokenCommit.<name>}. */
    static Nodes rm(String name) {
        Constructor<?> c = constructor(name, String.class);
        return new Nodes(TransactionManager::new, rm -> {
            try {
                return (ResourceManager) c.newInstance(rm);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
