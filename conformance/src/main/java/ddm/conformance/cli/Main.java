package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/ddm <command>}, which runs {@code java -jar conformance/target/conformance.jar <command>}. Exit codes,
 * for every command: 0 all good, 1 a check failed (a model, a trace), 2 bad input (one line on stderr naming the
 * problem, no stack trace), 3 the tools could not run (TLC could not load a spec, a file could not be read or
 * written; one line on stderr too).
 */
@Command(name = "ddm", mixinStandardHelpOptions = true,
        description = "Model-check the specs and hold the Java code to them.",
        subcommands = {TlcCommand.class, GenerateCommand.class, ReplayCommand.class, CheckCommand.class,
                BenchCommand.class, ValidateCommand.class, TlcWorkerCommand.class, DiagramCommand.class,
                ExplainCommand.class, ShrinkCommand.class, ReaderCommand.class,
                ClusterCommand.class, SoakCommand.class},
        // The bank is a module of its own (it needs PostgreSQL); bin/ddm runs its jar for this word.
        footer = {"", "  bank       PostgreSQL shards driven by ddm's TM (bin/ddm bank --help)."})
public final class Main {

    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int TOOL_FAILED = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, so tests can assert on the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Every command answers --help (bin/ddm replay --help prints the mapping format).
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof BadInputException) {
                line.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                line.getErr().println("error: " + e.getMessage());
                return TOOL_FAILED;
            }
            throw e; // a bug of the harness itself: its stack trace is what its author needs
        });
        // picocli's own usage errors (unknown option, missing parameter) are bad input too.
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
