package ddm.commit.shards;

import io.microraft.RaftConfig;
import io.microraft.RaftNode;
import io.microraft.model.log.LogEntry;

import java.util.List;

/**
 * One replica of a group: its MicroRaft node, its disk ({@link ReplicaStore}), its state machine
 * ({@link GroupMachine}), and, while it leads and has recovered, the group's {@link GroupLeader}.
 */
public final class Replica {

    private final ReplicaId id;
    private final String dataCentre;
    private final ReplicaStore store;
    private final GroupMachine machine;
    private final RaftNode node;
    private volatile GroupLeader leader;
    private volatile boolean lost;

    Replica(ReplicaId id, String dataCentre, List<ReplicaId> members, RaftConfig config, RaftEnvironment env,
            Group group) {
        this.id = id;
        this.dataCentre = dataCentre;
        this.store = new ReplicaStore((s, e) -> group.newTermPersisted(this, e));
        this.machine = new GroupMachine(index -> group.newTermCommitted(this, index));
        this.node = RaftNode.newBuilder()
                .setGroupId(id.group())
                .setLocalEndpoint(id)
                .setInitialGroupMembers(List.copyOf(members))
                .setConfig(config)
                .setExecutor(env.executor(id))
                .setClock(env.clock(id))
                .setRandom(env.random(id))
                .setTransport(env.transport(id))
                .setStateMachine(machine)
                .setStore(store)
                .build();
        env.register(id, node);
    }

    public ReplicaId id() {
        return id;
    }

    public String dataCentre() {
        return dataCentre;
    }

    public RaftNode node() {
        return node;
    }

    /** The entries this replica holds now. */
    public List<LogEntry> entries() {
        return store.entries();
    }

    int termOf(long index) {
        return store.termOf(index);
    }

    GroupMachine machine() {
        return machine;
    }

    /** The group's 2PC node, if this replica leads and has recovered; else null. */
    public GroupLeader leader() {
        return leader;
    }

    void lead(GroupLeader l) {
        this.leader = l;
    }

    public boolean isLost() {
        return lost;
    }

    void markLost() {
        lost = true;
    }

    @Override
    public String toString() {
        return id + "@" + dataCentre + (lost ? " lost" : "") + " " + store.size() + " entries";
    }
}
