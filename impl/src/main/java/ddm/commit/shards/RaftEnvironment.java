package ddm.commit.shards;

import io.microraft.RaftNode;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.transport.Transport;

import java.time.Clock;
import java.util.Random;

/**
 * What a replica's MicroRaft node runs on: its executor, clock, randomness and transport, all injected (MicroRaft
 * takes each from its builder). {@link SimRaft} gives one deterministic environment for a whole simulated system;
 * {@link ThreadRaft} gives each replica a thread.
 */
public interface RaftEnvironment {

    RaftNodeExecutor executor(ReplicaId id);

    Clock clock(ReplicaId id);

    Random random(ReplicaId id);

    Transport transport(ReplicaId id);

    /** The node built for {@code id}, for the transport to deliver to. */
    void register(ReplicaId id, RaftNode node);

    /** Replica {@code id} is lost with its data centre: it runs nothing more, and no message reaches it or leaves it. */
    void lose(ReplicaId id);
}
