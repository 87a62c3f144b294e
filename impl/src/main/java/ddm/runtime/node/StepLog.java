package ddm.runtime.node;

import ddm.trace.NodeRecorder;

import java.util.List;
import java.util.Map;

/**
 * A node's event log and vector clock as its driver uses them (events.md): merge the clock of every message delivered,
 * then, per step, tick, append the event and stamp the step's messages with the clock returned. One per node, used by
 * the node's driver thread only. {@link #NONE} keeps no clock and logs nothing (a run nobody validates);
 * {@link #of(NodeRecorder)} writes through {@code ddm.trace}.
 */
public interface StepLog {

    /** A message carrying {@code senderClock} was delivered to the node (whether or not it causes a step). */
    void received(Map<String, Long> senderClock);

    /**
     * Ticks the node's clock, logs {@code event} (which consumed the messages sent by the events {@code from}) and
     * returns the clock to stamp the step's sends with.
     */
    Map<String, Long> step(StepEvent event, List<String> from);

    /** The node's clock now. */
    Map<String, Long> clock();

    StepLog NONE = new StepLog() {
        @Override
        public void received(Map<String, Long> senderClock) {
        }

        @Override
        public Map<String, Long> step(StepEvent event, List<String> from) {
            return Map.of();
        }

        @Override
        public Map<String, Long> clock() {
            return Map.of();
        }
    };

    /** Logs through {@code recorder} (its sink: a node's NDJSON file, or memory). */
    static StepLog of(NodeRecorder recorder) {
        return new StepLog() {
            @Override
            public void received(Map<String, Long> senderClock) {
                recorder.received(senderClock);
            }

            @Override
            public Map<String, Long> step(StepEvent e, List<String> from) {
                return recorder.step(e.action(), e.params(), e.instance(), e.vars(), e.sent(), e.received(), from);
            }

            @Override
            public Map<String, Long> clock() {
                return recorder.clock();
            }
        };
    }
}
