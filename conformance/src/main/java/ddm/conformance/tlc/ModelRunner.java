package ddm.conformance.tlc;

import ddm.conformance.tlc.dist.DistributedRun;
import ddm.conformance.tlc.sim.SimulationRun;
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

    /**
     * How one model fared: a verdict, why when it failed, and what the verdict does not cover. {@code simulated}: the
     * run was a TLC simulation, whose distinct states are those it reached, not a count of the model's.
     */
    public record Outcome(Model model, TlcRun.Result result, List<String> problems, List<String> notes,
                          boolean simulated) {
        public Outcome(Model model, TlcRun.Result result, List<String> problems) {
            this(model, result, problems, List.of(), false);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Which models run in TLC's simulation mode: those without a count (by default), every one that has an entry. */
    public enum Simulate { UNCOUNTED, ALWAYS, NEVER }

    /**
     * @param progressSeconds how often to print the progress of models running at least that long (0: never)
     * @param distributed     run each model with TLC's distributed mode, with these settings
     * @param simulate        which models with a {@code simulation} entry run it instead of an exhaustive search
     */
    public record Options(int progressSeconds, Optional<DistributedRun.Settings> distributed, Simulate simulate) {
        public static final int DEFAULT_PROGRESS_SECONDS = 10;

        public Options(int progressSeconds, Optional<DistributedRun.Settings> distributed) {
            this(progressSeconds, distributed, Simulate.UNCOUNTED);
        }

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

    /** Whether {@code m} runs in TLC's simulation mode under these options. */
    boolean simulates(Model m) {
        return m.simulation().isPresent() && switch (options.simulate()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case UNCOUNTED -> m.distinctStates().isEmpty();
        };
    }

    /** Runs {@code m} as the options say (simulation, distributed, or one TLC JVM) and judges the run. */
    private Outcome runOne(Model m) throws Exception {
        Path dir = runsDir.resolve(m.name());
        running.put(m.name(), new Running(dir.resolve("tlc.log"), System.nanoTime()));
        try {
            long reportMillis = Math.max(1000L, options.progressSeconds() * 500L); // half the runner's interval
            if (options.progressSeconds() <= 0) reportMillis = 0;
            if (simulates(m)) {
                return judgeSimulated(m, SimulationRun.run(m, root, dir, m.simulation().get(), reportMillis));
            }
            if (options.distributed().isPresent()) {
                DistributedRun.Settings d = options.distributed().get();
                return judgeDistributed(m, DistributedRun.run(m, root, dir, new DistributedRun.Settings(d.workers(),
                        d.address(), d.port(), reportMillis == 0 ? 60_000 : reportMillis)));
            }
            return judge(m, TlcRun.run(m, root, dir, reportMillis));
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
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Model m : models) {
            futures.add(pool.submit(() -> {
                int need = Math.min(cores, m.workers());
                coresFree.acquire(need);
                try {
                    return runOne(m);
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
            String states = o.result().distinctStates().isEmpty() ? "-"
                    : o.simulated() ? String.format(Locale.ROOT, "not counted (simulation: %,d reached by %,d "
                            + "behaviours)", o.result().distinctStates().getAsLong(), m.simulation().get().behaviours())
                    : String.format(Locale.ROOT, "%,d", o.result().distinctStates().getAsLong());
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %s |%n", m.name(),
                    m.tier().name().toLowerCase(Locale.ROOT),
                    m.expect().word() + m.violates().map(v -> " (" + v + ")").orElse(""),
                    states, o.result().seconds(), m.shows().replace("|", "\\|")));
        }
        return sb.toString();
    }

    /**
     * Judges a run of TLC's distributed mode: as {@link #judge}, except that the distinct-state count is compared
     * only for a model expected to pass (a failing model stops at a count that depends on the workers' timing), and
     * the outcome notes that temporal properties were not checked when the model has any.
     */
    public static Outcome judgeDistributed(Model m, TlcRun.Result r) {
        Model counted = m.expect() == Model.Expect.PASS ? m : m.withoutCount();
        Outcome o = judge(counted, r);
        List<String> notes = new ArrayList<>();
        notes.add("TLC's distributed mode checked invariants and action properties, not temporal properties (liveness)");
        return new Outcome(m, r, o.problems(), notes, false);
    }

    /**
     * Judges a TLC simulation of {@code m}: the verdict as {@link #judge} (with no count to compare), and the distinct
     * states reached against the entry's {@code reached}, which the same seed reproduces.
     */
    public static Outcome judgeSimulated(Model m, SimulationRun.Result r) {
        Model.Simulation sim = m.simulation().orElseThrow();
        List<String> problems = new ArrayList<>(judge(m.withoutCount(), r.tlc()).problems());
        if (problems.isEmpty() && sim.reached().isPresent() && !sim.reached().equals(r.tlc().distinctStates())) {
            problems.add("distinct states reached changed: manifest says " + sim.reached().getAsLong()
                    + ", the simulation reached " + (r.tlc().distinctStates().isPresent()
                    ? r.tlc().distinctStates().getAsLong() : "none") + " (update specs/models.json if intended)");
        }
        String note = String.format(Locale.ROOT, "TLC simulation, not a count: %,d behaviours of at most %d steps "
                + "(seed %d) checked %,d states and reached %,d distinct ones", sim.behaviours(), sim.depth(),
                sim.seed(), r.statesChecked(), r.tlc().distinctStates().orElse(0));
        return new Outcome(m, r.tlc(), problems, List.of(note), true);
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
        String states = r.distinctStates().isPresent() ? Long.toString(r.distinctStates().getAsLong()) : "-";
        if (o.simulated()) states = "sim " + states; // reached, not counted
        return String.format(Locale.ROOT, "%-34s %-9s %-9s %12s %6s %8.1f  %s", o.model().name(), o.model().expect().word(),
                actual, states,
                r.depth().isPresent() ? Long.toString(r.depth().getAsLong()) : "-", r.seconds(),
                o.ok() ? "ok" : "FAILED");
    }
}
