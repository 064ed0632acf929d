package io.hindsight.rps;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One record the game processor writes: the destination topic and the value already serialized with that
 * topic's contract serde. One sink with a topic-name extractor takes them all, so a processor can write a
 * view, feedback, a training example and a request for one step in the order it decides.
 *
 * @param topic the destination, or {@link #REROUTE} for a keyless command to re-key by its game id
 */
record Emit(String topic, byte[] value) {
    /** Not a legal topic name (spaces, parentheses): it cannot collide with one. */
    static final String REROUTE = "(re-key by game id)";

    /** Emits are only written, never read back. */
    static final Serde<Emit> SERDE = Serdes.serdeFrom((topic, e) -> e == null ? null : e.value(), (topic, bytes) -> {
        throw new UnsupportedOperationException("Emit is write-only");
    });

    static Emit reroute(byte[] raw) {
        return new Emit(REROUTE, raw);
    }

    boolean rerouted() {
        return REROUTE.equals(topic);
    }
}
