/**
 * The specs beside the code ({@code make reader}): static pages that put each spec action beside the Java methods
 * that implement it, found by their Javadoc, with the abstraction function and the seeded bugs of the action; and the
 * check that comes with them (every action of a cited spec has a method, no citation names a missing action, no class
 * claims an action twice, every link of the pages leads somewhere in them).
 *
 * <p>Java is read with the JDK's own compiler, parse only ({@code com.sun.source}, in every JDK this project builds
 * with): what counts as a method and its Javadoc is javac's answer, not a pattern's guess, and no parser library is
 * needed. The specs are read as text ({@code ddm.conformance.spec}).
 */
package ddm.conformance.reader;
