package ddm.commit.shards;

import io.microraft.RaftConfig;
import io.microraft.model.log.LogEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One replicated group: an RM's shard, or the TM's group, with one replica per slot. It tells which replica leads
 * (the first to persist a new-term entry of a higher term: a leader appends its own before anyone else can hold it)
 * and hands the group's 2PC node to a new leader once its new-term entry is committed ({@link Leaders}).
 */
public final class Group {

    private final String name;
    private final Collection<String> rms;
    private final Map<String, Replica> replicas = new TreeMap<>();
    private final Leaders leaders;
    private final GroupLeader.Outbox out;
    private final Supplier<Collection<Long>> txs;
    private final List<Integer> leaderTerms = new ArrayList<>();
    private String leaderSlot;

    /**
     * Group {@code name} with a replica in each slot of {@code slots} (slot to data centre).
     *
     * @param rms the RMs when this is the TM's group, else empty
     * @param txs the transactions a recovering leader acts on
     */
    Group(String name, Collection<String> rms, Map<String, String> slots, RaftConfig config, RaftEnvironment env,
          Leaders leaders, GroupLeader.Outbox out, Supplier<Collection<Long>> txs) {
        this.name = name;
        this.rms = List.copyOf(rms);
        this.leaders = leaders;
        this.out = out;
        this.txs = txs;
        List<ReplicaId> members = slots.keySet().stream().sorted().map(s -> new ReplicaId(name, s)).toList();
        for (ReplicaId id : members) {
            replicas.put(id.slot(), new Replica(id, slots.get(id.slot()), members, config, env, this));
        }
    }

    public String name() {
        return name;
    }

    /** The replicas by slot. */
    public Map<String, Replica> replicas() {
        return new TreeMap<>(replicas);
    }

    public Replica replica(String slot) {
        Replica r = replicas.get(slot);
        if (r == null) {
            throw new IllegalArgumentException(name + " has no slot " + slot);
        }
        return r;
    }

    /** The slot of the latest leader (lost or not), or null before the first election. */
    public synchronized String leaderSlot() {
        return leaderSlot;
    }

    /** The 2PC node of the group, if its latest leader is live and has recovered; else null. */
    public synchronized GroupLeader active() {
        if (leaderSlot == null) {
            return null;
        }
        Replica r = replicas.get(leaderSlot);
        return r.isLost() ? null : r.leader();
    }

    /** The terms in which a leader appeared, in order. */
    public synchronized List<Integer> leaderTerms() {
        return List.copyOf(leaderTerms);
    }

    /**
     * Implements {@code ReplicatedShards!ElectLeader(g, s)} as MicroRaft shows it: replica {@code r}, elected by a
     * majority (the library's election), has persisted its new-term entry (the spec's noop); it becomes the group's
     * leader, pending until a majority holds the noop.
     */
    synchronized void newTermPersisted(Replica r, LogEntry e) {
        if (!leaderTerms.isEmpty() && e.getTerm() <= leaderTerms.get(leaderTerms.size() - 1)) {
            return;     // a follower receiving its leader's new-term entry
        }
        leaderTerms.add(e.getTerm());
        if (leaderSlot != null) {
            replicas.get(leaderSlot).lead(null);
        }
        leaderSlot = r.id().slot();
        r.lead(leaders.elected(context(r)).orElse(null));
    }

    synchronized void newTermCommitted(Replica r, long index) {
        if (!r.id().slot().equals(leaderSlot) || r.leader() != null
                || r.termOf(index) != leaderTerms.get(leaderTerms.size() - 1)) {
            return;     // an old leader's entry, or one this leader already recovered at
        }
        r.lead(leaders.recovered(context(r), r.machine().records()));
    }

    private Leaders.Context context(Replica r) {
        return new Leaders.Context(name, rms, r.node(), out, List.copyOf(txs.get()), r.machine().records());
    }

    @Override
    public synchronized String toString() {
        return name + " leader " + leaderSlot + " terms " + leaderTerms + " " + replicas.values();
    }
}
