package ddm.runtime;

/** The name a cluster's client has among its nodes (2PC's and Paxos Commit's nodes report to it). */
public final class CommitClientNames {
    public static final String CLIENT = "client";

    private CommitClientNames() {
    }
}
