package ddm.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.legacy.SinkFunction;
import org.apache.flink.util.Collector;

/**
 * The job held to the spec: two unbounded, rate-limited source subtasks emit records tagged (source, sequence
 * number); keyBy spreads them over two keyed counters (every counter has an input channel from every source); each
 * counter emits (counter, key, count) to one sum, chained with a sink. Aligned exactly-once checkpoints every
 * {@code intervalMillis}, one at a time, unaligned checkpoints off, alignment timeout 0, fixed-delay restarts.
 * Unbounded sources, because a finishing input sends barriers the spec does not have. A run may arm the seeded
 * failure ({@link #FAIL_NEXT}): counter 0 throws at its next record, once, and Flink restarts the job from its last
 * completed checkpoint. The sink counts the records it takes ({@link #SUNK}), the benchmark's measure.
 */
public final class FlinkJob {

    /** The operators' names: the recorder tells the subtasks apart by their thread names, which start with these. */
    public static final String SOURCE = "src", COUNT = "count", SUM = "sum";

    private FlinkJob() {}

    /**
     * Armed by the run (once, after some checkpoints completed): the next record counter 0 takes throws, and the
     * job fails. Once only: the record is replayed after the restore, and must not fail the job again.
     */
    static final java.util.concurrent.atomic.AtomicBoolean FAIL_NEXT = new java.util.concurrent.atomic.AtomicBoolean();

    /** Records the sink took, all runs of this JVM (the benchmark's measure). */
    static final java.util.concurrent.atomic.AtomicLong SUNK = new java.util.concurrent.atomic.AtomicLong();

    /** The exception the seeded record throws. */
    public static final class SeededFailure extends RuntimeException {
        SeededFailure() {
            super("the seeded failure: counter 0 throws at its next record");
        }
    }

    /**
     * The job's settings; {@code recordsPerSecond} 0: as fast as the sources can; {@code unaligned}: unaligned
     * checkpoints from the start (the aligned spec's counterexample), else aligned ones with no timeout.
     */
    public record Settings(int parallelism, double recordsPerSecond, long intervalMillis, int keys,
                           boolean unaligned) {
        public static Settings standard() {
            return new Settings(2, 400, 100, 8, false);
        }

        public Settings unalignedCheckpoints() {
            return new Settings(parallelism, recordsPerSecond, intervalMillis, keys, true);
        }

        public Settings rate(double perSecond) {
            return new Settings(parallelism, perSecond, intervalMillis, keys, unaligned);
        }
    }

    /** Flink's configuration for the job (checkpointing and restarts; the rest is Flink's default). */
    public static Configuration configuration(Settings s) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(s.intervalMillis()));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, 1);
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, s.unaligned());
        conf.set(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, Duration.ZERO);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return conf;
    }

    /** Builds the job into {@code env}. */
    public static void build(StreamExecutionEnvironment env, Settings s) {
        DataGeneratorSource<Tuple2<Integer, Long>> source = new DataGeneratorSource<>(new Tagged(), Long.MAX_VALUE,
                s.recordsPerSecond() > 0 ? RateLimiterStrategy.perSecond(s.recordsPerSecond())
                        : RateLimiterStrategy.noOp(), Types.TUPLE(Types.INT, Types.LONG));
        int keys = s.keys();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), SOURCE).setParallelism(s.parallelism())
                .keyBy(r -> (int) (r.f1 % keys), Types.INT)
                .process(new Count()).name(COUNT).setParallelism(s.parallelism())
                .global()
                .map(new Sum()).name(SUM).setParallelism(1)
                .addSink(new Discard()).name("sink").setParallelism(1);
    }

    /** The spec node a record taken by task {@code node} came from, by its tag. */
    static String origin(String node, Tuple t) {
        return (node.startsWith("c") ? "s" : "c") + t.getField(0);
    }

    /** Record i of source subtask k: (k, i). */
    static final class Tagged implements GeneratorFunction<Long, Tuple2<Integer, Long>> {
        private int subtask;

        @Override
        public void open(SourceReaderContext ctx) {
            subtask = ctx.getIndexOfSubtask();
        }

        @Override
        public Tuple2<Integer, Long> map(Long i) {
            return Tuple2.of(subtask, i);
        }
    }

    /** Keyed count: (counter, key, records of the key so far), the count in Flink's keyed state. */
    static final class Count extends KeyedProcessFunction<Integer, Tuple2<Integer, Long>, Tuple3<Integer, Integer, Long>> {
        private transient ValueState<Long> count;
        private transient int subtask;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public void processElement(Tuple2<Integer, Long> r, Context ctx, Collector<Tuple3<Integer, Integer, Long>> out)
                throws Exception {
            if (subtask == 0 && FAIL_NEXT.compareAndSet(true, false)) throw new SeededFailure();
            long n = (count.value() == null ? 0 : count.value()) + 1;
            count.update(n);
            out.collect(Tuple3.of(subtask, ctx.getCurrentKey(), n));
        }
    }

    /** The sum of the counters' increments (each count seen replaces the last of its key). */
    static final class Sum extends RichMapFunction<Tuple3<Integer, Integer, Long>, Long> {
        private final java.util.Map<Integer, Long> last = new java.util.HashMap<>();
        private long total;

        @Override
        public Long map(Tuple3<Integer, Integer, Long> c) {
            Long before = last.put(c.f1, c.f2);
            total += c.f2 - (before == null ? 0 : before);
            return total;
        }
    }

    static final class Discard implements SinkFunction<Long> {
        @Override
        public void invoke(Long value, Context context) {
            SUNK.incrementAndGet();
        }
    }
}
