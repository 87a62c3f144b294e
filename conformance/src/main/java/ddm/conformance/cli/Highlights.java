package ddm.conformance.cli;

import ddm.conformance.diagram.SpaceTime;
import ddm.conformance.itf.Values;
import ddm.conformance.replay.Divergence;
import ddm.conformance.validate.Validator;
import java.util.ArrayList;
import java.util.List;

/** The highlight a diagram gives a check's finding: the step, what went wrong, and the diff. */
final class Highlights {

    private Highlights() {}

    static SpaceTime.Highlight of(Divergence d) {
        List<String> lines = new ArrayList<>();
        if (!d.problem().isEmpty()) lines.add(d.problem());
        for (Divergence.VarDiff v : d.diffs()) {
            lines.add(v.var() + ": spec " + Values.show(v.expected()) + ", code "
                    + (v.actual() == null ? "(missing)" : Values.show(v.actual())));
        }
        return new SpaceTime.Highlight(d.step(), "divergence" + d.action().map(a -> " at " + a).orElse(""), lines);
    }

    static SpaceTime.Highlight of(Validator.Failure f) {
        List<String> lines = new ArrayList<>(List.of(f.problem(), "the spec allows: "
                + (f.allowed().isEmpty() ? "nothing" : f.allowed().stream().map(Object::toString).toList().toString())));
        lines.addAll(f.diff());
        return new SpaceTime.Highlight(f.step(), "not a step of the spec" + f.action().map(a -> ": " + a).orElse(""), lines);
    }
}
