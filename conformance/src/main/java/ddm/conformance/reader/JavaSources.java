package ddm.conformance.reader;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import ddm.conformance.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The declarations of Java source trees: each class, method and field, with its Javadoc comment (empty if none), its
 * role (the enclosing classes' simple names, {@code BrokenCommit.CommitsOnMajority}), where it is and
 * its source text. Parsed with the JDK's own compiler (parse only: no class path, no types), so that what counts as
 * a method and a comment is what javac says, not a pattern's guess.
 */
public final class JavaSources {

    /** A declaration. {@code body} is its source from its Javadoc (if any) to its end. */
    public record Declaration(Path file, int line, String role, String name, Kind kind, String doc, String body,
                              List<String> annotations) {
        public String qualified() {
            return kind == Kind.CLASS ? role : role + "." + name;
        }
    }

    public enum Kind { CLASS, METHOD, FIELD }

    private JavaSources() {}

    /** Every declaration under {@code roots} (folders of .java files; missing ones are skipped). */
    public static List<Declaration> scan(Path repoRoot, List<Path> roots) {
        List<Path> files = new ArrayList<>();
        for (Path r : roots) {
            if (!Files.isDirectory(r)) continue;
            try (Stream<Path> s = Files.walk(r)) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new BadInputException(r + ": cannot list (" + e.getMessage() + ")");
            }
        }
        if (files.isEmpty()) return List.of();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no Java compiler: the reader needs a JDK, not a JRE");
        List<Declaration> out = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, d -> {}, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            SourcePositions pos = docs.getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                Path file = repoRoot.relativize(Path.of(unit.getSourceFile().toUri()).toAbsolutePath().normalize());
                String text = unit.getSourceFile().getCharContent(true).toString();
                new TreePathScanner<Void, Void>() {
                    final Deque<String> classes = new ArrayDeque<>();

                    @Override
                    public Void visitClass(ClassTree c, Void v) {
                        classes.addLast(c.getSimpleName().toString());
                        add(c, Kind.CLASS, c.getSimpleName().toString(), c.getModifiers().getAnnotations().stream()
                                .map(Object::toString).toList());
                        super.visitClass(c, v);
                        classes.removeLast();
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree m, Void v) {
                        List<String> types = m.getParameters().stream().map(p -> p.getType().toString()).toList();
                        add(m, Kind.METHOD, m.getName() + "(" + String.join(", ", types) + ")",
                                m.getModifiers().getAnnotations().stream().map(Object::toString).toList());
                        return super.visitMethod(m, v);
                    }

                    @Override
                    public Void visitVariable(VariableTree f, Void v) {
                        if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree) {
                            add(f, Kind.FIELD, f.getName().toString(), List.of());
                        }
                        return super.visitVariable(f, v);
                    }

                    private void add(Tree t, Kind kind, String name, List<String> annotations) {
                        String doc = docs.getDocComment(getCurrentPath());
                        long start = pos.getStartPosition(unit, t), end = pos.getEndPosition(unit, t);
                        if (start < 0 || end < start) return;
                        int from = doc == null ? (int) start : Math.max(0, text.lastIndexOf("/**", (int) start));
                        from = text.lastIndexOf('\n', from) + 1;
                        String role = String.join(".", classes);
                        out.add(new Declaration(file, (int) unit.getLineMap().getLineNumber(start), role, name, kind,
                                doc == null ? "" : doc, text.substring(from, (int) end), annotations));
                    }
                }.scan(unit, null);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read Java sources: " + e.getMessage());
        }
        return out;
    }
}
