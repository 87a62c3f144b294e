package ddm.flink;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.runtime.checkpoint.CheckpointMetaData;
import org.apache.flink.runtime.checkpoint.CheckpointMetricsBuilder;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.channel.InputChannelInfo;
import org.apache.flink.runtime.io.network.partition.consumer.CheckpointableInput;
import org.apache.flink.runtime.persistence.PossibleInconsistentStateException;
import org.apache.flink.streaming.runtime.tasks.StreamTask;

/**
 * Historical bugs re-introduced into what Flink does (not into what the recorder logs), by Byte Buddy advice inlined
 * into Flink's classes in the test JVM only; each is off until a test switches it on for one run ({@link #active}),
 * and Flink's jars stay as published. Checked against Flink 2.3.0 with {@code javap -p} and its sources:
 * <ul>
 *   <li>{@link Bug#RESUME_ON_BARRIER} (the effect of FLINK-17568, data after a barrier consumed before the
 *       checkpoint): a channel's consumption resumes as soon as its barrier is in, not after the snapshot.
 *       {@code ChannelState.blockChannel} is skipped (so the handler does not hold the channel, nor resume it
 *       again later), and {@code SingleCheckpointBarrierHandler.processBarrier} resumes the channel on its way out;
 *   <li>{@link Bug#RESUME_BEFORE_SNAPSHOT}: the channels are resumed before the snapshot. The barrier handler
 *       resumes them after it asked the task to checkpoint, as it does; {@code StreamTask.triggerCheckpointOnBarrier}
 *       defers the checkpoint (forward, snapshot, acknowledge) to a mail 150 ms later, so the task takes records from
 *       its resumed channels first;
 *   <li>{@link Bug#RESTORE_UNCOMPLETED} (the case FLINK-22494 added that exception for: a store write that failed
 *       but may have gone through, so that the store holds a checkpoint the coordinator never declared complete):
 *       once, the checkpoint store's {@code addCheckpointAndSubsumeOldestOne} adds the checkpoint
 *       and then throws Flink's own {@code PossibleInconsistentStateException}. The coordinator's completion fails
 *       (it never declares the checkpoint complete) but keeps it in the store, since it may be there; later adds
 *       are refused before they touch the store, so it stays the store's latest; and the job is made to fail at its next record, so that the
 *       restore after it picks that checkpoint.
 * </ul>
 */
public final class FlinkBugs {

    /** The bugs; one at most on at a time. */
    public enum Bug { NONE, RESUME_ON_BARRIER, RESUME_BEFORE_SNAPSHOT, RESTORE_UNCOMPLETED }

    /** The bug on for the current run. */
    public static volatile Bug active = Bug.NONE;

    /** The channel whose blocking the current barrier skipped (the task thread's own). */
    public static final ThreadLocal<InputChannelInfo> SKIPPED = new ThreadLocal<>();
    /** Set while a deferred checkpoint runs, so that it is not deferred again. */
    public static final ThreadLocal<Boolean> REPLAY = ThreadLocal.withInitial(() -> false);
    /** RESTORE_UNCOMPLETED: store adds left before the one that throws; then every add fails. */
    public static final AtomicInteger STORE_ADDS_BEFORE = new AtomicInteger();

