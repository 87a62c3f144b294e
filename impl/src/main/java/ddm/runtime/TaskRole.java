package ddm.runtime;

import ddm.epoch.Channel;
import ddm.epoch.Message;
import ddm.epoch.Operator;
import ddm.epoch.Snapshots.TaskSnapshot;
import ddm.epoch.EpochSimulation;
import ddm.epoch.Task;
import ddm.runtime.node.Step;
import ddm.runtime.node.Timers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An operator or a sink of the dataflow as a node process: it takes each input channel's messages in order into that
 * channel's queue (its input gate), processes the record at the head of every channel not blocked for alignment
 * (Process), blocks a channel at its barrier (RcvBarrier), and once every input's barrier is in takes its aligned
 * snapshot (AlignedSnapshot): the snapshot forced to its log, then the barrier forwarded and the snapshot
 * acknowledged to the job manager, in the one step.
 */
public final class TaskRole extends DataflowRole {

    private final List<Channel> ins;
    private final String kind;
    private final EpochSimulation.TaskFactory tasks;
    private Task task;
    private final Map<Channel, ArrayDeque<Message>> queues = new LinkedHashMap<>();
    /** Its snapshot of each epoch (the spec's snap[t]), as its log holds them; the latest of an epoch wins. */
    private final Map<Integer, TaskSnapshot> snapshots = new TreeMap<>();

    public TaskRole(String name, List<Channel> ins, List<String> outs, String kind, EpochSimulation.TaskFactory tasks,
                    Timers timers, long incarnation) {
        super(name, outs, ins.stream().map(Channel::from).toList(), timers, incarnation, 50, 64);
        this.ins = List.copyOf(ins);
        this.kind = kind;
        this.tasks = tasks;
        restore(0);
    }

    /** Part of {@code EpochAlignment!Recover}: the task's snapshot of the restored epoch, its inputs empty. */
    @Override
    protected void restore(int epoch) {
        task = tasks.create(name, ins, Operator.of(kind));
        queues.clear();
        ins.forEach(c -> queues.put(c, new ArrayDeque<>()));
        if (epoch > 0) {
            TaskSnapshot s = snapshots.get(epoch);
            if (s == null) {
                throw new IllegalStateException("restored epoch " + epoch + " has no snapshot of " + name
                        + " in its log");
            }
            task.restore(epoch, Optional.of(s));
        }
    }

    @Override
    protected void reload(byte[] record) {
        TaskSnapshot s = TaskSnapshot.decode(record);
        snapshots.put(s.epoch(), s);
    }

    @Override
    protected List<Step<EpochWire>> take(String from, Message m) {
        queues.get(new Channel(from, name)).add(m);
        List<Step<EpochWire>> steps = new ArrayList<>();
        for (boolean progress = true; progress; ) {
            progress = false;
            for (Map.Entry<Channel, ArrayDeque<Message>> q : queues.entrySet()) {
                Channel c = q.getKey();
                Message head = q.getValue().peek();
                if (head == null || task.inputRefusal(c).isPresent()) {
                    continue;
                }
                q.getValue().poll();
                progress = true;
                Map<String, Object> params = Map.of("t", name, "c", c.spec());
                if (head instanceof Message.Record r) {
                    List<Step.Send<EpochWire>> out = task.process(c, r).map(this::toEveryOutput).orElse(List.of());
                    steps.add(new Step<>(event("Process", params), List.of(), out));
                } else if (head instanceof Message.Barrier b) {
                    task.rcvBarrier(c, b);
                    steps.add(new Step<>(event("RcvBarrier", params), List.of(), List.of()));
                }
                if (task.alignedSnapshotRefusal().isEmpty()) {
                    steps.add(alignedSnapshot());
                }
            }
        }
        return steps;
    }

    /** Implements {@code EpochAlignment!AlignedSnapshot(t)}: record, forward the barrier, acknowledge. */
    private Step<EpochWire> alignedSnapshot() {
        Message.Barrier b = task.alignedSnapshot();
        List<byte[]> records = new ArrayList<>();
        for (TaskSnapshot s : task.takeSnapshotsToStore()) {
            snapshots.put(s.epoch(), s);
            records.add(part(s.encode()));
        }
        List<Step.Send<EpochWire>> sends = new ArrayList<>(toEveryOutput(b));
        sends.add(new Step.Send<>(JOB_MANAGER, new EpochWire.Acknowledge(attempt, name, b.epoch())));
        return new Step<>(event("AlignedSnapshot", Map.of("t", name)), records, sends);
    }

    @Override
    protected EpochWire.StatusReply status() {
        return new EpochWire.StatusReply(name, attempt, task.recorded(), 0, task.consumed(),
                task.operator().snapshot(), links.unacknowledged().size());
    }
}
