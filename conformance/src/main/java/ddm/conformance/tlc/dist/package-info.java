/**
 * TLC's distributed mode, for models past one machine: {@link ddm.conformance.tlc.dist.DistributedRun} starts a
 * {@code tlc2.tool.distributed.TLCServer} JVM ({@link ddm.conformance.tlc.dist.ServerMain}) and worker JVMs
 * ({@link ddm.conformance.tlc.dist.WorkerMain}, which the CLI's {@code tlc-worker} also runs on other hosts), stops
 * every one by its pid, and reads TLC's verdict off their output.
 *
 * <p>Dependencies: TLC itself (its server and worker, unchanged: the engine the issue asks for, rather than sharding
 * the state space ourselves) and the JDK's RMI, which TLC's distributed mode is built on; the only thing added to RMI
 * is a socket factory ({@link ddm.conformance.tlc.dist.RmiSockets}) that binds every listening socket to one address
 * and lets the server's registry take a port bound before TLC starts. The server and worker mains need nothing but
 * the JDK and TLC on their class path.
 */
package ddm.conformance.tlc.dist;
