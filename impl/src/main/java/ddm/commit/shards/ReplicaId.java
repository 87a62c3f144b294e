package ddm.commit.shards;

import io.microraft.RaftEndpoint;

/**
 * Replica {@code slot} of {@code group}, as MicroRaft addresses it: its id reads {@code r1/s2}.
 *
 * @param group the group (an RM's name, or the TM's)
 * @param slot  the replica's slot in the group
 */
public record ReplicaId(String group, String slot) implements RaftEndpoint {

    @Override
    public Object getId() {
        return group + "/" + slot;
    }

    @Override
    public String toString() {
        return group + "/" + slot;
    }
}