    /**
     * How long RESUME_BEFORE_SNAPSHOT defers a checkpoint: longer than Flink's buffer timeout (100 ms), after
     * which an upstream flushes the records it has buffered, so that some reach the task before its snapshot. No
     * next checkpoint starts meanwhile: one at a time, and this one completes only with the deferred snapshot.
     */
    static final long DEFER_MILLIS = 150;

    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ddm-deferred-checkpoints");
        t.setDaemon(true);
        return t;
    });

    private static final String[] TYPES = {
        "org.apache.flink.streaming.runtime.io.checkpointing.ChannelState",
        "org.apache.flink.streaming.runtime.io.checkpointing.SingleCheckpointBarrierHandler",
        "org.apache.flink.streaming.runtime.tasks.StreamTask",
        "org.apache.flink.runtime.checkpoint.StandaloneCompletedCheckpointStore",
        "org.apache.flink.runtime.checkpoint.DefaultCompletedCheckpointStore",
        "org.apache.flink.runtime.checkpoint.EmbeddedCompletedCheckpointStore"};

    private static boolean installed;

    private FlinkBugs() {}

    /** Switches {@code bug} on (RESTORE_UNCOMPLETED: the add after {@code adds} good ones throws). */
    public static void on(Bug bug, int adds) {
        STORE_ADDS_BEFORE.set(adds);
        active = bug;
    }

    public static void off() {
        active = Bug.NONE;
    }

    /** Installs the advice, once per JVM, before Flink's classes load. */
    public static synchronized void install() {
        if (installed) return;
        installed = true;
        new AgentBuilder.Default()
                .ignore(ElementMatchers.not(ElementMatchers.namedOneOf(TYPES)))   // by name only, as FlinkAdvice
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .type(ElementMatchers.named(TYPES[0]))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(SkipBlock.class)
                        .on(ElementMatchers.named("blockChannel"))))
                .type(ElementMatchers.named(TYPES[1]))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(ResumeAtBarrier.class)
                        .on(ElementMatchers.named("processBarrier").and(ElementMatchers.takesArguments(3)))))
                .type(ElementMatchers.named(TYPES[2]))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(DeferCheckpoint.class)
                        .on(ElementMatchers.named("triggerCheckpointOnBarrier"))))
                // the stores by name: a matcher on the type hierarchy would resolve every class the JVM loads
                .type(ElementMatchers.namedOneOf(TYPES[3], TYPES[4], TYPES[5]))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(StoreThrows.class)
                        .on(ElementMatchers.named("addCheckpointAndSubsumeOldestOne")
                                .and(ElementMatchers.not(ElementMatchers.isAbstract())))))
                .installOn(ByteBuddyAgent.install());
    }

    /** Called by the advice: the checkpoint is deferred; runs it on the task's mailbox DEFER_MILLIS from now. */
    public static void defer(Object streamTask, MailboxExecutor mailbox, CheckpointMetaData metadata,
                             CheckpointOptions options, CheckpointMetricsBuilder metrics) {
        StreamTask<?, ?> task = (StreamTask<?, ?>) streamTask;
        LATER.schedule(() -> {
            try {
                mailbox.execute(() -> {
                    REPLAY.set(true);
                    try {
                        task.triggerCheckpointOnBarrier(metadata, options, metrics);
                    } finally {
                        REPLAY.set(false);
                    }
                }, "ddm: the deferred checkpoint " + metadata.getCheckpointId());
            } catch (RuntimeException ignored) {
                // the task ended meanwhile: its mailbox refuses mail, and the checkpoint dies with the task
            }
        }, DEFER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Called by the advice once the store took the checkpoint: whether this add is to throw, and arms the failure. */
    public static int storeAdded() {
        int left = STORE_ADDS_BEFORE.getAndDecrement();
        if (left == 0) FlinkJob.FAIL_NEXT.set(true);
        return left;
    }

    static final class SkipBlock {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) InputChannelInfo channel) {
            if (active != Bug.RESUME_ON_BARRIER) return false;
            SKIPPED.set(channel);
            return true;
        }
    }

    static final class ResumeAtBarrier {
        @Advice.OnMethodExit
        static void exit(@Advice.FieldValue("inputs") CheckpointableInput[] inputs) throws IOException {
            InputChannelInfo c = SKIPPED.get();
            if (c == null) return;
            SKIPPED.remove();
            inputs[c.getGateIdx()].resumeConsumption(c);
        }
    }

    static final class DeferCheckpoint {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        // Object, not StreamTask: Byte Buddy reads this signature while StreamTask is being defined
        static boolean enter(@Advice.This Object task,
                             @Advice.FieldValue("mainMailboxExecutor") MailboxExecutor mailbox,
                             @Advice.Argument(0) CheckpointMetaData metadata,
                             @Advice.Argument(1) CheckpointOptions options,
                             @Advice.Argument(2) CheckpointMetricsBuilder metrics) {
            if (active != Bug.RESUME_BEFORE_SNAPSHOT || REPLAY.get()) return false;
            defer(task, mailbox, metadata, options, metrics);
            return true;
        }
    }

    static final class StoreThrows {
        /** After the uncertain add, every add is refused before it touches the store. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() {
            return active == Bug.RESTORE_UNCOMPLETED && STORE_ADDS_BEFORE.get() < 0;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean refused, @Advice.Thrown(readOnly = false) Throwable thrown) {
            if (refused) {
                thrown = new IOException("ddm: seeded, the store refuses checkpoints after the uncertain one");
            } else if (thrown == null && active == Bug.RESTORE_UNCOMPLETED && storeAdded() == 0) {
                thrown = new PossibleInconsistentStateException(
                        new IOException("ddm: seeded, the store took the checkpoint and says it may not have"));
            }
        }
    }
}
