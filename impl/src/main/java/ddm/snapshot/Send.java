package ddm.snapshot;

/** An output of a protocol step: put {@code message} at the tail of {@code channel}. The node never sends itself. */
public record Send(Channel channel, Message message) {

    @Override
    public String toString() {
        return channel + " " + message;
    }
}
