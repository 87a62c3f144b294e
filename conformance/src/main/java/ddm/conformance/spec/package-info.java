/**
 * TLA+ modules read as text, as far as explanations and the reader need: operators with their parameters, the
 * comment above each (an action's sentence), its text, and which operators {@code Next} names and prime a variable.
 * SANY parses TLA+ properly, inside TLC's JVM; these readers only need what the project's layout of specs makes plain
 * (a definition in column 0, its body indented), and run in the harness's JVM without loading TLC.
 */
package ddm.conformance.spec;
