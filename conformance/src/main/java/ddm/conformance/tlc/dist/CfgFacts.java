package ddm.conformance.tlc.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** What the runner needs to know of a TLC config file that TLC's distributed server does not read from it. */
final class CfgFacts {

    private static final Pattern NO_DEADLOCK = Pattern.compile("(?m)^\\s*CHECK_DEADLOCK\\s+FALSE\\b");

    private CfgFacts() {}

    /** Whether the config leaves deadlock checking on (TLC's default): no {@code CHECK_DEADLOCK FALSE}. */
    static boolean checksDeadlock(Path cfg) throws IOException {
        return !NO_DEADLOCK.matcher(withoutComments(Files.readString(cfg, StandardCharsets.UTF_8))).find();
    }

    /** The text without {@code \*} line comments and {@code (* *)} block comments (not nested, as cfgs use them). */
    static String withoutComments(String cfg) {
        return cfg.replaceAll("(?s)\\(\\*.*?\\*\\)", " ").replaceAll("\\\\\\*[^\\n]*", "");
    }
}
