package ddm.conformance.cli;

import ddm.conformance.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar conformance/target/conformance.jar <command>}. Exit codes, for every command: 0 all good,
 * 1 a check failed (a model, a trace), 2 bad input (one line on stderr naming the problem, no stack trace).
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Model-check the specs and hold the Java code to them.",
        subcommands = {TlcCommand.class, GenerateCommand.class, ReplayCommand.class, CheckCommand.class,
                BenchCommand.class, ValidateCommand.class})
public final class Main {

    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, so tests can assert on the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof BadInputException) {
                line.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        // picocli's own usage errors (unknown option, missing parameter) are bad input too.
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
