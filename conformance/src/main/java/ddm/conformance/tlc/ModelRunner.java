package ddm.conformance.tlc;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs a selection of the manifest's models with TLC and judges each against its entry: the expected outcome (TLC's
 * exit code), the property a failing model must violate, and the distinct-state count. Prints one row per model in
 * manifest order and a last line {@code N passed, M failed}.
 *
 * <p>Models run side by side, as many worker threads in all as there are cores; each model's TLC uses its entry's
 * {@code workers} (one by default, which keeps a failing model's counts deterministic).
 */
public final class ModelRunner {

    /** How one model fared: a verdict, and why when it failed. */
    public record Outcome(Model model, TlcRun.Result result, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Path root;
    private final Path runsDir;
    private final int cores;

    public ModelRunner(Path root, Path runsDir, int cores) {
        this.root = root;
        this.runsDir = runsDir;
        this.cores = Math.max(1, cores);
    }

    /** Runs every model, printing rows to {@code out} in manifest order; returns the outcomes. */
    public List<Outcome> runAll(List<Model> models, PrintStream out) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        out.println(header());
        Semaphore coresFree = new Semaphore(cores);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(cores, Math.max(1, models.size())));
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Model m : models) {
            futures.add(pool.submit(() -> {
                int need = Math.min(cores, m.workers());
                coresFree.acquire(need);
                try {
                    return judge(m, TlcRun.run(m, root, runsDir.resolve(m.name())));
                } finally {
                    coresFree.release(need);
                }
            }));
        }
        int failed = 0;
        try {
            for (Future<Outcome> f : futures) {
                Outcome o;
                try {
                    o = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("could not run TLC: " + e.getCause().getMessage(), e.getCause());
                }
                out.println(row(o));
                outcomes.add(o);
                if (!o.ok()) {
                    failed++;
                    for (String p : o.problems()) out.println("    " + p);
                    out.println("    TLC's output: " + root.relativize(o.result().log().toAbsolutePath()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        out.printf(Locale.ROOT, "%d passed, %d failed%n", models.size() - failed, failed);
        return outcomes;
    }

    /** The outcomes as a Markdown table, for README.md. */
    public static String markdown(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("| model | tier | expected | distinct states | seconds | what it shows |\n")
                .append("|---|---|---|---:|---:|---|\n");
        for (Outcome o : outcomes) {
            Model m = o.model();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %s |%n", m.name(),
                    m.tier().name().toLowerCase(Locale.ROOT),
                    m.expect().word() + m.violates().map(v -> " (" + v + ")").orElse(""),
                    o.result().distinctStates().isPresent() ? String.format(Locale.ROOT, "%,d",
                            o.result().distinctStates().getAsLong()) : "-",
                    o.result().seconds(), m.shows().replace("|", "\\|")));
        }
        return sb.toString();
    }

    /** Compares TLC's report with the entry. Pure, so the judging rules are tested without TLC. */
    static Outcome judge(Model m, TlcRun.Result r) {
        List<String> problems = new ArrayList<>();
        Optional<Model.Expect> actual = Model.Expect.ofExitCode(r.exitCode());
        if (actual.isEmpty()) {
            problems.add("TLC exited with " + r.exitCode() + " (" + describeExit(r.exitCode()) + "), expected "
                    + m.expect().word());
        } else if (actual.get() != m.expect()) {
            problems.add("expected " + m.expect().word() + ", TLC reported " + actual.get().word()
                    + r.violated().map(v -> " (" + v + ")").orElse(""));
        } else if (m.violates().isPresent() && !m.violates().equals(r.violated())) {
            problems.add("expected a violation of " + m.violates().get() + ", TLC reported "
                    + r.violated().orElse("no named property"));
        }
        if (problems.isEmpty() && m.distinctStates().isPresent()
                && !m.distinctStates().equals(r.distinctStates())) {
            problems.add("distinct states changed: manifest says " + m.distinctStates().getAsLong() + ", TLC found "
                    + (r.distinctStates().isPresent() ? r.distinctStates().getAsLong() : "none")
                    + " (update specs/models.json if the change is intended)");
        }
        return new Outcome(m, r, problems);
    }

    static String describeExit(int code) {
        return switch (code) {
            case 10 -> "assumption violated";
            case 14 -> "assertion failed";
            case 75 -> "evaluation error";
            case 150 -> "parse error";
            case 151 -> "config error";
            case 255 -> "TLC crashed";
            default -> "unexpected exit code";
        };
    }

    static String header() {
        return String.format(Locale.ROOT, "%-34s %-9s %-9s %12s %6s %8s", "MODEL", "EXPECTED", "ACTUAL", "STATES",
                "DEPTH", "SECONDS");
    }

    static String row(Outcome o) {
        TlcRun.Result r = o.result();
        String actual = Model.Expect.ofExitCode(r.exitCode()).map(Model.Expect::word).orElse("exit " + r.exitCode());
        return String.format(Locale.ROOT, "%-34s %-9s %-9s %12s %6s %8.1f  %s", o.model().name(), o.model().expect().word(),
                actual, r.distinctStates().isPresent() ? Long.toString(r.distinctStates().getAsLong()) : "-",
                r.depth().isPresent() ? Long.toString(r.depth().getAsLong()) : "-", r.seconds(),
                o.ok() ? "ok" : "FAILED");
    }
}
