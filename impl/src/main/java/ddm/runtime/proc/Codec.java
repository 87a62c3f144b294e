package ddm.runtime.proc;

import java.io.IOException;

/**
 * A protocol's messages as the payload of a {@link ddm.runtime.net.Frame}. {@link #decode} throws on bytes that are
 * not a message of the protocol (the receiver drops them with a log line, as it does a frame that does not decode).
 *
 * @param <M> the protocol's wire message type
 */
public interface Codec<M> {

    byte[] encode(M message);

    M decode(byte[] payload) throws IOException;
}
