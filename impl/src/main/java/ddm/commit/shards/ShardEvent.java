package ddm.commit.shards;

import ddm.commit.CommitEvent;

/**
 * One step of the simulated system of replicated shards: a 2PC step at a group's leader, one task of one replica's
 * MicroRaft node (a message handled, a timer run, a flush), a tick of a leaderless group's clocks, or the loss of a
 * data centre. {@link #label()} prints it.
 */
public sealed interface ShardEvent {

    String label();

    /** A 2PC step, taken by the leader of the group it belongs to. */
    record Step(CommitEvent event) implements ShardEvent {
        public String label() {
            return event.label();
        }
    }

    /** Replica {@code replica} runs its next queued task. */
    record Run(ReplicaId replica) implements ShardEvent {
        public String label() {
            return replica + " run";
        }
    }

    /** The live replicas of {@code group}, which has no live leader, move their clocks on by one tick. */
    record Tick(String group) implements ShardEvent {
        public String label() {
            return group + " tick";
        }
    }

    /** Data centre {@code dc} is lost, with every replica placed there. */
    record LoseDataCentre(String dc) implements ShardEvent {
        public String label() {
            return "lose " + dc;
        }
    }
}
