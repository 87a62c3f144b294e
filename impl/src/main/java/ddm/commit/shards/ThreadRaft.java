package ddm.commit.shards;

import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * MicroRaft on threads: each replica's executor is a thread of its own with a mailbox, and its transport puts a
 * message in the receiver's mailbox. As in {@link SimRaft}, time is virtual and moves only when {@link #tick} is
 * called (the runtime ticks a group only while it has no live leader), so a busy machine never deposes a live leader
 * by a missed heartbeat; everything else is real concurrency.
 */
public final class ThreadRaft implements RaftEnvironment, AutoCloseable {

    private record Timer(long dueMillis, long seq, Runnable run) {}

    private final class Worker {
        final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.dueMillis != b.dueMillis
                ? Long.compare(a.dueMillis, b.dueMillis) : Long.compare(a.seq, b.seq));
        final Random random;
        final Thread thread;
        volatile long nowMillis;
        volatile boolean lost;
        volatile RaftNode raft;

        Worker(ReplicaId id) {
            random = new Random(seed * 31 + id.toString().hashCode());
            thread = new Thread(this::loop, "raft-" + id);
            thread.setDaemon(true);
        }

        void loop() {
            try {
                while (!lost && !closed) {
                    Runnable r = inbox.poll(50, TimeUnit.MILLISECONDS);
                    if (r != null && !lost) {
                        r.run();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }

        void add(Runnable r) {
            if (!lost) {
                inbox.add(r);
            }
        }
    }

    private final Map<ReplicaId, Worker> workers = new ConcurrentHashMap<>();
    private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final long seed;
    private long seq;
    private volatile boolean closed;

    public ThreadRaft(long seed) {
        this.seed = seed;
    }

    private Worker worker(ReplicaId id) {
        return workers.computeIfAbsent(id, Worker::new);
    }

    @Override
    public RaftNodeExecutor executor(ReplicaId id) {
        Worker w = worker(id);
        return new RaftNodeExecutor() {
            @Override
            public void execute(Runnable task) {
                w.add(task);
            }

            @Override
            public void submit(Runnable task) {
                w.add(task);
            }

            @Override
            public void schedule(Runnable task, long delay, TimeUnit unit) {
                synchronized (ThreadRaft.this) {
                    w.timers.add(new Timer(w.nowMillis + unit.toMillis(delay), seq++, task));
                }
            }
        };
    }

    @Override
    public Clock clock(ReplicaId id) {
        Worker w = worker(id);
        return new VirtualClock(() -> w.nowMillis);
    }

    @Override
    public Random random(ReplicaId id) {
        return worker(id).random;
    }

    @Override
    public Transport transport(ReplicaId id) {
        return new Transport() {
            @Override
            public void send(RaftEndpoint target, RaftMessage message) {
                Worker from = worker(id), to = worker((ReplicaId) target);
                if (!from.lost && !to.lost) {
                    to.add(() -> to.raft.handle(message));
                }
            }

            @Override
            public boolean isReachable(RaftEndpoint target) {
                return !worker((ReplicaId) target).lost;
            }
        };
    }

    @Override
    public void register(ReplicaId id, RaftNode node) {
        Worker w = worker(id);
        w.raft = node;
        if (!w.thread.isAlive()) {
            w.thread.start();
        }
    }

    @Override
    public void lose(ReplicaId id) {
        Worker w = worker(id);
        w.lost = true;
        w.inbox.clear();
        w.thread.interrupt();
    }

    /** Runs {@code task} on replica {@code id}'s thread, after what it has queued. */
    public void run(ReplicaId id, Runnable task) {
        worker(id).add(task);
    }

    /** Whether none of the live replicas {@code ids} has anything queued (an election's messages have all been handled). */
    public boolean idle(List<ReplicaId> ids) {
        return ids.stream().map(this::worker).allMatch(w -> w.lost || w.inbox.isEmpty());
    }

    /** The replicas' clocks move on to their earliest timer, all to the same time; the due timers run. */
    public synchronized void tick(List<ReplicaId> ids) {
        long due = Long.MAX_VALUE;
        for (ReplicaId id : ids) {
            Worker w = worker(id);
            if (!w.lost && !w.timers.isEmpty()) {
                due = Math.min(due, w.timers.peek().dueMillis);
            }
        }
        if (due == Long.MAX_VALUE) {
            return;
        }
        for (ReplicaId id : ids) {
            Worker w = worker(id);
            if (w.lost) {
                continue;
            }
            w.nowMillis = Math.max(w.nowMillis, due);
            while (!w.timers.isEmpty() && w.timers.peek().dueMillis <= w.nowMillis) {
                w.add(w.timers.poll().run);
            }
        }
    }

    /** What failed on a replica's thread (a bug: MicroRaft's tasks do not throw). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Stops every thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        for (Worker w : workers.values()) {
            w.thread.interrupt();
        }
        for (Worker w : workers.values()) {
            w.thread.join(5_000);
        }
    }
}
