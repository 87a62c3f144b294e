package ddm.commit.shards;

import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One replica's disk, in memory: the entries MicroRaft persisted, in index order, with the truncations it asked for.
 * What a replica "holds" in the spec ({@code replicaLog[g][s]}) is read here, not from the library's internals. A lost
 * replica keeps its store as it was (the spec freezes a lost replica's log); nothing reads it back into a node.
 *
 * <p>MicroRaft's node thread writes and other threads read (the abstraction, the runtime's checks), so every method
 * holds the store's lock.
 */
public final class ReplicaStore implements RaftStore {

    private final List<LogEntry> entries = new ArrayList<>();
    private final BiConsumer<ReplicaStore, LogEntry> onNewTerm;

    /** A store that calls {@code onNewTerm} with every new-term entry persisted (how a new leader is seen). */
    public ReplicaStore(BiConsumer<ReplicaStore, LogEntry> onNewTerm) {
        this.onNewTerm = onNewTerm;
    }

    @Override
    public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state) {
    }

    @Override
    public void persistAndFlushInitialGroupMembers(RaftGroupMembersView members) {
    }

    @Override
    public void persistAndFlushTerm(RaftTermPersistentState state) {
    }

    /**
     * Implements {@code ReplicatedShards!ReplicaAppend(g, s, k)} where MicroRaft persists a follower's entries from
     * its leader (and a leader's own, including its new-term entry: see {@code Group.newTermPersisted}); what the
     * spec's replica holds is what this store holds.
     */
    @Override
    public void persistLogEntries(List<LogEntry> logEntries) {
        List<LogEntry> newTerms = new ArrayList<>();
        synchronized (this) {
            for (LogEntry e : logEntries) {
                if (e.getIndex() != entries.size() + 1) {
                    throw new IllegalStateException("entry " + e.getIndex() + " persisted after " + entries.size());
                }
                entries.add(e);
                if (e.getOperation() instanceof NewTerm) {
                    newTerms.add(e);
                }
            }
        }
        newTerms.forEach(e -> onNewTerm.accept(this, e));
    }

    @Override
    public void persistSnapshotChunk(SnapshotChunk chunk) {
        throw new UnsupportedOperationException("snapshots are off (the groups never reach the snapshot count)");
    }

    @Override
    public synchronized void truncateLogEntriesFrom(long logIndexInclusive) {
        while (entries.size() >= logIndexInclusive && !entries.isEmpty()) {
            entries.remove(entries.size() - 1);
        }
    }

    @Override
    public void truncateLogEntriesUntil(long logIndexInclusive) {
        throw new UnsupportedOperationException("snapshots are off: no prefix is ever dropped");
    }

    @Override
    public void deleteSnapshotChunks(long logIndex, int snapshotChunkCount) {
    }

    @Override
    public void flush() {
    }

    /** The entries held now, oldest first. */
    public synchronized List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    /** The term of entry {@code index}, or -1 if the store holds no such entry. */
    public synchronized int termOf(long index) {
        return index >= 1 && index <= entries.size() ? entries.get((int) index - 1).getTerm() : -1;
    }

    public synchronized int size() {
        return entries.size();
    }
}
