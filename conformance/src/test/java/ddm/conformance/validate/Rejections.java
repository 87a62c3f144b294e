package ddm.conformance.validate;

import ddm.conformance.events.EventValidator;
import ddm.conformance.events.LinearizationSearch;
import ddm.trace.Event;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What tests read off runs validated per node: where the rejected ones stopped, and what they did. */
final class Rejections {

    private Rejections() {}

    /** The next events at the frontier of every rejected instance, with why each could not be taken. */
    static List<LinearizationSearch.Pending> pending(ValidateRuns.Result r) {
        return r.verdicts().stream().flatMap(v -> v.rejected().stream()).flatMap(i -> i.frontier().pending().stream())
                .toList();
    }

    /** Whether some rejected run stopped at an event of {@code action} for a reason that mentions {@code why}. */
    static boolean stoppedAt(ValidateRuns.Result r, String action, String why) {
        return pending(r).stream().anyMatch(p -> p.action().equals(action) && p.why().contains(why));
    }

    /** Every action some recorded run logged. */
    static Set<String> actions(ValidateRuns v) {
        Set<String> out = new TreeSet<>();
        v.logs().forEach(l -> l.events().map(Event::action).forEach(out::add));
        return out;
    }

    /** The runs' reports, for assertion messages. */
    static String report(ValidateRuns.Result r) {
        return r.summary() + "\n" + String.join("\n", r.rejected()) + "\n" + r.problems();
    }

    static long rejectedRuns(ValidateRuns.Result r) {
        return r.verdicts().stream().filter(v -> !v.passed()).count();
    }

    static List<EventValidator.Verdict> rejectedVerdicts(ValidateRuns.Result r) {
        return r.verdicts().stream().filter(v -> !v.passed()).toList();
    }
}
