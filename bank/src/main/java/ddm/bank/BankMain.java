package ddm.bank;

import ddm.conformance.validate.ClusterLogs;
import ddm.runtime.node.FaultPoints;
import ddm.runtime.proc.Nemesis;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ddm bank}: one run of the bank on three PostgreSQL shards with ddm's TM, the checkers, and the validation of
 * the nodes' event logs against the spec. {@code bin/ddm bank ...} runs it (bin/ddm stays the one launcher; this is
 * bank.jar's main).
 *
 * <pre>
 *   ddm bank [--seconds 20] [--seed 7] [--faults on|off] [--accounts 150] [--window 8] [--tm-batch 16]
 *            [--max-prepared 64] [--pg-bin DIR] [--dir DIR] [--validate MODEL|none] [--crash-points PLAN]
 * </pre>
 * {@code --crash-points} replaces the nemesis's crash points with {@code PLAN} (the cluster's form, e.g.
 * {@code after-force@RMPrepare/5}: each agent incarnation dies after one of its first 5 PREPARE TRANSACTIONs and before
 * its vote leaves); the rest of the nemesis stays.
 * Exit status: 0 every check passed, 1 a check failed (each violation printed), 2 bad input, 3 the tools could not run
 * (no PostgreSQL, a server that will not start, max_prepared_transactions 0).
 */
public final class BankMain {

    public static final int OK = 0, FAILED = 1, BAD_INPUT = 2, CANNOT_RUN = 3;

    static final String USAGE = "usage: ddm bank [--seconds 20] [--seed 7] [--faults on|off] [--accounts 150] "
            + "[--window 8] [--tm-batch 16] [--max-prepared 64] [--pg-bin DIR] [--dir DIR] [--validate MODEL|none] "
            + "[--crash-points PLAN]";

    private BankMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses, runs and reports; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        long seconds = 20, seed = 7;
        boolean faults = true;
        int accounts = 150, window = 8, tmBatch = 16, maxPrepared = 64;
        Path pgBin = null, dir = null;
        String validate = BankValidation.DEFAULT_MODEL;
        FaultPoints.Plan crashPoints = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(USAGE);
                    return OK;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unknown argument "
                            + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--seconds" -> seconds = positive(a, v);
                    case "--seed" -> seed = number(a, v);
                    case "--faults" -> faults = switch (v) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--faults is on or off, not " + v);
                    };
                    case "--accounts" -> accounts = (int) Math.max(positive(a, v), 0);
                    case "--window" -> window = (int) positive(a, v);
                    case "--tm-batch" -> tmBatch = (int) positive(a, v);
                    case "--max-prepared" -> maxPrepared = (int) number(a, v);
                    case "--pg-bin" -> pgBin = Path.of(v);
                    case "--dir" -> dir = Path.of(v);
                    case "--validate" -> validate = v;
                    case "--crash-points" -> crashPoints = FaultPoints.Plan.parse(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (accounts < Transfers.SHARDS) {
                throw new IllegalArgumentException("--accounts must be at least " + Transfers.SHARDS);
            }
            if (crashPoints != null && !faults) {
                throw new IllegalArgumentException("--crash-points needs --faults on");
            }
            if (maxPrepared < 0) {
                throw new IllegalArgumentException("--max-prepared must be at least 0, not " + maxPrepared);
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + " (" + USAGE.substring(7) + ")");
            return BAD_INPUT;
        }
        BankValidation validation = null;
        if (!validate.equals("none")) {
            validation = new BankValidation(BankValidation.root(Path.of(System.getProperty("ddm.root", "."))),
                    validate);
            String problem = validation.problem();
            if (problem != null) {
                err.println("error: " + problem);
                return BAD_INPUT;
            }
        }
        boolean keep = dir != null;
        try {
            Path runDir = keep ? dir : Files.createTempDirectory("ddm-bank-");
            BankRun.Options o = BankRun.Options.defaults(seconds, seed, faults, runDir)
                    .withSetup(accounts, window, maxPrepared, pgBin).withTmBatch(tmBatch);
            if (crashPoints != null) {
                Nemesis d = o.nemesis();
                o = o.withNemesis(new Nemesis(d.seed(), d.killMeanMillis(), d.downMinMillis(), d.downMaxMillis(),
                        crashPoints, d.link(), d.powerLoss(), d.writeback()));
            }
            out.println("seed " + seed + ", faults " + (faults ? "on" : "off")
                    + (crashPoints != null ? ", crash points " + crashPoints : ""));
            if (validation != null) {
                validation.exploreInBackground();
            }
            BankRun.Report r;
            try {
                r = BankRun.run(o, out::println);
                out.println(r.summary());
                List<String> violations = new ArrayList<>(r.violations());
                if (validation != null && !r.problems().stream().anyMatch(p -> p.startsWith("not every node"))) {
                    ClusterLogs.Result v = validation.validate(runDir);
                    out.println(v.summary() + String.format(Locale.ROOT, "; %s explored in %.1f s", validate,
                            validation.exploreSeconds()));
                    if (!v.passed()) {
                        v.rejected().forEach(out::println);
                        v.malformed().forEach(m -> out.println("malformed: " + m));
                        violations.add("the nodes' event logs are not a behaviour of " + validate);
                    }
                } else if (validation == null) {
                    out.println("the nodes' event logs are not validated (--validate none)");
                }
                if (!violations.isEmpty()) {
                    out.println(violations.size() + " violations (replay: bin/ddm bank --seconds " + seconds
                            + " --seed " + seed + " --faults " + (faults ? "on" : "off")
                            + (crashPoints != null ? " --crash-points " + crashPoints : "") + "):");
                    violations.forEach(x -> out.println("  " + x));
                    return FAILED;
                }
                out.println("no violation");
                return OK;
            } finally {
                if (!keep) {
                    PgServer.deleteTree(runDir);
                } else {
                    out.println("run kept in " + runDir);
                }
            }
        } catch (PgSetupException e) {
            err.println("error: " + e.getMessage());
            return CANNOT_RUN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return CANNOT_RUN;
        } catch (Exception e) {
            err.println("error: the bank could not run: " + e);
            return CANNOT_RUN;
        }
    }

    private static long number(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is not a number: " + v);
        }
    }

    private static long positive(String option, String v) {
        long n = number(option, v);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + n);
        }
        return n;
    }
}
