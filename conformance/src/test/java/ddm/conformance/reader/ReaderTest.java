package ddm.conformance.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ddm.conformance.Repo;
import ddm.conformance.diagram.DiagramFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader, as {@code make reader} writes it, is a check in {@code make test}: on this repository every action of
 * every spec the code cites has its method, no citation is wrong, and every link of the pages leads somewhere in
 * them. The must-fail twins: a small repository with each kind of wrong citation, and pages with broken links.
 */
class ReaderTest {

    @TempDir
    Path tmp;

    @Test
    void thisRepositorysPagesHaveNoProblemAndTheirLinksHold() throws Exception {
        Reader.Result r = Reader.read(Repo.root());
        assertEquals(List.of(), r.problems());
        Map<String, String> pages = ReaderPages.render(r);
        assertEquals(List.of(), LinkCheck.check(pages));
        for (Map.Entry<String, String> p : pages.entrySet()) {
            DiagramFiles.write(Repo.root().resolve("conformance/target/reader").resolve(p.getKey()), p.getValue());
        }
        assertEquals(List.of("ChandyLamport", "ChandyLamportRepeated", "EpochAlignment", "PaxosCommit",
                        "ReplicatedShards", "TwoPhaseCommit", "TwoPhaseCommitRecovery"),
                r.pages().stream().map(Reader.SpecPage::name).toList());
        Reader.SpecPage tpc = r.pages().stream().filter(p -> p.name().equals("TwoPhaseCommit")).findFirst().orElseThrow();
        assertEquals(List.of("TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg",
                "RMRcvAbortMsg"), tpc.actions());
        assertTrue(tpc.methods().get("TMCommit").stream().anyMatch(c -> c.where().qualified().equals("TransactionManager.tmCommit(long)")),
                tpc.methods().get("TMCommit").toString());
        assertTrue(tpc.bugs().get("TMCommit").stream().anyMatch(b -> b.where().qualified().equals("BrokenCommit.CommitsOnMajority")
                && b.caughtBy().stream().anyMatch(t -> t.qualified().startsWith("SeededBugsTest."))));
        assertTrue(tpc.abstraction().isPresent());
        String page = pages.get("TwoPhaseCommit.html");
        assertTrue(page.contains("href=\"#java-TransactionManager-tmCommit\"") && page.contains("id=\"java-TransactionManager-tmCommit\""));
        assertTrue(page.contains("href=\"TwoPhaseCommitRecovery.html#spec-TMCommit\""), "a method implementing both specs links both");
    }

    @Test
    void eachWrongCitationIsOneLine() throws Exception {
        Files.createDirectories(tmp.resolve("specs"));
        Files.writeString(tmp.resolve("specs/Toy.tla"), """
                ---- MODULE Toy ----
                VARIABLE x
                (* Ping. *)
                Ping == x' = 1
                (* Pong. *)
                Pong == x' = 2
                Next == Ping \\/ Pong
                ====
                """);
        Path main = Files.createDirectories(tmp.resolve("main/toy"));
        Files.writeString(main.resolve("Node.java"), """
                package toy;
                class Node {
                    /** Implements {@code Toy!Ping}. */
                    void ping() {}
                    /** Implements {@code Toy!Ping}, again. */
                    void pingAgain() {}
                    /** Implements {@code Toy!Pang}. */
                    void pang() {}
                }
                """);
        Path test = Files.createDirectories(tmp.resolve("test/toy"));
        Files.writeString(test.resolve("Broken.java"), """
                package toy;
                /** Breaks {@code Toy!Pung}. */
                class Broken {}
                """);
        Reader.Result r = Reader.read(tmp, List.of(tmp.resolve("main")), List.of(tmp.resolve("test")));
        List<String> p = r.problems();
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("Node.pang()") && l.contains("cites Toy!Pang, which Toy.tla does not have")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("Node.ping() and Node.pingAgain() both claim Toy!Ping")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("Toy!Pong") && l.contains("has no Java method")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("Broken") && l.contains("breaks Toy!Pung")), p.toString());
        assertTrue(p.stream().noneMatch(l -> l.contains("\n")), "one line each");
    }

    @Test
    void aBrokenLinkIsOneLine() {
        Map<String, String> pages = Map.of(
                "index.html", "<a href=\"A.html\">a</a> <a href=\"B.html\">b</a> <a href=\"A.html#x\">x</a>",
                "A.html", "<h2 id=\"y\">y</h2><a href=\"#y\">here</a><a href=\"#z\">gone</a><img src=\"http://x/y.png\">");
        List<String> broken = LinkCheck.check(pages);
        assertEquals(4, broken.size(), broken.toString());
        assertTrue(broken.contains("index.html: link to B.html leads to no page of the reader"), broken.toString());
        assertTrue(broken.contains("index.html: link to A.html#x leads to no element with id x"), broken.toString());
        assertTrue(broken.contains("A.html: link to #z leads to no element with id z"), broken.toString());
        assertTrue(broken.stream().anyMatch(l -> l.startsWith("A.html: loads http://x/y.png")), broken.toString());
    }
}
