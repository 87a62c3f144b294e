package ddm.flink;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;
import org.apache.flink.runtime.checkpoint.CheckpointMetaData;
import org.apache.flink.runtime.checkpoint.PendingCheckpoint;
import org.apache.flink.runtime.checkpoint.channel.InputChannelInfo;
import org.apache.flink.runtime.io.network.api.CheckpointBarrier;
import org.apache.flink.streaming.runtime.streamrecord.StreamElement;

/**
 * The advice Byte Buddy inlines into Flink's classes (their loaded bytecode only; Flink's jars are untouched), each a
 * call to one of {@link FlinkSteps}'s hooks on Flink's own thread. The methods, checked against Flink 2.3.0's jars
 * with {@code javap -p}:
 * <ul>
 *   <li>{@code RecordWriterOutput.pushToRecordWriter(StreamRecord)}: a record written to the network;
 *   <li>{@code AbstractStreamTaskNetworkInput.processElement(StreamElement, DataOutput)}, with its field
 *       {@code lastChannel}: an element taken from that input channel;
 *   <li>{@code SingleCheckpointBarrierHandler.processBarrier(CheckpointBarrier, InputChannelInfo, boolean)}: a
 *       barrier taken from a channel (not an RPC-triggered one: a source's trigger is no barrier received);
 *   <li>{@code SubtaskCheckpointCoordinatorImpl.checkpointState(CheckpointMetaData, ...)}: the subtask forwards the
 *       barrier and takes its synchronous snapshot (a source's barrier injection too);
 *   <li>{@code CheckpointCoordinator.triggerTasks(..., PendingCheckpoint)}: the coordinator triggers the sources;
 *   <li>{@code CheckpointCoordinator.completePendingCheckpoint(PendingCheckpoint)}: a checkpoint completed;
 *   <li>{@code AbstractStreamTaskNetworkInput.processElement} returning by an exception: the subtask fails;
 *   <li>{@code CheckpointCoordinator.restoreLatestCheckpointedStateInternal(...)}, returning the id it restored
 *       (through it go the scheduler's {@code restoreLatestCheckpointedStateToSubtasks} of a region failover and
 *       {@code restoreLatestCheckpointedStateToAll} of a global one): the restore after a failure.
 * </ul>
 */
public final class FlinkAdvice {

    /** The advised classes, and which of them were advised as they loaded (or a failure to). */
    public static final List<String> TYPES = List.of(
            "org.apache.flink.streaming.runtime.io.RecordWriterOutput",
            "org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput",
            "org.apache.flink.streaming.runtime.io.checkpointing.SingleCheckpointBarrierHandler",
            "org.apache.flink.streaming.runtime.tasks.SubtaskCheckpointCoordinatorImpl",
            "org.apache.flink.runtime.checkpoint.CheckpointCoordinator");

    private static final Map<String, String> ADVISED = new ConcurrentHashMap<>();
    private static Instrumentation instrumentation;

    private FlinkAdvice() {}

    /** Installs the agent and the advice, once per JVM; call before the job's classes load. */
    public static synchronized void install() {
        if (instrumentation != null) return;
        instrumentation = ByteBuddyAgent.install();
        new AgentBuilder.Default()
                // by name only: Byte Buddy's default ignore rule reads every loaded class's modifiers, which parses
                // its class file, and tripled the MiniCluster's start
                .ignore(ElementMatchers.not(ElementMatchers.namedOneOf(TYPES.toArray(String[]::new))))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new Listener())
                .type(ElementMatchers.named(TYPES.get(0)))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(RecordOut.class)
                        .on(ElementMatchers.named("pushToRecordWriter"))))
                .type(ElementMatchers.named(TYPES.get(1)))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(RecordIn.class)
                        .on(ElementMatchers.named("processElement"))))
                .type(ElementMatchers.named(TYPES.get(2)))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(BarrierIn.class)
                        .on(ElementMatchers.named("processBarrier").and(ElementMatchers.takesArguments(3)))))
                .type(ElementMatchers.named(TYPES.get(3)))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(CheckpointState.class)
                        .on(ElementMatchers.named("checkpointState"))))
                .type(ElementMatchers.named(TYPES.get(4)))
                .transform((b, t, l, m, d) -> b.visit(Advice.to(Trigger.class)
                        .on(ElementMatchers.named("triggerTasks")))
                        .visit(Advice.to(Complete.class).on(ElementMatchers.named("completePendingCheckpoint")))
                        .visit(Advice.to(Restore.class)
                                .on(ElementMatchers.named("restoreLatestCheckpointedStateInternal"))))
                .installOn(instrumentation);
    }

    /** The advised classes that loaded, each with "advised" or why not. */
    public static Map<String, String> advised() {
        return Map.copyOf(ADVISED);
    }

    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private static final Set<String> NAMES = Set.copyOf(TYPES);

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (NAMES.contains(type.getName())) ADVISED.put(type.getName(), "advised");
        }

        @Override
        public void onError(String type, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
            if (NAMES.contains(type)) ADVISED.put(type, "failed: " + t);
        }
    }

    static final class RecordOut {
        @Advice.OnMethodEnter
        static void enter() {
            FlinkSteps.recordOut();
        }
    }

    static final class RecordIn {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) StreamElement element,
                          @Advice.FieldValue("lastChannel") InputChannelInfo channel) {
            if (element.isRecord() && channel != null) {
                FlinkSteps.recordIn(channel.getGateIdx(), channel.getInputChannelIdx(),
                        element.asRecord().getValue());
            }
        }

        /** The operator threw on the record: the subtask fails (and with it, in Flink's restart, the job). */
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Thrown Throwable thrown) {
            if (thrown != null) FlinkSteps.failed(thrown);
        }
    }

    static final class BarrierIn {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) CheckpointBarrier barrier, @Advice.Argument(1) InputChannelInfo channel,
                          @Advice.Argument(2) boolean isRpcTriggered) {
            if (!isRpcTriggered) {
                FlinkSteps.barrierIn(barrier.getId(), channel.getGateIdx(), channel.getInputChannelIdx());
            }
        }
    }

    static final class CheckpointState {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) CheckpointMetaData metadata) {
            FlinkSteps.checkpointState(metadata.getCheckpointId());
        }
    }

    static final class Trigger {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(2) PendingCheckpoint pending) {
            FlinkSteps.trigger(pending.getCheckpointID(), pending);
        }
    }

    static final class Restore {
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Return java.util.OptionalLong restored, @Advice.Thrown Throwable thrown) {
            if (thrown == null) FlinkSteps.restored(restored.isPresent() ? restored.getAsLong() : -1);
        }
    }

    static final class Complete {
        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) PendingCheckpoint pending, @Advice.Thrown Throwable thrown) {
            if (thrown == null) FlinkSteps.complete(pending.getCheckpointID());
        }
    }
}
