package ddm.conformance;

/** Input the tool cannot use (a malformed manifest, an unknown model name). The CLI prints its message alone. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
