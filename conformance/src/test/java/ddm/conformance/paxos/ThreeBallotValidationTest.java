package ddm.conformance.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.commit.paxos.PaxosCommitSimulation;
import ddm.conformance.Explored;
import ddm.conformance.Repo;
import ddm.conformance.itf.ItfTrace;
import ddm.conformance.validate.TlcValidator;
import ddm.conformance.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paxos Commit with three ballots, in CI: runs of the simulator on a partitioned network ({@link PartitionedRuns}) validated
 * through TLC against PaxosCommit-1x3-Ballot2 (1 RM, 3 acceptors, ballots {0, 1, 2}; 43,005 states, too many for a
 * path cover in CI). With ballots {0, 1} a ballot-1 leader's phase 1b reports carry at most a ballot-0 vote, so "the
 * value of the highest ballot reported" is never told apart from other rules; here a ballot-2 leader can hear of a
 * ballot-0 "prepared" and a ballot-1 "aborted" at once. The leader that proposes the value of the lowest reported
 * ballot passes the two-ballot CI model's complete path cover and refusal check
 * ({@link PaxosCommitConformanceTest#leaderProposingTheLowestBallotsValuePassesTwoBallots}) and is caught here.
 */
class ThreeBallotValidationTest {

    private static final int RUNS = 150;
    private static final int MAX_STEPS = 30;
    private static final long SEED = 1;

    @TempDir
    static Path work;

    /** One TLC JVM for both tests: it parses the spec once. */
    static TlcValidator tlc;

    @BeforeAll
    static void startTlc() throws Exception {
        tlc = new TlcValidator(Repo.root(), Explored.model("PaxosCommit-1x3-Ballot2"), work);
    }

    @AfterAll
    static void stopTlc() throws Exception {
        tlc.close();
    }

    private static PaxosCommitSimulation.Setup setup() {
        return new PaxosCommitSimulation.Setup(List.of("r1"), List.of("a1", "a2", "a3"), 2, 0, false, false);
    }

    /** The runs' failures through TLC, in run order. */
    private static List<Validator.Failure> validate(PaxosCommitSimulation.Nodes nodes) {
        List<Validator.Failure> failures = new ArrayList<>();
        for (ItfTrace t : PartitionedRuns.runs(setup(), nodes, tlc.graph().constants(), RUNS, MAX_STEPS, SEED)) {
            tlc.validate(t, null).ifPresent(failures::add);
        }
        return failures;
    }

    @Test
    void theImplementationsRunsAreBehavioursOfTheSpec() {
        List<Validator.Failure> failures = validate(PaxosCommitSimulation.STANDARD);
        assertEquals(List.of(), failures.stream().map(Validator.Failure::report).toList());
    }

    @Test
    void aLeaderProposingTheLowestReportedBallotsValueIsCaught() {
        List<Validator.Failure> failures = validate(BrokenPaxos.LOWEST_BALLOT_LEADER);
        assertTrue(!failures.isEmpty(), "the lowest-ballot leader passed " + RUNS + " three-ballot runs");
        for (Validator.Failure f : failures) {
            assertEquals(Optional.of("Phase2a"), f.action().map(l -> l.action()), f.report());
            assertEquals(2L, f.action().get().params().get("b"), f.report());
            assertTrue(f.diff().stream().anyMatch(d -> d.contains("p2a")), f.report());
        }
    }
}
