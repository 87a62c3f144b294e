package ddm.conformance.epoch;

import ddm.conformance.adapters.EpochAlignmentAdapter;
import ddm.epoch.Channel;
import ddm.epoch.CheckpointStore;
import ddm.epoch.Coordinator;
import ddm.epoch.EpochSimulation;
import ddm.epoch.Message.Barrier;
import ddm.epoch.Message.Record;
import ddm.epoch.Operator;
import ddm.epoch.Recovery;
import ddm.epoch.Source;
import ddm.epoch.Task;
import java.util.List;
import java.util.Optional;

/** Deliberately broken variants of the epoch dataflow (test code only), each one bug the harness must catch. */
final class BrokenEpoch {

    private BrokenEpoch() {}

    /**
     * No blocking: a task keeps consuming records from a channel that already delivered the barrier it aligns on.
     * Breaks {@code EpochAlignment!Process}.
     */
    static final class NoBlockingTask extends Task {
        NoBlockingTask(String name, List<Channel> ins, Operator operator) {
            super(name, ins, operator);
        }

        @Override
        public Optional<String> inputRefusal(Channel c) {
            return ins.contains(c) ? Optional.empty() : Optional.of(c + " is not an input of " + name);
        }
    }

    /**
     * Recording after forwarding: once aligned, a task forwards the barrier and unblocks its inputs at once, and
     * records its snapshot only after the next record it consumes (so the snapshot holds a record of the next epoch).
     * Breaks {@code EpochAlignment!AlignedSnapshot}.
     */
    static final class RecordAfterForwardTask extends Task {
        private boolean pending;

        RecordAfterForwardTask(String name, List<Channel> ins, Operator operator) {
            super(name, ins, operator);
        }

        @Override
        public Barrier alignedSnapshot() {
            refuseUnless("AlignedSnapshot(" + name + ")", alignedSnapshotRefusal());
            blocked.removeAll(ins);
            pending = true;
            return new Barrier(recorded + 1);
        }

        @Override
        public Optional<Record> process(Channel c, Record r) {
            Optional<Record> out = super.process(c, r);
            if (pending) {
                record();
                pending = false;
            }
            return out;
        }
    }

    /**
     * Recovering from an incomplete checkpoint: after a failure every node restarts from the latest epoch it recorded
     * itself, whether or not the coordinator completed that epoch. Breaks {@code EpochAlignment!Recover}.
     */
    static final class RecoverLatestSimulation extends EpochSimulation {
        RecoverLatestSimulation(Config config) {
            super(config);
        }

        @Override
        protected void recover() {
            failures++;
            loseInFlight();
            for (String t : dataflow.tasks()) {
                Task task = task(t);
                task.restore(task.recorded(), store.task(t, task.recorded()));
            }
            for (String s : dataflow.sources()) {
                Source src = source(s);
                src.rewind(src.recorded(), src.recorded() == 0 ? 0 : store.source(s, src.recorded()).orElseThrow().offset());
            }
        }
    }

    /**
     * The same bug in the threaded runtime's recovery step: the coordinator aborts the epochs after the last completed
     * one, as it should, but every node restarts from the latest epoch it recorded itself, whether or not the
     * coordinator completed it. It differs from a correct recovery only when a failure comes while an epoch is recorded
     * by some node and not yet complete, and then on {@code recorded}. Breaks {@code EpochAlignment!Recover}.
     */
    static final class RecoverLatest extends Recovery {
        RecoverLatest(Coordinator coordinator, List<Task> tasks, List<Source> sources) {
            super(coordinator, tasks, sources);
        }

        @Override
        public int recover(CheckpointStore store) {
            int l = coordinator.recover();
            for (Task t : tasks) {
                t.restore(t.recorded(), t.recorded() == 0 ? Optional.empty() : store.task(t.name(), t.recorded()));
            }
            for (Source s : sources) {
                s.rewind(s.recorded(), s.recorded() == 0 ? 0 : store.source(s.name(), s.recorded()).orElseThrow().offset());
            }
            return l;
        }
    }

    /**
     * A coordinator whose recovery forgets every acknowledgement, those of the restored epoch too: after restarting
     * from epoch l it holds that no task has stored anything. Its completions are still right (the next epoch
     * needs fresh acknowledgements anyway), so no step it takes differs from the spec's; what it says it knows does.
     */
    static final class ForgetfulCoordinator extends Coordinator {
        ForgetfulCoordinator(java.util.Set<String> tasks, int maxEpoch) {
            super(tasks, maxEpoch);
        }

        @Override
        protected int acknowledgedAfterRecovery(int acknowledged, int restored) {
            return 0;
        }
    }

    /**
     * A coordinator whose recovery keeps the aborted epochs' acknowledgements: once the epoch numbers are reused,
     * an acknowledgement from before the failure counts for the re-run epoch, which can complete before every task
     * recorded it again.
     */
    static final class StaleAcknowledgementsCoordinator extends Coordinator {
        StaleAcknowledgementsCoordinator(java.util.Set<String> tasks, int maxEpoch) {
            super(tasks, maxEpoch);
        }

        @Override
        protected int acknowledgedAfterRecovery(int acknowledged, int restored) {
            return acknowledged;
        }
    }

    static EpochAlignmentAdapter withCoordinator(int maxFailures, Coordinator.Factory coordinators) {
        return new EpochAlignmentAdapter(1, maxFailures, c -> new EpochSimulation(c.withCoordinatorFactory(coordinators)));
    }

    static EpochAlignmentAdapter withTasks(int maxFailures, EpochSimulation.TaskFactory tasks) {
        return new EpochAlignmentAdapter(1, maxFailures, c -> new EpochSimulation(c.withTaskFactory(tasks)));
    }
}
