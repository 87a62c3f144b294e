/**
 * Space-time diagrams of traces: one line per node, time to the right, messages as arrows from send to receive, and
 * what each protocol adds (forced records, crashes and recoveries, a snapshot's recorded points and its cut, channels
 * blocked while a task aligns, ballots).
 *
 * <ul>
 *   <li>{@link ddm.conformance.diagram.SpaceTime}: the picture's model, before layout, knowing no protocol and no
 *       input format; {@link ddm.conformance.diagram.SpaceTimeBuilder} builds it a happening at a time, matching
 *       messages by key.
 *   <li>{@link ddm.conformance.diagram.Choreography}: what a protocol knows (which node takes a step, what it sends
 *       and takes), read off the spec's states around a step; one small class per protocol, registered once in
 *       {@link ddm.conformance.diagram.Choreographies}. {@link ddm.conformance.diagram.TraceDiagram} draws ITF traces
 *       through them; {@link ddm.conformance.diagram.EventLogDiagram} draws per-node event logs ({@code ddm.trace}),
 *       which say themselves who did what and which event a message came from.
 *   <li>{@link ddm.conformance.diagram.Layout} places everything (pure geometry, the tests hold it to the model);
 *       {@link ddm.conformance.diagram.Svg} draws it, {@link ddm.conformance.diagram.HtmlPage} wraps it in a page
 *       that steps through the trace with the keyboard and shows the spec state at the selected step.
 * </ul>
 *
 * <p>No dependency beyond the JDK and Jackson (already the harness's, for the page's embedded JSON): SVG and HTML are
 * text, and a picture that must open offline, in a browser or a README, should not need a library to exist. The page
 * holds its styles, data and script; it fetches nothing.
 */
package ddm.conformance.diagram;
