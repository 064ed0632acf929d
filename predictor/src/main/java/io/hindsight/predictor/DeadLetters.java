package io.hindsight.predictor;

import io.hindsight.contracts.kafka.DlqHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Builds the dead letter of a rejected request so that sending it can never fail the batch. Whatever a
 * client wrote, the dead letter stays under the producer's max.request.size: the reason is capped
 * (a 512x512 bitmap of out-of-range values has 262,144 schema errors, 13 MB of text), and a key or value
 * too large to fit is cut, with {@link #TRUNCATED} naming the original size. A record the producer refuses
 * would abort every retry of its batch and stop the predictor for good.
 */
public final class DeadLetters {
    /** Header on a dead letter whose key or value was cut to fit: "key=N,value=M", the original byte counts. */
    public static final String TRUNCATED = "hindsight.dlq.truncated";
    /** Longest reason kept, in characters; the rest is summarised. */
    static final int MAX_REASON_CHARS = 1_000;
    /** The whole dead letter stays under this (producer max.request.size defaults to 1 MiB, with batch overhead). */
    static final int MAX_RECORD_BYTES = 1_000_000;
    /** Room kept for the headers (reason, stage, source) and the record's framing. */
    private static final int HEADER_ALLOWANCE = 16 * 1024;

    private DeadLetters() {
    }

    /** The reason as stored in the header: never empty, at most {@link #MAX_REASON_CHARS} characters. */
    public static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "rejected (no reason given)";
        }
        if (reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        String more = " ... (" + (reason.length() - MAX_REASON_CHARS) + " more characters)";
        return reason.substring(0, MAX_REASON_CHARS - more.length()) + more;
    }

    /** The dead letter of {@code source}: its key and value, the DLQ headers, cut to fit if need be. */
    public static ProducerRecord<byte[], byte[]> of(String dlqTopic, ConsumerRecord<byte[], byte[]> source, String reason,
                                                   String stage) {
        Headers headers = DlqHeaders.of(reason(reason), stage, source.topic(), source.partition(), source.offset());
        byte[] key = source.key();
        byte[] value = source.value();
        int budget = MAX_RECORD_BYTES - HEADER_ALLOWANCE;
        int keyLength = key == null ? 0 : key.length;
        int valueLength = value == null ? 0 : value.length;
        if (keyLength + valueLength > budget) {
            int keyKept = Math.min(keyLength, budget / 4);
            int valueKept = Math.min(valueLength, budget - keyKept);
            headers.add(TRUNCATED, ("key=" + keyLength + ",value=" + valueLength).getBytes(StandardCharsets.UTF_8));
            key = key == null ? null : Arrays.copyOf(key, keyKept);
            value = value == null ? null : Arrays.copyOf(value, valueKept);
        }
        return new ProducerRecord<>(dlqTopic, null, key, value, headers);
    }

    /** The size the producer will see, roughly: key, value and headers. */
    static int sizeOf(ProducerRecord<byte[], byte[]> r) {
        int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        for (Header h : r.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        return size;
    }
}
