package ddm.conformance.validate;

import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Where the advised protocol methods report, and how they are advised.
 *
 * <p>{@link #advise} installs Byte Buddy's agent in this JVM (once) and advises the named methods of a base class and
 * of every subclass (a test's broken node overrides an action and calls {@code super}; the outermost call is the
 * step). Classes already loaded are retransformed; later ones are advised as they load.
 *
 * <p>Two ways to record. A {@linkplain Sink#locked locked} sink linearizes: a call on a node it owns holds one global
 * lock from method entry to exit, so the steps of all nodes, on all threads, happen one at a time, and the order in
 * which the sink hears of them is an order in which they really happened. An unlocked sink hears of each step on the
 * stepping node's own thread, with nothing shared between nodes, and must keep per-node logs ({@link NodeEvents}):
 * the order between nodes is then the one their clocks give, and the validator chooses among the rest. Either way,
 * only the outermost advised call on a thread is a step; a call that ends in an exception (a refused action) is no
 * step and records nothing. The sink must not call advised methods.
 */
public final class Recording {

    /** What recording reports to: steps on the nodes it owns, with the lock held. */
    public interface Sink {
        /** Whether {@code node} belongs to the recorded run (other nodes are neither locked nor recorded). */
        boolean owns(Object node);

        /** An advised method on {@code node} returned normally; called with the recording lock held if locked. */
        void step(Object node, String method, Object[] args, Object returned);

        /** Whether steps are linearized by the global lock (true), or reported on their own threads unlocked. */
        default boolean locked() {
            return true;
        }
    }

    private static final ReentrantLock LOCK = new ReentrantLock();
    /** How deep in advised calls on owned nodes this thread is; only the outermost call is a step. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final AtomicReference<Sink> SINK = new AtomicReference<>();
    private static final AtomicReference<Throwable> SINK_FAILURE = new AtomicReference<>();
    private static final Set<String> ADVISED = new HashSet<>();
    private static Instrumentation instrumentation;

    private Recording() {}

    /**
     * Advises {@code methods} (by name) declared by {@code base} or any subclass of it. Idempotent per base class.
     * Attaching the agent needs either {@code -Djdk.attach.allowAttachSelf=true} or Byte Buddy's helper process,
     * which it starts by itself when self-attachment is not allowed.
     */
    public static synchronized void advise(Class<?> base, Set<String> methods) {
        if (!ADVISED.add(base.getName())) return;
        if (instrumentation == null) instrumentation = ByteBuddyAgent.install();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .type(ElementMatchers.isSubTypeOf(base))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(ActionAdvice.class)
                        .on(ElementMatchers.namedOneOf(methods.toArray(String[]::new))
                                .and(ElementMatchers.not(ElementMatchers.isAbstract()))
                                .and(ElementMatchers.not(ElementMatchers.isStatic())))))
                .installOn(instrumentation);
    }

    /** Makes {@code sink} the one active sink; a second one at the same time is a usage error. */
    public static void start(Sink sink) {
        if (!SINK.compareAndSet(null, sink)) throw new IllegalStateException("another recording is active");
        SINK_FAILURE.set(null);
    }

    /**
     * Stops recording into {@code sink}; rethrows, wrapped, the first exception the sink threw while recording (the
     * advice keeps it away from the protocol threads, which must not see the recorder fail).
     */
    public static void stop(Sink sink) {
        LOCK.lock();
        try {
            SINK.compareAndSet(sink, null);
        } finally {
            LOCK.unlock();
        }
        Throwable t = SINK_FAILURE.getAndSet(null);
        if (t != null) throw new IllegalStateException("the recorder failed: " + t, t);
    }

    /** Called on entry to every advised method. */
    public static void enter(Object node) {
        Sink s = SINK.get();
        if (s == null || !s.owns(node)) return;
        if (s.locked()) LOCK.lock();
        DEPTH.get()[0]++;
    }

    /**
     * Called on exit from every advised method, normal or not. A call entered while no sink owned its node (or
     * before recording started) left no depth behind, and its exit does nothing.
     */
    public static void exit(Object node, String method, Object[] args, Object returned, Throwable thrown) {
        int[] depth = DEPTH.get();
        if (depth[0] == 0) return;
        boolean locked = LOCK.isHeldByCurrentThread();
        try {
            Sink s = SINK.get();
            if (--depth[0] == 0 && s != null && thrown == null) s.step(node, method, args, returned);
        } catch (Throwable t) {
            SINK_FAILURE.compareAndSet(null, t);
        } finally {
            if (locked) LOCK.unlock();
        }
    }
}
