package ddm.conformance.shrink;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Compiles test sources the shrinker wrote (with javax.tools, against this test's class path) and runs them with the
 * JUnit platform launcher, as a developer's build would once they are committed.
 */
public final class EmittedTests {

    private final URLClassLoader loader;

    private EmittedTests(URLClassLoader loader) {
        this.loader = loader;
    }

    /** Writes {@code sources} (fully qualified class name to source) under {@code dir} and compiles them there. */
    public static EmittedTests compile(Path dir, Map<String, String> sources) throws IOException {
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = dir.resolve("src").resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue(), StandardCharsets.UTF_8);
            files.add(f.toString());
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no Java compiler in this JVM (a JDK is needed, not a JRE)");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath(), "-Xlint:all",
                "-Werror", "--release", "17"));
        args.addAll(files);
        StringWriter err = new StringWriter();
        int code = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
            }
        }, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        if (code != 0) throw new AssertionError("the emitted test does not compile:\n" + err);
        return new EmittedTests(new URLClassLoader(new URL[] {classes.toUri().toURL()}, EmittedTests.class.getClassLoader()));
    }

    /** This test's class path: surefire's (which it keeps in a property), else the JVM's. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        return cp + File.pathSeparator + System.getProperty("java.class.path");
    }

    /** Runs the tests of class {@code name}; the summary says what passed and what failed, and why. */
    public TestExecutionSummary run(String name) throws ClassNotFoundException {
        Class<?> c = Class.forName(name, true, loader);
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(c)).build(), listener);
        return listener.getSummary();
    }
}
