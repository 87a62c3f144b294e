package ddm.conformance.tlc;

import ddm.conformance.tlc.dist.DistributedRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@code workers} (one by default, which keeps a failing model's counts deterministic). With
 * {@link Options#distributed} set, each model runs in TLC's distributed mode instead ({@link DistributedRun}), one
 * at a time.
 *
 * <p>While models run, every {@link Options#progressSeconds} a line per model that has run that long says how far it
 * got ({@link Progress}, read from its TLC log), so that a long run is not silent and a short one prints nothing more.
 */
public final class ModelRunner {

    /** How one model fared: a verdict, why when it failed, and what the verdict does not cover. */
    public record Outcome(Model model, TlcRun.Result result, List<String> problems, List<String> notes) {
        public Outcome(Model model, TlcRun.Result result, List<String> problems) {
            this(model, result, problems, List.of());
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * @param progressSeconds how often to print the progress of models running at least that long (0: never)
     * @param distributed     run each model with TLC's distributed mode, with these settings
     */
    public record Options(int progressSeconds, Optional<DistributedRun.Settings> distributed) {
        public static final int DEFAULT_PROGRESS_SECONDS = 10;

        public static Options defaults() {
            return new Options(DEFAULT_PROGRESS_SECONDS, Optional.empty());
        }
    }

    private final Path root;
    private final Path runsDir;
    private final int cores;
    private final Options options;
    /** The models running now: their TLC logs and when they started. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private record Running(Path log, long startNanos) {}

    /** Registers a running model as {@link #runAll} does (for tests of the progress report). */
    void running(String name, Path log, long startNanos) {
        running.put(name, new Running(log, startNanos));
    }

    public ModelRunner(Path root, Path runsDir, int cores) {
        this(root, runsDir, cores, Options.defaults());
    }

    public ModelRunner(Path root, Path runsDir, int cores, Options options) {
        this.root = root;
        this.runsDir = runsDir;
        this.cores = options.distributed().isPresent() ? 1 : Math.max(1, cores);
        this.options = options;
    }

    /** Whether TLC's distributed mode can check what {@code m} expects: it checks no liveness. */
    public static boolean distributable(Model m) {
        return m.expect() != Model.Expect.LIVENESS;
    }

    private TlcRun.Result runOne(Model m) throws Exception {
        Path dir = runsDir.resolve(m.name());
        running.put(m.name(), new Running(dir.resolve("tlc.log"), System.nanoTime()));
        try {
            long reportMillis = Math.max(1000L, options.progressSeconds() * 500L); // half the runner's interval
            if (options.progressSeconds() <= 0) reportMillis = 0;
            if (options.distributed().isPresent()) {
                DistributedRun.Settings d = options.distributed().get();
                return DistributedRun.run(m, root, dir, new DistributedRun.Settings(d.workers(), d.address(), d.port(),
                        reportMillis == 0 ? 60_000 : reportMillis));
            }
            return TlcRun.run(m, root, dir, reportMillis);
        } finally {
            running.remove(m.name());
        }
    }

    /** Prints a progress line for each model that has run at least one interval; called every interval. */
    private void reportProgress(PrintStream out) {
        reportProgress(out, System.nanoTime());
    }

    /** As the above, at time {@code now} (System.nanoTime's clock): what tests call, with a model started by hand. */
    void reportProgress(PrintStream out, long now) {
        running.forEach((name, r) -> {
            long seconds = (now - r.startNanos()) / 1_000_000_000L;
            if (seconds < options.progressSeconds()) return;
            String line = Progress.latest(r.log()).map(Progress::describe).orElse("starting (parsing, initial states)");
            synchronized (out) {
                out.printf(Locale.ROOT, "  ... %s, %d s: %s%n", name, seconds, line);
            }
        });
    }

    /** Runs every model, printing rows to {@code out} in manifest order; returns the outcomes. */
    public List<Outcome> runAll(List<Model> models, PrintStream out) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        out.println(header());
        Semaphore coresFree = new Semaphore(cores);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(cores, Math.max(1, models.size())));
        boolean distributed = options.distributed().isPresent();
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Model m : models) {
            futures.add(pool.submit(() -> {
                int need = Math.min(cores, m.workers());
                coresFree.acquire(need);
                try {
                    return distributed ? judgeDistributed(m, runOne(m)) : judge(m, runOne(m));
                } finally {
                    coresFree.release(need);
                }
            }));
        }
        java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tlc-progress");
            t.setDaemon(true);
            return t;
        });
        if (options.progressSeconds() > 0) {
            ticker.scheduleAtFixedRate(() -> reportProgress(out), options.progressSeconds(), options.progressSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS);
        }
        int failed = 0;
        try {
            for (Future<Outcome> f : futures) {
                Outcome o;
                try {
                    o = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof ddm.conformance.BadInputException b) throw b;
                    throw new IllegalStateException("could not run TLC: " + e.getCause().getMessage(), e.getCause());
                }
                synchronized (out) {
                    out.println(row(o));
                    for (String n : o.notes()) out.println("    note: " + n);
                    outcomes.add(o);
                    if (!o.ok()) {
                        failed++;
                        for (String p : o.problems()) out.println("    " + p);
                        out.println("    TLC's output: " + root.relativize(o.result().log().toAbsolutePath()));
                    }
                }
            }
        } finally {
            ticker.shutdownNow();
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

    /**
     * Judges a run of TLC's distributed mode: as {@link #judge}, except that the distinct-state count is compared
     * only for a model expected to pass (a failing model stops at a count that depends on the workers' timing), and
     * the outcome notes that temporal properties were not checked when the model has any.
     */
    public static Outcome judgeDistributed(Model m, TlcRun.Result r) {
        Model counted = m.expect() == Model.Expect.PASS ? m : new Model(m.name(), m.module(), m.config(), m.expect(),
                m.tier(), java.util.OptionalLong.empty(), m.violates(), m.workers(), m.shows(), m.protocol(), m.walks());
        Outcome o = judge(counted, r);
        List<String> notes = new ArrayList<>();
        notes.add("TLC's distributed mode checked invariants and action properties, not temporal properties (liveness)");
        return new Outcome(m, r, o.problems(), notes);
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
