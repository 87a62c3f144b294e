package ddm.conformance.cli;

import ddm.conformance.diagram.DiagramFiles;
import ddm.conformance.reader.LinkCheck;
import ddm.conformance.reader.Reader;
import ddm.conformance.reader.ReaderPages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reader}: writes the spec-beside-code pages (static HTML, one per spec that Java cites, and an index) and
 * checks them: every action of such a spec has a method whose Javadoc says it implements it, no method cites an
 * action its spec does not have, no two methods of one class claim one action, no seeded bug names an unknown
 * action, and every link of the pages leads somewhere in them. Exit 0 when all holds, 1 with one line per problem.
 */
@Command(name = "reader", description = "Write the spec-beside-code pages and check them (citations, links).")
final class ReaderCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--out", description = "Where to write the pages (default: target/reader under the root).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path root = manifest.root();
        Reader.Result r = Reader.read(root);
        Map<String, String> pages = ReaderPages.render(r);
        List<String> problems = new ArrayList<>(r.problems());
        problems.addAll(LinkCheck.check(pages));
        Path dir = out != null ? out : root.resolve("target").resolve("reader");
        for (Map.Entry<String, String> p : pages.entrySet()) DiagramFiles.write(dir.resolve(p.getKey()), p.getValue());
        int actions = r.pages().stream().mapToInt(p -> p.actions().size()).sum();
        System.out.println("reader: " + r.pages().size() + " specs, " + actions + " actions, " + pages.size()
                + " pages written to " + root.relativize(dir.toAbsolutePath()) + "/index.html");
        problems.forEach(p -> System.out.println("error: " + p));
        return problems.isEmpty() ? Main.OK : Main.CHECK_FAILED;
    }
}
