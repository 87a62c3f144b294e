package ddm.runtime.node;

import ddm.log.MemoryLog;
import ddm.log.RecordLog;
import ddm.runtime.Mailbox;
import ddm.sim.FaultPoint;
import ddm.trace.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The driver of one protocol node, the same on a thread of an in-JVM runtime and in a node process: it takes inputs
 * from the node's mailbox, steps the node's {@link Role} on each, and performs the steps' effects in the order
 * events.md and every spec's atomic step require:
 * <pre>
 *   step the node (pure)  -&gt;  log the event  -&gt;  append its records and force  -&gt;  send its messages
 * </pre>
 * A batch of up to {@code batchMax} inputs shares one force (group commit at the node); the {@link Effector} is what
 * orders the effects (production: {@link Effector#FORCE_THEN_SEND}; tests pass broken ones).
 *
 * <p>Crashes. A crash can fall at the {@link FaultPoint}s inside a batch's effects ({@link FaultPoints} decides from
 * a seed, or {@link #crash(FaultPoint)} asks for the next one) or between batches ({@link #crash(FaultPoint)} with
 * null). What a crash does depends on where the driver runs: {@link OnCrash#IN_PLACE} (threads) performs the node's
 * crash action, logs it, drops what a {@link MemoryLog} did not force and every input taken but not handled, and waits
 * for {@link #recover}; {@link OnCrash#HALT} (a process) halts the JVM at once, as kill -9 would, and the supervisor
 * restarts it, to recover from its data directory only.
 *
 * <p>Threads: {@link #run} is the node's only thread; the other methods may be called from any thread.
 *
 * @param <M> the protocol's wire message type
 */
public final class NodeDriver<M> implements Runnable {

    /** What a crash does: the driver survives it (threads) or the process dies with it. */
    public enum OnCrash { IN_PLACE, HALT }

    /** The exit status of a process that killed itself at a fault point: the same as kill -9's (128 + 9). */
    public static final int KILLED = 137;

    /** Mailbox capacity (inputs), inputs per batch (per force), and the longest wait for an input. */
    public record Config(int mailboxCapacity, int batchMax, long idleMillis) {
        public Config {
            if (mailboxCapacity < 1 || batchMax < 1 || idleMillis < 1) {
                throw new IllegalArgumentException("every driver setting must be positive: " + this);
            }
        }
    }

    sealed interface Input<M> {
        record Deliver<M>(String from, M message, Map<String, Long> clock) implements Input<M> {
        }

        /** Crash at the next {@code at} (null: now, between batches); {@code done} completes once down. */
        record Crash<M>(FaultPoint at, CompletableFuture<Void> done) implements Input<M> {
        }

        record Recover<M>(CompletableFuture<Void> done) implements Input<M> {
        }
    }

    /** Thrown at a fault point where the node dies; caught by the loop (IN_PLACE) before it leaves the batch. */
    private static final class Crashed extends RuntimeException {
        Crashed() {
            super(null, null, false, false);
        }
    }

    private final Role<M> role;
    private final RecordLog log;
    private final Outbox<M> outbox;
    private final StepLog events;
    private final FaultPoints faults;
    private final Effector effector;
    private final Timers timers;
    private final OnCrash onCrash;
    private final Config config;
    private final Consumer<Throwable> onFailure;
    private final Mailbox<Input<M>> inbox;
    private FaultPoint armed;
    /** Batches performed since {@link #armed} was set without passing it. */
    private int armedBatches;
    /** After this many such batches an armed crash falls between batches instead (bounded, like the idle wait). */
    static final int ARMED_BATCHES_MAX = 8;
    private final List<CompletableFuture<Void>> armedDone = new ArrayList<>();
    private volatile long forces;
    private volatile long crashes;

    /**
     * A driver for {@code role}, whose timers are {@code timers}, logging to {@code log}, sending through
     * {@code outbox}, recording to {@code events}; {@code onFailure} hears of a refused action or a failed log, which
     * stop the node (a bug, not a crash).
     */
    public NodeDriver(Role<M> role, Timers timers, RecordLog log, Outbox<M> outbox, StepLog events,
                      FaultPoints faults, Effector effector, OnCrash onCrash, Config config,
                      Consumer<Throwable> onFailure) {
        this.role = role;
        this.timers = timers;
        this.log = log;
        this.outbox = outbox;
        this.events = events;
        this.faults = faults;
        this.effector = effector;
        this.onCrash = onCrash;
        this.config = config;
        this.onFailure = onFailure;
        this.inbox = new Mailbox<>(config.mailboxCapacity());
    }

    public String name() {
        return role.name();
    }

    public Role<M> role() {
        return role;
    }

    /** Delivers a message from the network; never blocks; false if the mailbox was full (the message is lost). */
    public boolean offer(String from, M message, Map<String, Long> clock) {
        return inbox.offer(new Input.Deliver<>(from, message, clock));
    }

    /** Delivers an input that must not be lost (a client's request in a threaded runtime), waiting for room. */
    public void put(String from, M message, Map<String, Long> clock) throws InterruptedException {
        inbox.put(new Input.Deliver<>(from, message, clock));
    }

    /**
     * Crashes the node after the inputs already in its mailbox: at once, between batches ({@code at} null), or at
     * the next fault point {@code at} its effects pass (if it stays idle for {@code idleMillis} first, or performs
     * {@link #ARMED_BATCHES_MAX} batches that do not pass it, between batches). The future completes once the node
     * is down.
     */
    public CompletableFuture<Void> crash(FaultPoint at) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.put(new Input.Crash<>(at, done));
        return done;
    }

    /** Recovers the node from its log after the inputs already in its mailbox; completes once it is up. */
    public CompletableFuture<Void> recover() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.put(new Input.Recover<>(done));
        return done;
    }

    /** Forces performed so far. */
    public long forces() {
        return forces;
    }

    /** Crashes so far (in place). */
    public long crashes() {
        return crashes;
    }

    /**
     * Recovers the node from its log before the loop starts: what a process does when it starts on a data directory
     * that a previous incarnation wrote. The recovery step is logged; its messages are sent.
     */
    public void recoverFromLog() {
        try {
            // A new process holds a node built up, in its initial state; the one that died is down. The crash was
            // logged by whoever saw it happen, so only the node's state changes here, and no event is written.
            role.crash();
            List<Effector.Performed<?>> batch = new ArrayList<>();
            record(batch, List.of(role.recover(readLog())));
            perform(batch);
        } catch (Crashed c) {
            crashNow();
        }
    }

    /** The loop: until the thread is interrupted. */
    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(config.idleMillis()), timers.nanosToNext());
                Input<M> first = inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
                List<Input<M>> inputs = new ArrayList<>();
                if (first != null) {
                    inputs.add(first);
                    inputs.addAll(inbox.drain(config.batchMax() - 1));
                } else if (armed != null && (timers.nanosToNext() > 0 || armedBatches >= ARMED_BATCHES_MAX)) {
                    crashNow();          // asked to crash inside a step, and no step came: crash between steps
                    continue;
                }
                List<Effector.Performed<?>> batch = new ArrayList<>();
                try {
                    for (Input<M> in : inputs) {
                        handle(in, batch);
                    }
                    if (role.isUp()) {
                        for (long key : timers.due()) {
                            record(batch, role.timeout(key));
                        }
                        perform(batch);
                    }
                } catch (Crashed c) {
                    crashNow();          // the rest of the batch and the inputs taken with it die with the node
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error bug) {
            if (bug.getCause() instanceof java.nio.channels.ClosedByInterruptException) {
                return;     // stopped while writing its log (a runtime's close): a stop, not a failure
            }
            onFailure.accept(bug);
            throw bug;
        }
    }

    private void handle(Input<M> in, List<Effector.Performed<?>> batch) {
        if (in instanceof Input.Deliver<M> d) {
            events.received(d.clock());
            if (role.isUp()) {
                record(batch, role.deliver(d.from(), d.message()), List.of(Event.sentBy(d.from(), d.clock())));
            } else {
                for (Step.Send<M> s : role.lost(d.from(), d.message())) {
                    outbox.send(s.to(), s.message(), events.clock());
                }
            }
        } else if (in instanceof Input.Crash<M> c) {
            perform(batch);      // the steps before the request, forced and sent
            batch.clear();
            if (!role.isUp()) {
                c.done().complete(null);
            } else if (c.at() == null) {
                armedDone.add(c.done());
                crashNow();
            } else {
                armed = c.at();
                armedBatches = 0;
                armedDone.add(c.done());
            }
        } else if (in instanceof Input.Recover<M> r) {
            if (!role.isUp()) {
                List<Effector.Performed<?>> recovery = new ArrayList<>();
                record(recovery, List.of(role.recover(readLog())));
                perform(recovery);
            }
            r.done().complete(null);
        }
    }

    private void record(List<Effector.Performed<?>> batch, List<Step<M>> steps) {
        record(batch, steps, List.of());
    }

    /** Logs each step's event; a step that consumed a spec message names its sender's event ({@code from}). */
    private void record(List<Effector.Performed<?>> batch, List<Step<M>> steps, List<String> from) {
        for (Step<M> s : steps) {
            Map<String, Long> clock = s.event() == null ? events.clock()
                    : events.step(s.event(), s.event().received().isEmpty() ? List.of() : from);
            batch.add(new Effector.Performed<>(s, clock));
        }
    }

    private void perform(List<Effector.Performed<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            effector.perform(batch, ops);
        } catch (IOException e) {
            throw new UncheckedIOException("log failed; the node stops", e);
        }
        if (armed != null && ++armedBatches >= ARMED_BATCHES_MAX) {
            crashNow();     // asked to crash inside a step, and none of the last batches passed the point
        }
    }

    /** Whether records were appended since the last force (reset by a crash: a crashed node forces nothing). */
    private boolean appended;
    /** The actions of the steps whose records were appended since the last force. */
    private final java.util.Set<String> forcing = new java.util.TreeSet<>();

    private final Effector.Ops ops = new Effector.Ops() {
        @Override
        public void append(Effector.Performed<?> step, byte[] record) throws IOException {
            log.append(record);
            appended = true;
            String action = step.step().event() == null ? "" : step.step().event().action();
            forcing.add(action);
            passed(FaultPoint.AFTER_APPEND, List.of(action));
        }

        @Override
        public void force() throws IOException {
            if (appended) {
                log.force();
                forces++;
                appended = false;
            }
            List<String> actions = List.copyOf(forcing);
            forcing.clear();
            passed(FaultPoint.AFTER_FORCE, actions);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void send(Effector.Performed<?> step, Step.Send<?> send) {
            outbox.send(send.to(), (M) send.message(), step.clock());
            if (step.step().event() != null) {   // a reply that is no spec step (a status) is not inside a step
                passed(FaultPoint.AFTER_SEND, List.of(step.step().event().action()));
            }
        }
    };

    /** At fault point p, inside the effects of steps of {@code actions}. */
    private void passed(FaultPoint p, List<String> actions) {
        if (armed == p || faults.crashAt(p, actions)) {
            if (onCrash == OnCrash.HALT) {
                outbox.flush();
                System.err.println(role.name() + ": fault point " + p.label() + " reached: crashing here");
                System.err.flush();
                Runtime.getRuntime().halt(KILLED);
            }
            throw new Crashed();
        }
    }

    private List<byte[]> readLog() {
        try {
            return log.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("log unreadable; the node cannot recover", e);
        }
    }

    /** The node crashes in place: its crash action, logged; timers and unforced records lost; down until recover. */
    private void crashNow() {
        armed = null;
        appended = false;
        forcing.clear();
        if (role.isUp()) {
            Step<M> s = role.crash();
            if (s.event() != null) {
                events.step(s.event(), List.of());
            }
            timers.clear();
            if (log instanceof MemoryLog m) {
                m.crash();
            }
            crashes++;
        }
        armedDone.forEach(f -> f.complete(null));
        armedDone.clear();
    }
}
