package ddm.commit.shards;

import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * MicroRaft in the deterministic simulator. Every replica's executor is a queue of tasks that run only when the
 * simulator says ({@link #runNext}); its clock is virtual and moves only on {@link #tick}, so that its timers
 * (heartbeats, election timeouts) fire only then; its randomness is seeded; its transport puts each message on the
 * receiver's queue (in order per pair of replicas, as TCP would). One thread runs everything, so the same seed and the
 * same choices give the same run.
 *
 * <p>Time stands still unless the simulator ticks a group, which it does only for a group whose leader is lost: so
 * no live leader is ever deposed by a timeout (the spec has no deposed leader that still runs), and an election
 * follows a loss.
 */
public final class SimRaft implements RaftEnvironment {

    private record Task(ReplicaId from, Runnable run) {}

    private record Timer(long dueMillis, long seq, Runnable run) {}

    private static final class Node {
        final ArrayDeque<Task> ready = new ArrayDeque<>();
        final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.dueMillis != b.dueMillis
                ? Long.compare(a.dueMillis, b.dueMillis) : Long.compare(a.seq, b.seq));
        final Random random;
        long nowMillis;
        boolean lost;
        RaftNode raft;

        Node(long seed) {
            random = new Random(seed);
        }
    }

    private final Map<ReplicaId, Node> nodes = new LinkedHashMap<>();
    private final long seed;
    private ReplicaId inline;
    private long seq;

    /** An environment whose replicas draw their randomness (election jitter) from {@code seed}. */
    public SimRaft(long seed) {
        this.seed = seed;
    }

    private Node node(ReplicaId id) {
        return nodes.computeIfAbsent(id, k -> new Node(seed * 31 + k.toString().hashCode()));
    }

    @Override
    public RaftNodeExecutor executor(ReplicaId id) {
        Node n = node(id);
        return new RaftNodeExecutor() {
            @Override
            public void execute(Runnable task) {
                if (id.equals(inline)) {
                    inline = null;      // only the call made by inside(...) runs at once; the rest is queued
                    task.run();
                } else {
                    submit(task);
                }
            }

            @Override
            public void submit(Runnable task) {
                if (!n.lost) {
                    n.ready.add(new Task(null, task));
                }
            }

            @Override
            public void schedule(Runnable task, long delay, TimeUnit unit) {
                if (!n.lost) {
                    n.timers.add(new Timer(n.nowMillis + unit.toMillis(delay), seq++, task));
                }
            }
        };
    }

    @Override
    public Clock clock(ReplicaId id) {
        Node n = node(id);
        return new VirtualClock(() -> n.nowMillis);
    }

    @Override
    public Random random(ReplicaId id) {
        return node(id).random;
    }

    @Override
    public Transport transport(ReplicaId id) {
        return new Transport() {
            @Override
            public void send(RaftEndpoint target, RaftMessage message) {
                Node from = node(id), to = node((ReplicaId) target);
                if (!from.lost && !to.lost) {
                    to.ready.add(new Task(id, () -> to.raft.handle(message)));
                }
            }

            @Override
            public boolean isReachable(RaftEndpoint target) {
                return !node((ReplicaId) target).lost;
            }
        };
    }

    @Override
    public void register(ReplicaId id, RaftNode raft) {
        node(id).raft = raft;
    }

    /** The replica's queued tasks and messages are dropped, and so are the messages it sent that are not yet in. */
    @Override
    public void lose(ReplicaId id) {
        Node n = node(id);
        n.lost = true;
        n.ready.clear();
        n.timers.clear();
        nodes.values().forEach(o -> o.ready.removeIf(t -> id.equals(t.from)));
    }

    /** The replicas with a task or message waiting, in a fixed order. */
    public List<ReplicaId> runnable() {
        List<ReplicaId> out = new ArrayList<>();
        nodes.forEach((id, n) -> {
            if (!n.lost && !n.ready.isEmpty()) {
                out.add(id);
            }
        });
        return out;
    }

    /** Runs the next task of replica {@code id} (a message handled, a timer, a flush). */
    public void runNext(ReplicaId id) {
        Task t = node(id).ready.poll();
        if (t == null) {
            throw new IllegalStateException(id + " has nothing to run");
        }
        t.run.run();
    }

    /** Whether replica {@code id} has timers set (so that a tick can make it do something). */
    public boolean hasTimers(ReplicaId id) {
        Node n = node(id);
        return !n.lost && !n.timers.isEmpty();
    }

    /** Replica {@code id}'s clock moves on by {@code millis}; the timers now due join its queue, in due order. */
    public void tick(ReplicaId id, long millis) {
        advanceTo(id, node(id).nowMillis + millis);
    }

    /** When the earliest timer of the live replicas {@code ids} is due (Long.MAX_VALUE if none has one). */
    public long nextDue(Iterable<ReplicaId> ids) {
        long due = Long.MAX_VALUE;
        for (ReplicaId id : ids) {
            Node n = node(id);
            if (!n.lost && !n.timers.isEmpty()) {
                due = Math.min(due, n.timers.peek().dueMillis);
            }
        }
        return due;
    }

    /** Replica {@code id}'s clock moves on to {@code millis} (never back); the timers now due join its queue. */
    public void advanceTo(ReplicaId id, long millis) {
        Node n = node(id);
        if (n.lost) {
            return;
        }
        n.nowMillis = Math.max(n.nowMillis, millis);
        while (!n.timers.isEmpty() && n.timers.peek().dueMillis <= n.nowMillis) {
            n.ready.add(new Task(null, n.timers.poll().run));
        }
    }

    /**
     * Runs {@code step} as replica {@code id}: the first task it hands to the replica's executor (MicroRaft's
     * replicate) runs at once, within the step, so that writing a record to the leader's log is part of the 2PC step
     * that decided it, as in the spec.
     */
    public void inside(ReplicaId id, Runnable step) {
        inline = id;
        try {
            step.run();
        } finally {
            inline = null;
        }
    }
}
