package io.hindsight.joiner;

import io.hindsight.contracts.json.Utf8;
import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.schema.FieldError;
import io.hindsight.contracts.schema.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a raw input record (feedback, predictions: any Kafka client can write them). A bad record keeps
 * its original key and bytes and gets the DLQ headers (reason, stage, source topic/partition/offset) on top
 * of the headers it came with; the headers are why this is a processor and not a mapValues.
 *
 * <p>Nothing a client writes can make it throw or produce a dead letter the producer would refuse (a
 * refused send kills the stream thread): bytes that are not UTF-8 are refused before the JSON parser (which
 * lets some through silently), a reader that throws refuses the record, the reason is capped, and a dead
 * letter over {@link #MAX_RECORD_BYTES} is cut to fit with {@link #TRUNCATED} naming the original sizes.
 */
final class ValidateRecordProcessor<T> implements FixedKeyProcessor<byte[], byte[], Checked<T>> {
    private static final Logger log = LoggerFactory.getLogger(ValidateRecordProcessor.class);
    /** Header on a dead letter whose key or value was cut to fit: "key=N,value=M", the original byte counts. */
    static final String TRUNCATED = "hindsight.dlq.truncated";
    static final int MAX_REASON_CHARS = 1_000;
    /** Under the producer's default max.request.size (1 MiB), with room for the record's framing. */
    static final int MAX_RECORD_BYTES = 1_000_000;
    private static final int DLQ_HEADER_ALLOWANCE = 16 * 1024;

    /** Reads one raw record; may fail with field errors (or throw: that is a refusal too). */
    @FunctionalInterface
    interface Reader<T> {
        Parsed<T> read(byte[] key, byte[] value, long recordTimestampMs);
    }

    private final Reader<T> reader;
    private final String sourceTopic;
    private FixedKeyProcessorContext<byte[], Checked<T>> context;

    ValidateRecordProcessor(Reader<T> reader, String sourceTopic) {
        this.reader = reader;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Checked<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Parsed<T> parsed = read(record);
        if (parsed.isOk() && parsed.value() != null) {
            context.forward(record.withValue(Checked.valid(parsed.value())));
            return;
        }
        String reason = reason(parsed.isOk() ? "$: nothing read" : parsed.reason());
        byte[] key = record.key();
        byte[] value = record.value();
        Headers headers = dlqHeaders(record.headers(), reason);
        int keyLength = key == null ? 0 : key.length;
        int valueLength = value == null ? 0 : value.length;
        int headerBytes = size(record.headers());
        int budget = MAX_RECORD_BYTES - DLQ_HEADER_ALLOWANCE;
        if (keyLength + valueLength + headerBytes > budget) {
            if (headerBytes > budget / 4) {
                headers = dlqHeaders(new RecordHeaders(), reason); // the client's own headers do not fit beside it
                headerBytes = 0;
            }
            int room = budget - headerBytes;
            int keyKept = Math.min(keyLength, room / 4);
            int valueKept = Math.min(valueLength, room - keyKept);
            headers.add(TRUNCATED, ("key=" + keyLength + ",value=" + valueLength).getBytes(StandardCharsets.UTF_8));
            key = key == null ? null : Arrays.copyOf(key, keyKept);
            value = value == null ? null : Arrays.copyOf(value, valueKept);
        }
        context.forward(record.withValue(Checked.<T>invalid(key, value, reason)).withHeaders(headers));
    }

    private Parsed<T> read(FixedKeyRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        int bad = value == null ? -1 : Utf8.firstInvalid(value);
        if (bad >= 0) {
            return Parsed.failed(List.of(new FieldError("$", "not UTF-8: invalid byte 0x"
                    + Integer.toHexString(value[bad] & 0xFF) + " at offset " + bad)));
        }
        try {
            return reader.read(record.key(), value, record.timestamp());
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("unreadable record on {}: {}", sourceTopic, e.toString());
            return Parsed.failed(List.of(new FieldError("$", "unreadable: " + e)));
        }
    }

    /** Never empty, at most {@link #MAX_REASON_CHARS} characters. */
    static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "rejected (no reason given)";
        }
        if (reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        String more = " ... (" + (reason.length() - MAX_REASON_CHARS) + " more characters)";
        return reason.substring(0, MAX_REASON_CHARS - more.length()) + more;
    }

    private Headers dlqHeaders(Headers original, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        Headers dlq = DlqHeaders.of(reason, FeedbackJoinTopology.STAGE,
                meta == null ? sourceTopic : meta.topic(),
                meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset());
        RecordHeaders merged = new RecordHeaders();
        for (Header h : original) {
            merged.add(h);
        }
        for (Header h : dlq) {
            merged.add(h);
        }
        return merged;
    }

    private static int size(Headers headers) {
        int size = 0;
        for (Header h : headers) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        return size;
    }

    @Override
    public void close() {
    }
}
