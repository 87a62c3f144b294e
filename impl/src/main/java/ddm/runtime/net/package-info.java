/**
 * The one transport every protocol's node processes use: framed, versioned, checksummed messages ({@link
 * ddm.runtime.net.Frame}) over TCP on 127.0.0.1, each carrying the sender's vector clock; per-peer bounded send
 * queues ({@link ddm.runtime.net.SendQueue}) written by one thread per link, reconnecting with jittered backoff
 * ({@link ddm.runtime.net.Backoff}); a {@link ddm.runtime.net.ConnectionTable} of live connections; and the link
 * faults of the nemesis ({@link ddm.runtime.net.LinkFaults}), applied where messages leave.
 *
 * <p>Why the JDK's sockets and not Netty. A cluster here has a handful of nodes, each with one connection per peer
 * each way: a thread per connection costs nothing at that size, and blocking I/O keeps the code a reader can check
 * in one sitting (a read loop, a write loop). Netty's strengths (event loops serving thousands of connections, pooled
 * buffers, pipelines of codecs) buy nothing at this size and would add a dependency to {@code impl}, whose protocol
 * code depends on nothing, plus its own threads and class loading to every node's start-up, which the tests pay per
 * process. The parts that are concurrent (send queues, the connection table as reconnects and shutdown race) are
 * small classes of their own, each checked by Lincheck with a racy twin Lincheck must reject.
 */
package ddm.runtime.net;
