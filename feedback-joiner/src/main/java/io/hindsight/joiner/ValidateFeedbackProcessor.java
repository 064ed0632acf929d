package io.hindsight.joiner;

import io.hindsight.contracts.kafka.DlqHeaders;
import io.hindsight.contracts.schema.Parsed;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Validates raw feedback against the task's schema. A bad record keeps its original key and bytes and gets
 * the DLQ headers (reason, stage, source topic/partition/offset) on top of the headers it came with; the
 * headers are why this is a processor and not a mapValues.
 */
final class ValidateFeedbackProcessor implements FixedKeyProcessor<byte[], byte[], CheckedFeedback> {
    private final TaskProfile profile;
    private final String sourceTopic;
    private FixedKeyProcessorContext<byte[], CheckedFeedback> context;

    ValidateFeedbackProcessor(TaskProfile profile, String sourceTopic) {
        this.profile = profile;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], CheckedFeedback> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Parsed<GroundTruth> parsed = profile.reader().read(record.value(), record.timestamp());
        if (parsed.isOk()) {
            context.forward(record.withValue(CheckedFeedback.valid(parsed.value())));
            return;
        }
        String reason = parsed.reason();
        context.forward(record.withValue(CheckedFeedback.invalid(record.value(), reason))
                .withHeaders(dlqHeaders(record.headers(), reason)));
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

    @Override
    public void close() {
    }
}
