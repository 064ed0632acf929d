package io.hindsight.contracts.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Headers carried by every record on a {@code <topic>.dlq}: why, and where it came from. */
public final class DlqHeaders {
    public static final String REASON = "hindsight.dlq.reason";
    public static final String SOURCE_TOPIC = "hindsight.dlq.source.topic";
    public static final String SOURCE_PARTITION = "hindsight.dlq.source.partition";
    public static final String SOURCE_OFFSET = "hindsight.dlq.source.offset";
    public static final String STAGE = "hindsight.dlq.stage";

    private DlqHeaders() {
    }

    public static Headers of(String reason, String stage, String topic, int partition, long offset) {
        RecordHeaders h = new RecordHeaders();
        h.add(REASON, bytes(reason));
        h.add(STAGE, bytes(stage));
        h.add(SOURCE_TOPIC, bytes(topic));
        h.add(SOURCE_PARTITION, bytes(Integer.toString(partition)));
        h.add(SOURCE_OFFSET, bytes(Long.toString(offset)));
        return h;
    }

    public static String reason(Headers headers) {
        var h = headers.lastHeader(REASON);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
