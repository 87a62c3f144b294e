package ddm.epoch;

/** One input to the simulated dataflow: an action of {@code EpochAlignment.tla}, with its parameters. */
public sealed interface EpochEvent {

    record StartEpoch(int e) implements EpochEvent {}

    record CompleteEpoch(int e) implements EpochEvent {}

    record SourceEmit(String s) implements EpochEvent {}

    record InjectBarrier(String s) implements EpochEvent {}

    record Process(String t, Channel c) implements EpochEvent {}

    record RcvBarrier(String t, Channel c) implements EpochEvent {}

    record AlignedSnapshot(String t) implements EpochEvent {}

    record Recover() implements EpochEvent {}
}
