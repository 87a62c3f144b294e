package ddm.bank;

/**
 * The bank could not run for want of a working PostgreSQL: a missing binary, a server that will not start or
 * answer, a setting the bank needs (max_prepared_transactions). The message is one line that names the fix; the CLI
 * prints it as {@code error: ...} and exits 3 (the tools could not run).
 */
public final class PgSetupException extends Exception {

    public PgSetupException(String message) {
        super(message.replace('\n', ' '));
    }
}
