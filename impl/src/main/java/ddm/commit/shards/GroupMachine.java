package ddm.commit.shards;

import ddm.commit.DurableRecord;
import io.microraft.statemachine.StateMachine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The state machine of one replica: the 2PC records its group has committed, in log order. Every replica applies
 * them; only the leader acts on them (its {@link GroupLeader}). This is the group's durable log as the 2PC classes
 * see it: a new leader recovers from it with {@code ResourceManager.rmRecover} or {@code TransactionManager.tmRecover},
 * as a crashed 2PC node recovers from its disk.
 */
final class GroupMachine implements StateMachine {

    private final List<DurableRecord> records = new ArrayList<>();
    private final LongConsumer onNewTermCommitted;

    /** A machine that calls {@code onNewTermCommitted} with the index of every new-term entry it applies. */
    GroupMachine(LongConsumer onNewTermCommitted) {
        this.onNewTermCommitted = onNewTermCommitted;
    }

    @Override
    public Object runOperation(long commitIndex, Object operation) {
        if (operation instanceof DurableRecord r) {
            synchronized (this) {
                records.add(r);
            }
        } else if (operation instanceof NewTerm) {
            onNewTermCommitted.accept(commitIndex);
        } else {
            throw new IllegalArgumentException("not a replicated 2PC record: " + operation);
        }
        return null;
    }

    /** The committed records this replica has applied, oldest first. */
    synchronized List<DurableRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void takeSnapshot(long commitIndex, java.util.function.Consumer<Object> chunks) {
        chunks.accept(records());
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> chunks) {
        synchronized (this) {
            records.clear();
            for (Object c : chunks) {
                for (Object r : (List<?>) c) {
                    records.add((DurableRecord) r);
                }
            }
        }
    }

    @Override
    public Object getNewTermOperation() {
        return NewTerm.ENTRY;
    }
}
